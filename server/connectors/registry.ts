import type { TConnectionConfig } from '@/lib/connection-config';
import type { Connector, ConnectorContext } from './connector';
import { createNoojeeConnector } from './noojee/noojee-connector';
import { createSwitchvoxConnector } from './switchvox/switchvox-connector';
import { createTelphinConnector } from './telphin/telphin-connector';
import { createVoipnowConnector } from './voipnow/voipnow-connector';

/** One factory per vendor: adding a vendor touches this switch and its own folder, nothing else. */
export function createConnector(config: TConnectionConfig, context: ConnectorContext): Connector {
  switch (config.vendor) {
    case 'noojee':
      return createNoojeeConnector(config, {
        storedLiveLegs: context.storedLiveLegs,
        storedLegEndedAt: context.storedLegEndedAt,
        storedStreamPosition: context.storedStreamPosition,
      });
    case 'switchvox':
      return createSwitchvoxConnector(config);
    case 'telphin':
      return createTelphinConnector(config, context);
    case 'voipnow':
      return createVoipnowConnector(config, context);
  }
}
