import { ZUpdateUserInput } from '@/lib/auth-types';
import { guarded } from '@/server/auth/guard';
import { idParam, readJson } from '@/server/http/read-json';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

/** Changes a user's role, enables/disables them or resets their password. */
export const PATCH = guarded('admin', async (request, context: Context, { principal, ip }) => {
  const id = idParam((await context.params).id);
  if (id === null) return Response.json({ error: 'No such user.' }, { status: 404 });
  const body = await readJson(request, ZUpdateUserInput);
  if (!body.ok) return body.response;
  const { users, audit } = getRuntime();
  const result = await users.update(id, body.data);
  const changes = [
    body.data.role && `role → ${body.data.role}`,
    body.data.disabled !== undefined && (body.data.disabled ? 'disabled' : 'enabled'),
    body.data.password && 'password reset',
  ].filter(Boolean);
  audit.record(principal, ip, {
    action: 'user.update',
    result: result.ok ? 'ok' : 'failed',
    target: result.ok ? result.user.username : `user #${id}`,
    detail: result.ok ? changes.join(', ') : result.error,
  });
  if (!result.ok) return Response.json({ error: result.error, fieldErrors: result.fieldErrors }, { status: result.status });
  return Response.json({ user: result.user });
});
