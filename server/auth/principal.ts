import { roleAtLeast, type TAccess, type TUserRole } from '@/lib/auth-types';

export type Role = TUserRole;

/** Who is asking: a signed-in user, or a kiosk display (read-only board, DESIGN.md §5). */
export type Principal =
  | { kind: 'user'; userId: number; username: string; role: Role; sessionHash: string }
  | { kind: 'display'; displayId: number; name: string; role: 'kiosk' };

/**
 * What a route needs: `public` anyone; `webhook` anyone, authenticated by the route itself with a
 * token and exempt from the browser Origin check (a PBX is not a browser and sends no cookie);
 * `board` the read-only board (any user or a kiosk display); `viewer`/`supervisor`/`admin` a
 * signed-in user of at least that role.
 */
export type Access = 'public' | 'webhook' | TAccess;

export type Verdict = 'ok' | 'unauthenticated' | 'forbidden';

export function judge(access: Access, principal: Principal | null): Verdict {
  if (access === 'public' || access === 'webhook') return 'ok';
  if (!principal) return 'unauthenticated';
  return roleAtLeast(principal.role, access) ? 'ok' : 'forbidden';
}

/** How a principal is named in the audit log. */
export function actorOf(principal: Principal | null): string {
  if (!principal) return 'anonymous';
  return principal.kind === 'user' ? principal.username : `display:${principal.name}`;
}
