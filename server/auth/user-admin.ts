import type { Db } from '@/db/client';
import { countOtherEnabledAdmins, findUserById, findUserByName, insertUser, listUsers, updateUser, type UserRow } from '@/db/queries/users';
import { revokeUserSessions } from '@/db/queries/sessions';
import { hashPassword } from './password';
import type { Role } from './principal';

/** A user as the API shows it: never the password hash. */
export interface UserView {
  id: number;
  username: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export type UserResult =
  | { ok: true; user: UserView }
  | { ok: false; status: 404 | 409; error: string; fieldErrors?: Record<string, string[]> };

export function userView(row: UserRow): UserView {
  return { id: row.id, username: row.username, role: row.role as Role, disabled: row.disabled, createdAt: row.createdAt, lastLoginAt: row.lastLoginAt };
}

/** The users page's operations. Disabling a user or resetting a password ends their sessions. */
export class UserAdmin {
  constructor(
    private readonly db: Db,
    private readonly onSessionsRevoked: (userId: number) => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(): UserView[] {
    return listUsers(this.db).map(userView);
  }

  async create(input: { username: string; password: string; role: Role }): Promise<UserResult> {
    const taken: UserResult = { ok: false, status: 409, error: 'That username is taken.', fieldErrors: { username: ['That username is taken.'] } };
    if (findUserByName(this.db, input.username)) return taken;
    const passwordHash = await hashPassword(input.password);
    try {
      const row = insertUser(this.db, { username: input.username, passwordHash, role: input.role, createdAt: this.now().toISOString() });
      return { ok: true, user: userView(row) };
    } catch (error) {
      // Two creations of one name can both pass the check while hashing: the unique index decides.
      if ((error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE') return taken;
      throw error;
    }
  }

  async update(id: number, input: { role?: Role; disabled?: boolean; password?: string }): Promise<UserResult> {
    const existing = findUserById(this.db, id);
    if (!existing) return { ok: false, status: 404, error: 'No such user.' };
    const losesAdmin = existing.role === 'admin' && !existing.disabled && ((input.role && input.role !== 'admin') || input.disabled === true);
    if (losesAdmin && countOtherEnabledAdmins(this.db, id) === 0) {
      return { ok: false, status: 409, error: 'That would leave no enabled admin.' };
    }
    const passwordHash = input.password ? await hashPassword(input.password) : undefined;
    const row = updateUser(this.db, id, { role: input.role, disabled: input.disabled, passwordHash })!;
    if (input.password || input.disabled === true) {
      revokeUserSessions(this.db, id, this.now().toISOString());
      this.onSessionsRevoked(id);
    }
    return { ok: true, user: userView(row) };
  }
}
