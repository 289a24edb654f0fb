import { appendAudit } from '@/db/queries/audit';
import type { Db } from '@/db/client';
import { logger } from '@/server/log';
import { actorOf, type Principal } from './principal';

export interface AuditEvent {
  action: string;
  result: 'ok' | 'denied' | 'failed';
  target?: string | null;
  /** Plain words; never a secret. */
  detail?: string | null;
}

/** Who did what, when, to what, with what result (issue 3 §5). Append-only. */
export class AuditLog {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  record(principal: Principal | null, ip: string | null, event: AuditEvent, actor = actorOf(principal)): void {
    try {
      appendAudit(this.db, {
        at: this.now().toISOString(),
        actor,
        action: event.action,
        target: event.target ?? null,
        result: event.result,
        detail: event.detail ?? null,
        ip,
      });
    } catch (err) {
      // Losing an audit line must not fail the action it describes; it must be loud, though.
      logger.error({ err, action: event.action }, 'audit entry not written');
    }
  }
}
