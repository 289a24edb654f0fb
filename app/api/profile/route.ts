import { ZProfileUpdate } from '@/lib/profile-types';
import { findUserById, updateUser } from '@/db/queries/users';
import { guarded } from '@/server/auth/guard';
import { readJson } from '@/server/http/read-json';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** The signed-in user's profile: their desk extension on each PBX, for click-to-dial. */
export const GET = guarded('viewer', (_request, _context, { principal }) => {
  if (principal?.kind !== 'user') return Response.json({ error: 'Only users have a profile.' }, { status: 403 });
  const user = findUserById(getRuntime().db, principal.userId);
  return Response.json({ username: principal.username, role: principal.role, dialExtensions: user?.dialExtensions ?? {} });
});

export const PATCH = guarded('viewer', async (request, _context, { principal, ip }) => {
  if (principal?.kind !== 'user') return Response.json({ error: 'Only users have a profile.' }, { status: 403 });
  const body = await readJson(request, ZProfileUpdate);
  if (!body.ok) return body.response;
  const { db, audit } = getRuntime();
  const current = findUserById(db, principal.userId)?.dialExtensions ?? {};
  const next = { ...current };
  for (const [connectionId, extension] of Object.entries(body.data.dialExtensions)) {
    if (extension === '') delete next[connectionId];
    else next[connectionId] = extension;
  }
  updateUser(db, principal.userId, { dialExtensions: next });
  audit.record(principal, ip, { action: 'profile.update', result: 'ok', detail: `dial extensions: ${JSON.stringify(next)}` });
  return Response.json({ username: principal.username, role: principal.role, dialExtensions: next });
});
