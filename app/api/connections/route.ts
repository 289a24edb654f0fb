import { ZConnectionInput } from '@/lib/connection-admin';
import { guarded } from '@/server/auth/guard';
import { answer } from '@/server/http/admin-answer';
import { readJson } from '@/server/http/read-json';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

export const GET = guarded('admin', () => Response.json({ connections: getRuntime().connections.list() }));

/** Adds a connection (saved in SQLite) and starts it. */
export const POST = guarded('admin', async (request, _context, { principal, ip }) => {
  const body = await readJson(request, ZConnectionInput);
  if (!body.ok) return body.response;
  const { connections, audit } = getRuntime();
  const result = await connections.create(body.data);
  audit.record(principal, ip, {
    action: 'connection.create',
    result: result.ok ? 'ok' : 'failed',
    target: typeof body.data.id === 'string' ? body.data.id : null,
    detail: result.ok ? `${result.value.vendor}, ${result.value.enabled ? 'enabled' : 'disabled'}` : result.error,
  });
  return answer(result, 'connection', 201);
});
