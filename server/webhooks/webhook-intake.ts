import type { Db } from '@/db/client';
import { storeWebhookRequest } from '@/db/queries/webhook-requests';
import { safeEqual } from '@/server/auth/tokens';
import type { Connector } from '@/server/connectors/connector';
import { logger } from '@/server/log';

const log = logger.child({ component: 'webhooks' });

export type IntakeResult = { status: 200 | 401 | 404; error?: string };

/**
 * `/hooks/{connectionId}/{event}` (DESIGN.md §5): token first (constant time; a wrong or missing
 * one stores nothing), then the raw request is stored, the PBX gets its 200, and only then does the
 * connector process it — a PBX that does not retry must never wait on our work.
 */
export function receiveWebhook(
  db: Db,
  connectors: ReadonlyMap<string, Connector>,
  request: { connectionId: string; event: string; token: string | null; method: string; params: Record<string, string>; hookExtension?: string | null },
): IntakeResult {
  const connector = connectors.get(request.connectionId);
  if (!connector?.receiveWebhook || !connector.webhookToken) return { status: 404, error: 'No connection takes webhooks here.' };
  if (!request.token || !safeEqual(request.token, connector.webhookToken)) {
    log.warn({ connection: request.connectionId, event: request.event }, 'webhook refused: wrong or missing token');
    return { status: 401, error: 'Wrong or missing token.' };
  }
  const receivedAt = new Date();
  storeWebhookRequest(db, {
    connectionId: request.connectionId,
    event: request.event,
    method: request.method,
    params: request.params,
    receivedAt: receivedAt.toISOString(),
    hookExtension: request.hookExtension ?? null,
  });
  const { event, params } = request;
  setImmediate(() => {
    try {
      connector.receiveWebhook!({ event, params, receivedAt });
    } catch (err) {
      log.error({ err, connection: request.connectionId, event }, 'connector failed on a webhook');
    }
  });
  return { status: 200 };
}
