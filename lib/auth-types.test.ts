import { describe, expect, it } from 'vitest';
import {
  ZAuditQuery,
  ZCreateDisplayInput,
  ZCreateUserInput,
  ZLoginInput,
  ZPrincipal,
  ZUpdateUserInput,
  roleAtLeast,
  type TAccess,
  type TRole,
} from './auth-types';

describe('roleAtLeast', () => {
  const table: [TRole, TAccess, boolean][] = [
    ['viewer', 'board', true],
    ['viewer', 'viewer', true],
    ['viewer', 'supervisor', false],
    ['supervisor', 'supervisor', true],
    ['supervisor', 'admin', false],
    ['admin', 'admin', true],
    ['admin', 'viewer', true],
    ['kiosk', 'board', true],
    ['kiosk', 'viewer', false],
    ['kiosk', 'supervisor', false],
  ];
  it.each(table)('%s for %s is %s', (role, needed, ok) => {
    expect(roleAtLeast(role, needed)).toBe(ok);
  });
});

describe('input schemas', () => {
  it('accepts a well-formed new user and names each bad field', () => {
    expect(ZCreateUserInput.safeParse({ username: 'amy.o-k_2', password: '0123456789', role: 'supervisor' }).success).toBe(true);
    const bad = ZCreateUserInput.safeParse({ username: 'Amy!', password: 'short', role: 'root' });
    expect(bad.success).toBe(false);
    const fields = new Set(bad.error?.issues.map((i) => i.path[0]));
    expect(fields).toEqual(new Set(['username', 'password', 'role']));
  });

  it('bounds usernames to 3–32 characters', () => {
    expect(ZCreateUserInput.shape.username.safeParse('ab').success).toBe(false);
    expect(ZCreateUserInput.shape.username.safeParse('a'.repeat(32)).success).toBe(true);
    expect(ZCreateUserInput.shape.username.safeParse('a'.repeat(33)).success).toBe(false);
  });

  it('requires something to change in an update', () => {
    expect(ZUpdateUserInput.safeParse({}).success).toBe(false);
    expect(ZUpdateUserInput.safeParse({ disabled: true }).success).toBe(true);
    expect(ZUpdateUserInput.safeParse({ password: 'short' }).success).toBe(false);
  });

  it('trims display names and caps them at 60', () => {
    expect(ZCreateDisplayInput.parse({ name: '  Lobby TV ' })).toEqual({ name: 'Lobby TV' });
    expect(ZCreateDisplayInput.safeParse({ name: '   ' }).success).toBe(false);
    expect(ZCreateDisplayInput.safeParse({ name: 'x'.repeat(61) }).success).toBe(false);
  });

  it('only checks presence at sign-in', () => {
    expect(ZLoginInput.safeParse({ username: 'Whoever', password: 'x' }).success).toBe(true);
    expect(ZLoginInput.safeParse({ username: '', password: '' }).success).toBe(false);
  });
});

describe('ZPrincipal', () => {
  it('tells users from displays', () => {
    expect(ZPrincipal.parse({ kind: 'display', name: 'Lobby', role: 'kiosk' }).kind).toBe('display');
    expect(ZPrincipal.safeParse({ kind: 'display', name: 'Lobby', role: 'admin' }).success).toBe(false);
    expect(ZPrincipal.safeParse({ kind: 'user', username: 'amy', role: 'kiosk' }).success).toBe(false);
  });
});

describe('ZAuditQuery', () => {
  it('defaults the limit and treats blank filters as none', () => {
    expect(ZAuditQuery.parse({})).toEqual({ limit: 50 });
    expect(ZAuditQuery.parse({ actor: '', result: 'denied', before: '7' })).toEqual({ result: 'denied', before: 7, limit: 50 });
    expect(ZAuditQuery.safeParse({ result: 'maybe' }).success).toBe(false);
    expect(ZAuditQuery.safeParse({ limit: '0' }).success).toBe(false);
  });
});
