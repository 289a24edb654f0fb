import { ZHookInput } from '@/lib/hook-admin';
import { guarded } from '@/server/auth/guard';
import { hookAnswer } from '@/server/http/admin-answer';
import { readJson } from '@/server/http/read-json';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string; number: string; hookId: string }> };

export const PUT = guarded('admin', async (request, context: Context, { principal, ip }) => {
  const { id, number, hookId } = await context.params;
  const body = await readJson(request, ZHookInput);
  if (!body.ok) return body.response;
  const { hooks, audit } = getRuntime();
  const result = await hooks.update(id, number, hookId, body.data);
  audit.record(principal, ip, {
    action: 'hook.update',
    result: result.ok ? 'ok' : 'failed',
    target: `${id} ${number} hook ${hookId}`,
    detail: result.ok ? `→ ${result.value.url}` : result.body.error,
  });
  return hookAnswer(result, 'hook');
});

export const DELETE = guarded('admin', async (_request, context: Context, { principal, ip }) => {
  const { id, number, hookId } = await context.params;
  const { hooks, audit } = getRuntime();
  const result = await hooks.remove(id, number, hookId);
  audit.record(principal, ip, { action: 'hook.delete', result: result.ok ? 'ok' : 'failed', target: `${id} ${number} hook ${hookId}`, detail: result.ok ? null : result.body.error });
  return result.ok ? new Response(null, { status: 204 }) : hookAnswer(result, 'hook');
});
