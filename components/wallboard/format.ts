/** Display helpers for the wallboard; pure, so the tests can pin them down. */
import type { CallView, ExtensionView, QueueView } from '@/lib/board';

/** `m:ss` below an hour, `h:mm:ss` above; negative (clock skew) shows as 0:00. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = String(s % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** Seconds from an ISO time to `now` (ms), or null when either is unknown. */
export function secondsSince(iso: string, now: number): number | null {
  const start = Date.parse(iso);
  if (now === 0 || Number.isNaN(start)) return null;
  return Math.max(0, (now - start) / 1000);
}

const liveLegStates = new Set<CallView['state']>(['talking', 'held']);

/** The call the tile shows: the first leg in the extension's own state, else the first leg. */
export function primaryCall(ext: ExtensionView): CallView | undefined {
  return ext.calls.find((c) => c.state === ext.state) ?? ext.calls[0];
}

/** The first talking or held leg: the one recording acts on (and `data-recording` reports). */
export function recordableCall(ext: ExtensionView): CallView | undefined {
  return ext.calls.find((c) => liveLegStates.has(c.state));
}

export function queueLabel(queue: Pick<QueueView, 'name' | 'number'>): string {
  return queue.name ? `${queue.name} (${queue.number})` : queue.number;
}

export function extensionLabel(ext: Pick<ExtensionView, 'name' | 'number'>): string {
  return ext.name ? `${ext.number} ${ext.name}` : ext.number;
}

/** Labels of the extensions the queues list as agents, by id (the store synced with the same board). */
export function agentLabels(queues: readonly QueueView[], lookup: (id: string) => ExtensionView | undefined): Map<string, string> {
  const labels = new Map<string, string>();
  for (const queue of queues) {
    for (const agent of queue.agents) {
      const ext = lookup(agent.extensionId);
      if (ext) labels.set(agent.extensionId, extensionLabel(ext));
    }
  }
  return labels;
}
