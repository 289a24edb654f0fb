import type { ConnectionStatus } from '@/lib/board';
import type { PbxEvent } from '@/server/domain/pbx-event';
import type { ConnectorSink } from './connector';

/**
 * A ConnectorSink that keeps what it is given, for connector tests. Stream positions are kept apart
 * (`positions`): they close a batch for storage and are not what the PBX reported.
 */
export function recordingSink() {
  const batches: PbxEvent[][] = [];
  const positions: string[] = [];
  const statuses: [ConnectionStatus, string | null][] = [];
  const sink: ConnectorSink = {
    events: (batch) => {
      const reported = batch.filter((e) => e.type !== 'stream.position');
      for (const e of batch) if (e.type === 'stream.position') positions.push(e.position);
      if (reported.length > 0) batches.push(reported);
    },
    status: (status, error) => void statuses.push([status, error ?? null]),
  };
  return { sink, batches, positions, statuses, events: () => batches.flat() };
}
