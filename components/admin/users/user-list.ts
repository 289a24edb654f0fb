import type { TUpdateUserInput, TUser } from '@/lib/auth-types';

/** The list as the server orders it (by username), so an added user lands where a reload would put it. */
export function withUser(list: readonly TUser[], user: TUser): TUser[] {
  return [...list.filter((u) => u.id !== user.id), user].sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0));
}

/** The optimistic view of a PATCH: role and status change at once; a new password shows nothing. */
export function patchUser(list: readonly TUser[], id: number, patch: TUpdateUserInput): TUser[] {
  return list.map((u) => (u.id === id ? { ...u, role: patch.role ?? u.role, disabled: patch.disabled ?? u.disabled } : u));
}

/** Puts one user back as it was, leaving other rows' in-flight changes alone. */
export function restoreUser(list: readonly TUser[], previous: TUser): TUser[] {
  return list.map((u) => (u.id === previous.id ? previous : u));
}
