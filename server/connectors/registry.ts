import type { TConnectionConfig } from '@/server/config/connection-config';
import type { Connector } from './connector';
import { createNoojeeConnector } from './noojee/noojee-connector';

/** One factory per vendor: adding a vendor touches this map and its own folder, nothing else. */
const factories: { [V in TConnectionConfig['vendor']]: (config: Extract<TConnectionConfig, { vendor: V }>) => Connector } = {
  noojee: (config) => createNoojeeConnector(config),
};

export function createConnector(config: TConnectionConfig): Connector {
  return factories[config.vendor](config);
}
