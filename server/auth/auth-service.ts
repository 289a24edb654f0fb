import type { Db } from '@/db/client';
import { findActiveDisplay, isDisplayActive, touchDisplay } from '@/db/queries/displays';
import { findLiveSession, insertSession, revokeSession } from '@/db/queries/sessions';
import { findUserByName, updateUser } from '@/db/queries/users';
import { cookie, DISPLAY_COOKIE, parseCookies, SESSION_COOKIE } from './cookies';
import { LoginThrottle } from './login-throttle';
import { DUMMY_HASH, verifyPassword } from './password';
import type { Principal, Role } from './principal';
import { hashToken, newToken } from './tokens';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** Browsers cap cookie lifetime at 400 days; the page gate renews a display's cookie on every load. */
export const DISPLAY_COOKIE_MAX_AGE_S = 400 * 24 * 60 * 60;

export type SignInResult =
  | { ok: true; token: string; principal: Principal }
  | { ok: false; status: 401 | 429; error: string; retryAfterS?: number };

/** Sessions, kiosk display tokens and sign-in, over SQLite. */
export class AuthService {
  private readonly throttle: LoginThrottle;

  constructor(
    private readonly db: Db,
    private readonly options: { secureCookies: boolean; now?: () => Date; throttle?: LoginThrottle },
  ) {
    this.throttle = options.throttle ?? new LoginThrottle();
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  async signIn(username: string, password: string, ip: string): Promise<SignInResult> {
    const retryAfterS = this.throttle.retryAfterS(username, ip);
    if (retryAfterS > 0) {
      return { ok: false, status: 429, error: `Too many sign-in attempts. Try again in ${retryAfterS} s.`, retryAfterS };
    }
    const user = findUserByName(this.db, username);
    // Verify even for unknown users so the reply time does not tell which usernames exist.
    const matches = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !matches || user.disabled) {
      this.throttle.recordFailure(username, ip);
      return { ok: false, status: 401, error: 'Wrong username or password.' };
    }
    this.throttle.recordSuccess(username);
    const token = newToken();
    const now = this.now();
    const sessionHash = hashToken(token);
    insertSession(this.db, {
      tokenHash: sessionHash,
      userId: user.id,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
    });
    updateUser(this.db, user.id, { lastLoginAt: now.toISOString() });
    return { ok: true, token, principal: { kind: 'user', userId: user.id, username: user.username, role: user.role as Role, sessionHash } };
  }

  signOut(principal: Principal): void {
    if (principal.kind === 'user') revokeSession(this.db, principal.sessionHash, this.now().toISOString());
  }

  /** The principal a request's cookies name: a live session first, else an active display. */
  principalFromCookies(cookieHeader: string | null | undefined): Principal | null {
    const cookies = parseCookies(cookieHeader);
    const session = cookies.get(SESSION_COOKIE);
    if (session) {
      const sessionHash = hashToken(session);
      const row = findLiveSession(this.db, sessionHash, this.now().toISOString());
      if (row) return { kind: 'user', userId: row.userId, username: row.username, role: row.role as Role, sessionHash };
    }
    const display = cookies.get(DISPLAY_COOKIE);
    return display ? this.principalFromDisplayToken(display) : null;
  }

  /** A kiosk link's token → its display, marking it seen. */
  principalFromDisplayToken(token: string): Principal | null {
    const row = findActiveDisplay(this.db, hashToken(token));
    if (!row) return null;
    touchDisplay(this.db, row.id, this.now().toISOString());
    return { kind: 'display', displayId: row.id, name: row.name, role: 'kiosk' };
  }

  /** Whether a principal seen earlier (an open socket's) is still allowed in. */
  stillValid(principal: Principal): boolean {
    if (principal.kind === 'display') return isDisplayActive(this.db, principal.displayId);
    return Boolean(findLiveSession(this.db, principal.sessionHash, this.now().toISOString()));
  }

  sessionCookie(token: string): string {
    return cookie(SESSION_COOKIE, token, { maxAgeS: SESSION_TTL_MS / 1000, secure: this.options.secureCookies });
  }

  clearedSessionCookie(): string {
    return cookie(SESSION_COOKIE, '', { maxAgeS: 0, secure: this.options.secureCookies });
  }

  displayCookie(token: string): string {
    return cookie(DISPLAY_COOKIE, token, { maxAgeS: DISPLAY_COOKIE_MAX_AGE_S, secure: this.options.secureCookies });
  }
}
