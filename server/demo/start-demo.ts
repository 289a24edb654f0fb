import { randomUUID } from 'node:crypto';
import type { TConnectionConfig } from '@/server/config/connection-config';
import type { TEnv } from '@/server/env';
import { startSimulator } from '@/server/simulator';

export interface Demo {
  connections: TConnectionConfig[];
  controlUrl: string;
  close(): Promise<void>;
}

/**
 * Demo mode: the embedded simulator on loopback ports, reached through the real connectors exactly
 * as a customer's PBX would be (a fresh random apiKey each start, so nothing depends on a known key).
 */
export async function startDemo(env: TEnv): Promise<Demo> {
  const apiKey = randomUUID();
  const base = env.LINESIGHT_SIM_PORT;
  const sim = await startSimulator({
    host: '127.0.0.1',
    controlPort: base,
    noojeePort: base === 0 ? 0 : base + 1,
    noojeeApiKey: apiKey,
    traffic: env.LINESIGHT_DEMO_TRAFFIC > 0 ? { callsPerMinute: env.LINESIGHT_DEMO_TRAFFIC } : false,
  });
  const connections: TConnectionConfig[] = [
    {
      id: 'demo-noojee',
      vendor: 'noojee',
      name: 'Demo Noojee',
      baseUrl: sim.urls.noojee,
      apiKey,
      extensions: sim.directory.phones.map(({ number, name }) => ({ number, name })),
      tech: 'SIP',
      pollTimeoutS: 25,
    },
  ];
  return { connections, controlUrl: sim.urls.control, close: () => sim.close() };
}
