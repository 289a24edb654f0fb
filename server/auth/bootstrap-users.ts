import { randomBytes } from 'node:crypto';
import type { Db } from '@/db/client';
import { disableDemoUsers, findUserByName, insertUser, updateUser } from '@/db/queries/users';
import { revokeUserSessions } from '@/db/queries/sessions';
import { hashPassword } from './password';
import type { Role } from './principal';

/** Demo mode's documented accounts (README). Disabled again when the server starts outside demo mode. */
export const DEMO_USERS: { username: string; password: string; role: Role }[] = [
  { username: 'viewer', password: 'viewer-demo-1', role: 'viewer' },
  { username: 'supervisor', password: 'supervisor-demo-1', role: 'supervisor' },
  { username: 'demo-admin', password: 'admin-demo-1', role: 'admin' },
];

/**
 * `admin` exists with LINESIGHT_ADMIN_PASSWORD when given (created or reset, sessions ended).
 * Without it, a first start generates a password and returns it to be printed once.
 */
export async function ensureAdmin(db: Db, password: string | undefined, now: Date): Promise<{ generatedPassword: string | null }> {
  const existing = findUserByName(db, 'admin');
  if (password) {
    const passwordHash = await hashPassword(password);
    if (existing) {
      updateUser(db, existing.id, { passwordHash, role: 'admin', disabled: false });
      revokeUserSessions(db, existing.id, now.toISOString());
    } else {
      insertUser(db, { username: 'admin', passwordHash, role: 'admin', createdAt: now.toISOString() });
    }
    return { generatedPassword: null };
  }
  if (existing) return { generatedPassword: null };
  const generated = randomBytes(12).toString('base64url');
  insertUser(db, { username: 'admin', passwordHash: await hashPassword(generated), role: 'admin', createdAt: now.toISOString() });
  return { generatedPassword: generated };
}

/** Creates (or re-enables) the demo accounts in demo mode; disables them otherwise. */
export async function syncDemoUsers(db: Db, demo: boolean, now: Date): Promise<void> {
  if (!demo) return disableDemoUsers(db);
  for (const user of DEMO_USERS) {
    const existing = findUserByName(db, user.username);
    const passwordHash = await hashPassword(user.password);
    if (!existing) insertUser(db, { ...user, passwordHash, demo: true, createdAt: now.toISOString() });
    else if (existing.demo) updateUser(db, existing.id, { passwordHash, role: user.role, disabled: false });
  }
}
