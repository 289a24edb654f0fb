/** How the connector logs what the normaliser drops or tolerates (§11.8: logged and skipped, never fatal). */
import type { Logger } from 'pino';
import type { SwitchvoxIssue } from './normalise';

/** An `onIssue` callback: invalid → warn, ordering drops → debug, deviations → warn once per reason. */
export function issueLogger(log: Logger): (issue: SwitchvoxIssue) => void {
  const deviationsLogged = new Set<string>();
  return (issue) => {
    const entry = { reason: issue.reason, notification: issue.message };
    if (issue.kind === 'dropped') return log.debug(entry, 'Switchvox notification dropped');
    if (issue.kind === 'invalid') return log.warn(entry, 'Switchvox notification skipped');
    // Deviations repeat on every notification of a line: once per reason is enough to notice.
    if (deviationsLogged.has(issue.reason)) return log.debug(entry, 'Switchvox protocol deviation');
    deviationsLogged.add(issue.reason);
    log.warn(entry, 'Switchvox protocol deviation (logged once)');
  };
}
