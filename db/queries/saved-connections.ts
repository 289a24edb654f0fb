import { eq } from 'drizzle-orm';
import type { Db } from '../client';
import { savedConnections } from '../schema';

export type SavedConnectionRow = typeof savedConnections.$inferSelect;

export function listSavedConnections(db: Db): SavedConnectionRow[] {
  return db.select().from(savedConnections).orderBy(savedConnections.id).all();
}

export function getSavedConnection(db: Db, id: string): SavedConnectionRow | undefined {
  return db.select().from(savedConnections).where(eq(savedConnections.id, id)).get();
}

export function insertSavedConnection(db: Db, row: SavedConnectionRow): void {
  db.insert(savedConnections).values(row).run();
}

export function updateSavedConnection(db: Db, id: string, values: Partial<Omit<SavedConnectionRow, 'id' | 'createdAt'>>): void {
  db.update(savedConnections).set(values).where(eq(savedConnections.id, id)).run();
}

export function deleteSavedConnection(db: Db, id: string): void {
  db.delete(savedConnections).where(eq(savedConnections.id, id)).run();
}
