/** How the connector logs what the normaliser skips (telphin.md §11.1: log and carry on, never fail). */
import type { Logger } from 'pino';
import type { TelphinIssue } from './normalise';

/** An `onIssue` callback: malformed → warn; unknown event types → warn once each; the rest → debug. */
export function issueLogger(log: Logger): (issue: TelphinIssue) => void {
  const warned = new Set<string>();
  return ({ kind, reason, detail }) => {
    if (kind === 'invalid') return log.warn({ reason, request: detail }, 'Telphin hook request skipped');
    if (kind === 'ignored' && reason.startsWith('unknown EventType') && !warned.has(reason)) {
      warned.add(reason);
      return log.warn({ reason, request: detail }, 'Telphin hook request skipped (logged once per event type)');
    }
    log.debug({ kind, reason, request: detail }, 'Telphin hook request not applied');
  };
}
