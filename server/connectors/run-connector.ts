import type { ConnectionView } from '@/lib/board';
import type { TConnectionConfig } from '@/lib/connection-config';
import type { PbxEvent } from '@/server/domain/pbx-event';
import type { Projector } from '@/server/domain/projector';
import type { ConnectionStats } from '@/server/observability/connection-stats';
import { logger } from '@/server/log';
import type { Connector, ConnectorContext } from './connector';
import { createConnector } from './registry';

const log = logger.child({ component: 'connectors' });

export type ConnectorFactory = (config: TConnectionConfig, context: ConnectorContext) => Connector;

export interface RunningConnector {
  connector: Connector;
  /** Stops it; nothing it still reports afterwards reaches the board. */
  stop(): Promise<void>;
}

/** Starts one connector feeding the projector; its status shows on the board from `connecting` on. */
export function runConnector(
  config: TConnectionConfig,
  projector: Projector,
  stats: ConnectionStats,
  context: ConnectorContext,
  create: ConnectorFactory = createConnector,
): RunningConnector {
  const connector = create(config, {
    ...context,
    storedLiveLegs: () => projector.board(0).extensions.filter((ext) => ext.connectionId === config.id && ext.calls.length > 0),
    storedLegEndedAt: (legId) => projector.legEndedAt(legId),
    storedStreamPosition: () => projector.streamPosition(config.id),
  });
  const view: ConnectionView = {
    id: connector.id,
    vendor: connector.vendor,
    name: connector.name,
    status: 'connecting',
    lastEventAt: projector.connection(connector.id)?.lastEventAt ?? null,
    error: null,
    capabilities: connector.capabilities,
  };
  projector.registerConnection(view);
  let stopped = false;
  // Group commit: the batches a connector hands over in one turn of the event loop (a burst of hook
  // requests, a long-poll reply split per extension) are applied as one transaction and one delta.
  // A commit per batch was most of the ingest cost (BENCHMARKS.md §1). `setImmediate` runs right
  // after the current I/O callbacks, so this adds no timer delay.
  let pending: PbxEvent[] = [];
  let flush: NodeJS.Immediate | null = null;
  const commit = () => {
    flush = null;
    const batch = pending;
    pending = [];
    // A stopped connector's last in-flight batch must not bring its tiles back.
    if (!stopped && batch.length > 0) projector.apply(batch);
  };
  connector.start({
    events: (batch) => {
      if (stopped || batch.length === 0) return;
      // A stream position closes a batch (it is never the PBX's news): left out of events/s, no copy made.
      let reported = 0;
      let lastAt: string | undefined;
      for (const event of batch) {
        if (event.type === 'stream.position') continue;
        reported += 1;
        lastAt = event.at;
      }
      if (reported > 0) stats.events(connector.id, reported, lastAt);
      for (const event of batch) pending.push(event);
      flush ??= setImmediate(commit);
    },
    status: (status, error) => {
      if (stopped) return;
      if (status === 'down' || status === 'degraded') log.warn({ connection: connector.id, status, error }, 'connection status');
      else log.info({ connection: connector.id, status }, 'connection status');
      stats.status(connector.id, status);
      projector.setConnectionStatus(connector.id, status, error ?? null);
    },
  });
  return {
    connector,
    stop: () => {
      stopped = true;
      if (flush) clearImmediate(flush);
      flush = null;
      pending = [];
      return connector.stop();
    },
  };
}
