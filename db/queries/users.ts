import { and, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { users } from '../schema';

export type UserRow = typeof users.$inferSelect;

export const findUserByName = (db: Db, username: string) => db.select().from(users).where(eq(users.username, username)).get();
export const findUserById = (db: Db, id: number) => db.select().from(users).where(eq(users.id, id)).get();
export const listUsers = (db: Db) => db.select().from(users).orderBy(users.username).all();

export function insertUser(db: Db, values: typeof users.$inferInsert): UserRow {
  return db.insert(users).values(values).returning().get();
}

export function updateUser(db: Db, id: number, values: Partial<typeof users.$inferInsert>): UserRow | undefined {
  return db.update(users).set(values).where(eq(users.id, id)).returning().get();
}

/** Enabled admins other than `exceptId`: an edit must never lock every admin out. */
export function countOtherEnabledAdmins(db: Db, exceptId: number): number {
  const row = db
    .select({ n: sql<number>`count(*)` })
    .from(users)
    .where(and(eq(users.role, 'admin'), eq(users.disabled, false), ne(users.id, exceptId)))
    .get();
  return row?.n ?? 0;
}

export function disableDemoUsers(db: Db): void {
  db.update(users).set({ disabled: true }).where(and(eq(users.demo, true), eq(users.disabled, false))).run();
}
