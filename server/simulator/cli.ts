import { parseArgs } from 'node:util';
import { logger } from '@/server/log';
import { startSimulator } from './index';

/** `npm run simulator`: the simulator alone on fixed loopback ports (control, Noojee, Switchvox, Telphin, VoipNow), with random traffic. */
const { values } = parseArgs({
  options: {
    'control-port': { type: 'string', default: '3100' },
    'noojee-port': { type: 'string', default: '3101' },
    'switchvox-port': { type: 'string', default: '3102' },
    'telphin-port': { type: 'string', default: '3103' },
    'voipnow-port': { type: 'string', default: '3104' },
    'api-key': { type: 'string', default: 'demo-noojee-key' },
    'calls-per-minute': { type: 'string', default: '6' },
    seed: { type: 'string' },
    'no-traffic': { type: 'boolean', default: false },
  },
});

const log = logger.child({ component: 'simulator' });
const apiKey = values['api-key'];
const callsPerMinute = Number(values['calls-per-minute']);
const sim = await startSimulator({
  host: '127.0.0.1',
  controlPort: Number(values['control-port']),
  noojeePort: Number(values['noojee-port']),
  switchvoxPort: Number(values['switchvox-port']),
  telphinPort: Number(values['telphin-port']),
  voipnowPort: Number(values['voipnow-port']),
  // Like the real PBX, about one recorded hangup in twenty arrives without RecID (telphin.md §5.2).
  telphin: { recIdMissRate: 0.05 },
  noojeeApiKey: apiKey,
  seed: values.seed === undefined ? undefined : Number(values.seed),
  traffic: values['no-traffic'] || !(callsPerMinute > 0) ? false : { callsPerMinute },
});
const masked = apiKey.length > 8 ? `${apiKey.slice(0, 4)}…${apiKey.slice(-2)}` : '****';
const logins = sim.switchvox.accounts().filter((a) => a.kind === 'phone').map((a) => `${a.extension}/${a.accountId}`);
log.info(
  {
    control: sim.urls.control, noojee: sim.urls.noojee, key: masked, switchvox: sim.urls.switchvox, switchvoxAccounts: logins,
    telphin: sim.urls.telphin, telphinClientId: sim.telphin.clientId, telphinClient: sim.telphin.clientAccountId,
    voipnow: sim.urls.voipnow, voipnowClientId: sim.voipnow.clientId, traffic: sim.traffic.status(),
  },
  'PBX simulator ready',
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void sim.close().then(() => process.exit(0));
  });
}
