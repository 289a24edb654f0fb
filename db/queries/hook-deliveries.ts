import { and, count, eq, gte, max } from 'drizzle-orm';
import type { Db } from '../client';
import { webhookRequests } from '../schema';

/** When one hook of ours (connection, owner extension, event) last reached us, and how often since `since`. */
export function hookDelivery(db: Db, connectionId: string, hookExtension: string, event: string, since: string): { lastAt: string | null; recent: number } {
  const where = and(eq(webhookRequests.connectionId, connectionId), eq(webhookRequests.hookExtension, hookExtension), eq(webhookRequests.event, event));
  const last = db.select({ lastAt: max(webhookRequests.receivedAt) }).from(webhookRequests).where(where).get();
  const recent = db
    .select({ n: count() })
    .from(webhookRequests)
    .where(and(where, gte(webhookRequests.receivedAt, since)))
    .get();
  return { lastAt: last?.lastAt ?? null, recent: recent?.n ?? 0 };
}
