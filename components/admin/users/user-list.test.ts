import { describe, expect, it } from 'vitest';
import type { TUser } from '@/lib/auth-types';
import { patchUser, restoreUser, withUser } from './user-list';

const user = (id: number, username: string, over: Partial<TUser> = {}): TUser => ({
  id,
  username,
  role: 'viewer',
  disabled: false,
  createdAt: '2025-01-01T00:00:00.000Z',
  lastLoginAt: null,
  ...over,
});

describe('user list helpers', () => {
  it('inserts a new user in username order and replaces an existing one', () => {
    const list = [user(1, 'amy'), user(2, 'zed')];
    expect(withUser(list, user(3, 'max')).map((u) => u.username)).toEqual(['amy', 'max', 'zed']);
    expect(withUser(list, user(2, 'zed', { role: 'admin' }))).toHaveLength(2);
  });

  it('applies role and status optimistically, ignoring a password', () => {
    const list = [user(1, 'amy'), user(2, 'bob')];
    const next = patchUser(list, 2, { role: 'supervisor', disabled: true, password: 'long enough pw' });
    expect(next[1]).toMatchObject({ role: 'supervisor', disabled: true });
    expect(next[0]).toBe(list[0]);
    expect(patchUser(list, 1, { password: 'long enough pw' })[0]).toEqual(list[0]);
  });

  it('rolls back one row without undoing another', () => {
    const before = user(1, 'amy');
    const list = patchUser(patchUser([before, user(2, 'bob')], 1, { role: 'admin' }), 2, { disabled: true });
    const rolled = restoreUser(list, before);
    expect(rolled[0]).toBe(before);
    expect(rolled[1]?.disabled).toBe(true);
  });
});
