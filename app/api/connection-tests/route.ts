import { ZConnectionInput } from '@/lib/connection-admin';
import { guarded } from '@/server/auth/guard';
import { answer } from '@/server/http/admin-answer';
import { readJson } from '@/server/http/read-json';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** "Test connection" on the add/edit form's values: a real round trip, saved nothing. */
export const POST = guarded('admin', async (request, _context, { principal, ip }) => {
  const body = await readJson(request, ZConnectionInput);
  if (!body.ok) return body.response;
  const { connections, audit } = getRuntime();
  const result = await connections.test(body.data);
  audit.record(principal, ip, {
    action: 'connection.test',
    result: result.ok && result.value.ok ? 'ok' : 'failed',
    target: typeof body.data.id === 'string' ? body.data.id : null,
    detail: result.ok ? `${body.data.vendor}: ${result.value.message}` : result.error,
  });
  return answer(result, 'result');
});
