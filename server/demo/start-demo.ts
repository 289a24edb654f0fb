import { randomUUID } from 'node:crypto';
import type { TConnectionConfig } from '@/lib/connection-config';
import type { TEnv } from '@/server/env';
import { startSimulator } from '@/server/simulator';

export interface Demo {
  connections: TConnectionConfig[];
  controlUrl: string;
  close(): Promise<void>;
}

/**
 * Demo mode: the embedded simulator on loopback ports (control, Noojee, Switchvox), reached through
 * the real connectors exactly as a customer's PBXs would be: site A is a Noojee PBX (a fresh random
 * apiKey each start, so nothing depends on a known key), site B a Switchvox PBX, site C a Telphin
 * account and site D a VoipNow server, whose hooks the connectors register on the simulator,
 * pointing back at this server.
 */
export async function startDemo(env: TEnv): Promise<Demo> {
  const apiKey = randomUUID();
  const base = env.LINESIGHT_SIM_PORT;
  const sim = await startSimulator({
    host: '127.0.0.1',
    controlPort: base,
    noojeePort: base === 0 ? 0 : base + 1,
    noojeeApiKey: apiKey,
    switchvoxPort: base === 0 ? 0 : base + 2,
    telphinPort: base === 0 ? 0 : base + 3,
    voipnowPort: base === 0 ? 0 : base + 4,
    traffic: env.LINESIGHT_DEMO_TRAFFIC > 0 ? { callsPerMinute: env.LINESIGHT_DEMO_TRAFFIC } : false,
  });
  const switchvoxAccounts = sim.switchvox.accounts();
  const login = switchvoxAccounts.find((a) => a.kind === 'phone' && a.password)!;
  const byKind = (kind: 'phone' | 'queue') =>
    switchvoxAccounts.filter((a) => a.kind === kind).map(({ accountId, extension, name }) => ({ accountId, extension, name }));
  const connections: TConnectionConfig[] = [
    {
      id: 'demo-noojee',
      vendor: 'noojee',
      name: 'Demo Noojee',
      baseUrl: sim.urls.noojee,
      apiKey,
      extensions: sim.directory.phones.filter((p) => p.site === 'A').map(({ number, name }) => ({ number, name })),
      tech: 'SIP',
      pollTimeoutS: 25,
    },
    {
      id: 'demo-switchvox',
      vendor: 'switchvox',
      name: 'Demo Switchvox',
      url: sim.urls.switchvox,
      extension: login.extension,
      password: login.password!,
      accounts: byKind('phone'),
      queues: byKind('queue'),
      insecureTls: false,
    },
    {
      id: 'demo-telphin',
      vendor: 'telphin',
      name: 'Demo Telphin',
      baseUrl: sim.urls.telphin,
      clientId: sim.telphin.clientId,
      clientSecret: sim.telphin.clientSecret,
      reconcileIntervalS: 30,
    },
    {
      id: 'demo-voipnow',
      vendor: 'voipnow',
      name: 'Demo VoipNow',
      baseUrl: sim.urls.voipnow,
      clientId: sim.voipnow.clientId,
      clientSecret: sim.voipnow.clientSecret,
      extensions: sim.voipnow.extensions().filter((e) => e.kind === 'phone').map((e) => e.number),
      pollIntervalS: 2,
    },
  ];
  return { connections, controlUrl: sim.urls.control, close: () => sim.close() };
}
