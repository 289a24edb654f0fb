import type { TConnectionConfig } from '@/server/config/connection-config';
import type { Connector } from './connector';
import { createNoojeeConnector } from './noojee/noojee-connector';
import { createSwitchvoxConnector } from './switchvox/switchvox-connector';

/** One factory per vendor: adding a vendor touches this switch and its own folder, nothing else. */
export function createConnector(config: TConnectionConfig): Connector {
  switch (config.vendor) {
    case 'noojee':
      return createNoojeeConnector(config);
    case 'switchvox':
      return createSwitchvoxConnector(config);
  }
}
