/** Optimistic edits of the cached connection list, each undone row by row if the server refuses. */
import type { ConnectionAdminView } from '@/lib/connection-admin';

/** Replaces a connection in place, or adds a new one at the end (where the server lists it). */
export function withConnection(list: readonly ConnectionAdminView[], connection: ConnectionAdminView): ConnectionAdminView[] {
  return list.some((c) => c.id === connection.id) ? list.map((c) => (c.id === connection.id ? connection : c)) : [...list, connection];
}

/** Enable or disable at once: a started connection shows `connecting` until the next poll says more. */
export function patchEnabled(list: readonly ConnectionAdminView[], id: string, enabled: boolean): ConnectionAdminView[] {
  return list.map((c) => (c.id === id ? { ...c, enabled, status: enabled ? 'connecting' : 'disabled' } : c));
}

export function withoutConnection(list: readonly ConnectionAdminView[], id: string): ConnectionAdminView[] {
  return list.filter((c) => c.id !== id);
}

/** Puts one connection back as it was (at its old place if it was removed), leaving other rows alone. */
export function restoreConnection(list: readonly ConnectionAdminView[], previous: ConnectionAdminView, index: number): ConnectionAdminView[] {
  if (list.some((c) => c.id === previous.id)) return list.map((c) => (c.id === previous.id ? previous : c));
  const at = Math.min(Math.max(index, 0), list.length);
  return [...list.slice(0, at), previous, ...list.slice(at)];
}
