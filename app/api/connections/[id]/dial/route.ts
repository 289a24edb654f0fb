import { ZDialInput } from '@/lib/profile-types';
import { findUserById } from '@/db/queries/users';
import { guarded } from '@/server/auth/guard';
import { readJson } from '@/server/http/read-json';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

/**
 * Click-to-dial: rings the supervisor's own phone on this PBX (their profile's extension, or the
 * connection's own login extension) and connects it to `to`. 202 once the PBX accepted it.
 */
export const POST = guarded('supervisor', async (request, context: Context, { principal, ip }) => {
  const { id } = await context.params;
  const body = await readJson(request, ZDialInput);
  if (!body.ok) return body.response;
  const { db, commands, audit } = getRuntime();
  const from = principal?.kind === 'user' ? (findUserById(db, principal.userId)?.dialExtensions[id] ?? null) : null;
  const result = await commands.dial(id, from, body.data.to);
  audit.record(principal, ip, {
    action: 'call.dial',
    result: result.ok ? 'ok' : 'failed',
    target: `${id}: ${from ?? 'connection extension'} → ${body.data.to}`,
    detail: result.ok ? null : result.error,
  });
  return result.ok ? Response.json({ ok: true }, { status: 202 }) : Response.json({ error: result.error }, { status: result.status });
});
