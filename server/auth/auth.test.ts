import { describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/client';
import { auditLog } from '@/db/schema';
import { AuditLog } from './audit-log';
import { AuthService, SESSION_TTL_MS } from './auth-service';
import { ensureAdmin, syncDemoUsers, DEMO_USERS } from './bootstrap-users';
import { DISPLAY_COOKIE, SESSION_COOKIE } from './cookies';
import { DisplayAdmin } from './display-admin';
import { LoginThrottle } from './login-throttle';
import { hashPassword, verifyPassword } from './password';
import { judge } from './principal';
import { UserAdmin } from './user-admin';

function setup() {
  const db = openDatabase(':memory:');
  let now = new Date('2026-11-23T09:00:00Z');
  const clock = () => now;
  const auth = new AuthService(db, { secureCookies: false, now: clock });
  const revokedUsers: number[] = [];
  const revokedDisplays: number[] = [];
  const users = new UserAdmin(db, (id) => revokedUsers.push(id), clock);
  const displays = new DisplayAdmin(db, (id) => revokedDisplays.push(id), clock);
  return { db, auth, users, displays, revokedUsers, revokedDisplays, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

const cookieOf = (name: string, value: string) => `other=1; ${name}=${encodeURIComponent(value)}`;

describe('passwords', () => {
  it('verifies the right password only, and rejects malformed hashes', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    expect(await verifyPassword('x', 'md5$abc')).toBe(false);
  });
});

describe('LoginThrottle', () => {
  it('locks an account after 5 failures until the window slides', () => {
    let t = 0;
    const throttle = new LoginThrottle({ perAccount: 5, perAddress: 100, windowMs: 60_000 }, () => t);
    for (let i = 0; i < 5; i++) {
      expect(throttle.retryAfterS('ann', '1.1.1.1')).toBe(0);
      throttle.recordFailure('ann', '1.1.1.1');
      t += 1000;
    }
    expect(throttle.retryAfterS('ann', '1.1.1.1')).toBe(55);
    expect(throttle.retryAfterS('bob', '2.2.2.2')).toBe(0);
    t += 56_000;
    expect(throttle.retryAfterS('ann', '1.1.1.1')).toBe(0);
  });
});

describe('access rules', () => {
  const viewer = { kind: 'user', userId: 1, username: 'v', role: 'viewer', sessionHash: 'h' } as const;
  const kiosk = { kind: 'display', displayId: 1, name: 'TV', role: 'kiosk' } as const;
  it('orders roles and keeps kiosks to the board', () => {
    expect(judge('public', null)).toBe('ok');
    expect(judge('board', null)).toBe('unauthenticated');
    expect(judge('board', kiosk)).toBe('ok');
    expect(judge('viewer', kiosk)).toBe('forbidden');
    expect(judge('viewer', viewer)).toBe('ok');
    expect(judge('supervisor', viewer)).toBe('forbidden');
  });
});

describe('AuthService', () => {
  it('signs in, recognises the cookie, and signs out', async () => {
    const { auth, users } = setup();
    await users.create({ username: 'ann', password: 'ann-password-1', role: 'supervisor' });
    const result = await auth.signIn('ann', 'ann-password-1', '127.0.0.1');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(auth.sessionCookie(result.token)).toMatch(/^ls_session=.+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=43200$/);
    const principal = auth.principalFromCookies(cookieOf(SESSION_COOKIE, result.token));
    expect(principal).toMatchObject({ kind: 'user', username: 'ann', role: 'supervisor' });
    auth.signOut(principal!);
    expect(auth.principalFromCookies(cookieOf(SESSION_COOKIE, result.token))).toBeNull();
  });

  it('answers the same for a wrong password and an unknown user, then rate-limits', async () => {
    const { auth, users } = setup();
    await users.create({ username: 'ann', password: 'ann-password-1', role: 'viewer' });
    const wrong = await auth.signIn('ann', 'nope', '10.0.0.1');
    const unknown = await auth.signIn('zed', 'nope', '10.0.0.1');
    expect(wrong).toEqual(unknown);
    for (let i = 0; i < 4; i++) await auth.signIn('ann', 'nope', '10.0.0.1');
    const limited = await auth.signIn('ann', 'ann-password-1', '10.0.0.1');
    expect(limited).toMatchObject({ ok: false, status: 429 });
    expect(limited.ok ? '' : limited.error).toMatch(/Try again in \d+ s/);
  });

  it('two creations of one username at once: one user, the other a 409 with a field error', async () => {
    const { users } = setup();
    const input = { username: 'twin', password: 'twin-password-1', role: 'viewer' as const };
    const results = await Promise.all([users.create(input), users.create(input)]);
    expect(results.map((r) => (r.ok ? 201 : r.status)).sort()).toEqual([201, 409]);
    expect(users.list().filter((u) => u.username === 'twin')).toHaveLength(1);
  });

  it('expires sessions and refuses disabled users', async () => {
    const { auth, users, advance, revokedUsers } = setup();
    const created = await users.create({ username: 'ann', password: 'ann-password-1', role: 'viewer' });
    const first = await auth.signIn('ann', 'ann-password-1', 'a');
    if (!first.ok || !created.ok) throw new Error('setup');
    advance(SESSION_TTL_MS + 1);
    expect(auth.principalFromCookies(cookieOf(SESSION_COOKIE, first.token))).toBeNull();
    const second = await auth.signIn('ann', 'ann-password-1', 'a');
    if (!second.ok) throw new Error('setup');
    await users.update(created.user.id, { disabled: true });
    expect(revokedUsers).toEqual([created.user.id]);
    expect(auth.stillValid(second.principal)).toBe(false);
    expect(await auth.signIn('ann', 'ann-password-1', 'b')).toMatchObject({ ok: false, status: 401 });
  });

  it('never leaves the system without an enabled admin', async () => {
    const { db, users } = setup();
    await ensureAdmin(db, 'admin-password-1', new Date());
    const admin = users.list().find((u) => u.username === 'admin')!;
    expect(await users.update(admin.id, { role: 'viewer' })).toMatchObject({ ok: false, status: 409 });
    expect(await users.update(admin.id, { disabled: true })).toMatchObject({ ok: false, status: 409 });
  });

  it('kiosk tokens work until revoked, and only their hash is stored', () => {
    const { db, auth, displays, revokedDisplays } = setup();
    const { display, token } = displays.create('Lobby TV', 'admin');
    expect(JSON.stringify(db.$client.prepare('select * from displays').all())).not.toContain(token);
    const principal = auth.principalFromCookies(cookieOf(DISPLAY_COOKIE, token));
    expect(principal).toMatchObject({ kind: 'display', name: 'Lobby TV', role: 'kiosk' });
    expect(displays.revoke(display.id)).toMatchObject({ id: display.id });
    expect(revokedDisplays).toEqual([display.id]);
    expect(auth.principalFromCookies(cookieOf(DISPLAY_COOKIE, token))).toBeNull();
    expect(auth.stillValid(principal!)).toBe(false);
  });
});

describe('bootstrap', () => {
  it('generates an admin password once, and LINESIGHT_ADMIN_PASSWORD resets it', async () => {
    const { db, auth } = setup();
    const first = await ensureAdmin(db, undefined, new Date());
    expect(first.generatedPassword).toMatch(/^[\w-]{16}$/);
    expect((await ensureAdmin(db, undefined, new Date())).generatedPassword).toBeNull();
    await ensureAdmin(db, 'chosen-password-1', new Date());
    expect(await auth.signIn('admin', 'chosen-password-1', 'x')).toMatchObject({ ok: true });
  });

  it('demo accounts exist in demo mode only', async () => {
    const { db, auth } = setup();
    await syncDemoUsers(db, true, new Date());
    const demo = DEMO_USERS[1]!;
    expect(await auth.signIn(demo.username, demo.password, 'x')).toMatchObject({ ok: true });
    await syncDemoUsers(db, false, new Date());
    expect(await auth.signIn(demo.username, demo.password, 'y')).toMatchObject({ ok: false, status: 401 });
  });
});

describe('audit log', () => {
  it('is append-only', () => {
    const { db } = setup();
    new AuditLog(db).record(null, '127.0.0.1', { action: 'session.sign_in', result: 'failed', target: 'ann' });
    expect(db.select().from(auditLog).all()).toMatchObject([{ actor: 'anonymous', action: 'session.sign_in', result: 'failed' }]);
    expect(() => db.$client.prepare("update audit_log set result = 'ok'").run()).toThrow(/append-only/);
    expect(() => db.$client.prepare('delete from audit_log').run()).toThrow(/append-only/);
  });
});
