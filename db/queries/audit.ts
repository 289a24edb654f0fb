import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { auditLog } from '../schema';

export type AuditRow = typeof auditLog.$inferSelect;
export type AuditInsert = typeof auditLog.$inferInsert;

export function appendAudit(db: Db, entry: AuditInsert): void {
  db.insert(auditLog).values(entry).run();
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  result?: string;
  before?: number;
  limit: number;
}

/** Newest first; `before` pages back by id. */
export function listAudit(db: Db, filter: AuditFilter): AuditRow[] {
  const where: SQL[] = [];
  if (filter.actor) where.push(eq(auditLog.actor, filter.actor));
  if (filter.action) where.push(eq(auditLog.action, filter.action));
  if (filter.result) where.push(eq(auditLog.result, filter.result));
  if (filter.before) where.push(lt(auditLog.id, filter.before));
  return db
    .select()
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(filter.limit)
    .all();
}
