import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../client';
import { sessions, users } from '../schema';

export function insertSession(db: Db, values: typeof sessions.$inferInsert): void {
  db.insert(sessions).values(values).run();
}

/** The live session for a token hash with its (enabled) user, or undefined. */
export function findLiveSession(db: Db, tokenHash: string, nowIso: string) {
  return db
    .select({ userId: users.id, username: users.username, role: users.role, expiresAt: sessions.expiresAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt), gt(sessions.expiresAt, nowIso), eq(users.disabled, false)))
    .get();
}

export function revokeSession(db: Db, tokenHash: string, nowIso: string): void {
  db.update(sessions).set({ revokedAt: nowIso }).where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt))).run();
}

export function revokeUserSessions(db: Db, userId: number, nowIso: string): void {
  db.update(sessions).set({ revokedAt: nowIso }).where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt))).run();
}
