import type { ConnectionStatus } from '@/lib/board';
import type { PbxEvent } from '@/server/domain/pbx-event';
import type { ConnectorSink } from './connector';

/** A ConnectorSink that keeps what it is given, for connector tests. */
export function recordingSink() {
  const batches: PbxEvent[][] = [];
  const statuses: [ConnectionStatus, string | null][] = [];
  const sink: ConnectorSink = {
    events: (batch) => void batches.push(batch),
    status: (status, error) => void statuses.push([status, error ?? null]),
  };
  return { sink, batches, statuses, events: () => batches.flat() };
}
