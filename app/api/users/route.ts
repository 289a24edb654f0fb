import { ZCreateUserInput } from '@/lib/auth-types';
import { guarded } from '@/server/auth/guard';
import { readJson } from '@/server/http/read-json';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

export const GET = guarded('admin', () => Response.json({ users: getRuntime().users.list() }));

export const POST = guarded('admin', async (request, _context, { principal, ip }) => {
  const body = await readJson(request, ZCreateUserInput);
  if (!body.ok) return body.response;
  const { users, audit } = getRuntime();
  const result = await users.create(body.data);
  audit.record(principal, ip, {
    action: 'user.create',
    result: result.ok ? 'ok' : 'failed',
    target: body.data.username,
    detail: result.ok ? `role ${body.data.role}` : result.error,
  });
  if (!result.ok) return Response.json({ error: result.error, fieldErrors: result.fieldErrors }, { status: result.status });
  return Response.json({ user: result.user }, { status: 201 });
});
