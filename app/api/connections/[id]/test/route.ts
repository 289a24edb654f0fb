import { guarded } from '@/server/auth/guard';
import { answer } from '@/server/http/admin-answer';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

/** "Test connection" on a known connection (saved, config file or demo) with its stored settings. */
export const POST = guarded('admin', async (_request, context: Context, { principal, ip }) => {
  const { id } = await context.params;
  const { connections, audit } = getRuntime();
  const result = await connections.testKnown(id);
  audit.record(principal, ip, {
    action: 'connection.test',
    result: result.ok && result.value.ok ? 'ok' : 'failed',
    target: id,
    detail: result.ok ? result.value.message : result.error,
  });
  return answer(result, 'result');
});
