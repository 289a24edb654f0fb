import { guarded } from '@/server/auth/guard';
import { hookAnswer } from '@/server/http/admin-answer';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string; number: string }> };

/** "Send this extension's call events to Linesight": creates only what is missing, so it is safe to repeat. */
export const POST = guarded('admin', async (_request, context: Context, { principal, ip }) => {
  const { id, number } = await context.params;
  const { hooks, audit } = getRuntime();
  const result = await hooks.ensureOurs(id, number);
  audit.record(principal, ip, {
    action: 'hooks.ensure',
    result: result.ok && result.value.ok ? 'ok' : 'failed',
    target: `${id} ${number}`,
    detail: result.ok ? result.value.message : result.body.error,
  });
  return hookAnswer(result, 'result');
});

/** Removes every hook of ours from this extension. */
export const DELETE = guarded('admin', async (_request, context: Context, { principal, ip }) => {
  const { id, number } = await context.params;
  const { hooks, audit } = getRuntime();
  const result = await hooks.removeOurs(id, number);
  audit.record(principal, ip, {
    action: 'hooks.remove',
    result: result.ok && result.value.ok ? 'ok' : 'failed',
    target: `${id} ${number}`,
    detail: result.ok ? result.value.message : result.body.error,
  });
  return hookAnswer(result, 'result');
});
