import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../client';
import { displays } from '../schema';

export type DisplayRow = typeof displays.$inferSelect;

export const listDisplays = (db: Db) => db.select().from(displays).orderBy(desc(displays.id)).all();

export function insertDisplay(db: Db, values: typeof displays.$inferInsert): DisplayRow {
  return db.insert(displays).values(values).returning().get();
}

export function findActiveDisplay(db: Db, tokenHash: string): DisplayRow | undefined {
  return db.select().from(displays).where(and(eq(displays.tokenHash, tokenHash), isNull(displays.revokedAt))).get();
}

export function isDisplayActive(db: Db, id: number): boolean {
  return Boolean(db.select({ id: displays.id }).from(displays).where(and(eq(displays.id, id), isNull(displays.revokedAt))).get());
}

export function touchDisplay(db: Db, id: number, nowIso: string): void {
  db.update(displays).set({ lastSeenAt: nowIso }).where(eq(displays.id, id)).run();
}

export function revokeDisplay(db: Db, id: number, nowIso: string): DisplayRow | undefined {
  return db.update(displays).set({ revokedAt: nowIso }).where(and(eq(displays.id, id), isNull(displays.revokedAt))).returning().get();
}
