import type { ConnectionView } from '@/lib/board';
import type { TConnectionConfig } from '@/server/config/connection-config';
import type { Projector } from '@/server/domain/projector';
import type { Metrics } from '@/server/metrics';
import { logger } from '@/server/log';
import type { Connector, ConnectorContext } from './connector';
import { createConnector } from './registry';

const log = logger.child({ component: 'connectors' });

/** Starts one connector per configured connection, each feeding the projector. */
export function runConnectors(
  configs: readonly TConnectionConfig[],
  projector: Projector,
  metrics: Metrics,
  context: ConnectorContext,
  create: (config: TConnectionConfig, context: ConnectorContext) => Connector = createConnector,
): Map<string, Connector> {
  const running = new Map<string, Connector>();
  for (const config of configs) {
    const connector = create(config, context);
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
    connector.start({
      events: (batch) => {
        metrics.events.inc({ connection: connector.id }, batch.length);
        projector.apply(batch);
      },
      status: (status, error) => {
        if (status === 'down' || status === 'degraded') log.warn({ connection: connector.id, status, error }, 'connection status');
        else log.info({ connection: connector.id, status }, 'connection status');
        projector.setConnectionStatus(connector.id, status, error ?? null);
      },
    });
    running.set(connector.id, connector);
  }
  return running;
}
