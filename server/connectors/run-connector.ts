import type { ConnectionView } from '@/lib/board';
import type { TConnectionConfig } from '@/lib/connection-config';
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
  connector.start({
    events: (batch) => {
      // A stopped connector's last in-flight batch must not bring its tiles back.
      if (stopped) return;
      stats.events(connector.id, batch.length, batch.at(-1)?.at);
      projector.apply(batch);
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
      return connector.stop();
    },
  };
}
