import { ZLoginInput } from '@/lib/auth-types';
import { guarded } from '@/server/auth/guard';
import { readJson } from '@/server/http/read-json';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** Signs in: 204 with an HttpOnly session cookie (DESIGN.md §5). */
export const POST = guarded('public', async (request, _context, { ip }) => {
  const body = await readJson(request, ZLoginInput);
  if (!body.ok) return body.response;
  const { auth, audit } = getRuntime();
  const result = await auth.signIn(body.data.username, body.data.password, ip);
  if (!result.ok) {
    audit.record(null, ip, { action: 'session.sign_in', result: 'failed', target: body.data.username, detail: result.error }, body.data.username);
    const headers = result.retryAfterS ? { 'Retry-After': String(result.retryAfterS) } : undefined;
    return Response.json({ error: result.error, retryAfterS: result.retryAfterS }, { status: result.status, headers });
  }
  audit.record(result.principal, ip, { action: 'session.sign_in', result: 'ok' });
  return new Response(null, { status: 204, headers: { 'Set-Cookie': auth.sessionCookie(result.token) } });
});

/** Who is signed in (a user or a kiosk display). */
export const GET = guarded('board', (_request, _context, { principal }) => {
  const p = principal!;
  const view = p.kind === 'user' ? { kind: p.kind, username: p.username, role: p.role } : { kind: p.kind, name: p.name, role: p.role };
  return Response.json({ principal: view });
});

/** Signs out: ends the session and its sockets. */
export const DELETE = guarded('viewer', (_request, _context, { principal, ip }) => {
  const { auth, audit, hub } = getRuntime();
  const p = principal!;
  auth.signOut(p);
  if (p.kind === 'user') hub.disconnect((other) => other.kind === 'user' && other.sessionHash === p.sessionHash);
  audit.record(p, ip, { action: 'session.sign_out', result: 'ok' });
  return new Response(null, { status: 204, headers: { 'Set-Cookie': auth.clearedSessionCookie() } });
});
