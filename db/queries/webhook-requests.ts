import type { Db } from '../client';
import { webhookRequests } from '../schema';

export function storeWebhookRequest(db: Db, values: typeof webhookRequests.$inferInsert): void {
  db.insert(webhookRequests).values(values).run();
}
