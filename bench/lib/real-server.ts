/**
 * The real server (`npm start`: the production build + server/main.ts) as a child process on a free
 * loopback port with a fresh database and a config file naming one Noojee connection — the bench PBX
 * — with many extensions. Used by benchmarks 3 (browser), 5 (memory) and 6 (start-up).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, signInCookie, spawnLinesight, stopGroup } from '@/server/testing/linesight-process';
import type { FakePbx } from './fake-noojee-pbx';

export const BENCH_ADMIN_PASSWORD = 'bench-admin-password-1';
export { freePort };

export interface RealServer {
  url: string;
  /** `performance.now()` when `npm start` was spawned. */
  spawnedAt: number;
  /** `performance.now()` when it printed that it is live (HTTP listening). */
  listeningAt: number;
  /** Its own figure: main() start → listening. */
  startupMsLogged: number | null;
  signIn(): Promise<string>;
  /** Resident set and heap of the server process, from its own `/metrics`. */
  memory(): Promise<{ rssMb: number; heapMb: number }>;
  output(): string;
  stop(): Promise<void>;
}

export async function startRealServer(pbx: FakePbx): Promise<RealServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linesight-bench-server-'));
  const config = path.join(dir, 'linesight.json');
  fs.writeFileSync(
    config,
    JSON.stringify({
      connections: [{ id: 'bench', vendor: 'noojee', name: 'Bench PBX', baseUrl: pbx.url, apiKey: pbx.apiKey, extensions: pbx.extensions, tech: 'SIP', pollTimeoutS: 25 }],
    }),
  );
  const port = await freePort();
  const spawnedAt = performance.now();
  let output = '';
  // Output is kept to its tail: a long memory run must not grow the runner.
  const server = spawnLinesight(
    {
      PORT: String(port),
      DATABASE_PATH: path.join(dir, 'bench.db'),
      LINESIGHT_CONFIG: config,
      LINESIGHT_DEMO: '0',
      LINESIGHT_ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD,
      LOG_LEVEL: 'info',
    },
    (chunk) => (output = (output + chunk.toString()).slice(-20_000)),
    90_000,
    ['npm', ['start', '--silent']],
  );
  const line = await server.ready.catch((error: Error) => {
    throw new Error(`${error.message}:\n${output.slice(-4000)}`);
  });
  const live = { url: line.url, startupMs: line.startupMs, at: performance.now() };
  const url = live.url.replace(/\/$/, '');
  return {
    url,
    spawnedAt,
    listeningAt: live.at,
    startupMsLogged: live.startupMs,
    signIn: () => signInCookie(url, 'admin', BENCH_ADMIN_PASSWORD),
    async memory() {
      const text = await (await fetch(`${url}/metrics`)).text();
      const metric = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)`, 'm').exec(text)?.[1] ?? NaN);
      return { rssMb: metric('process_resident_memory_bytes') / 1e6, heapMb: metric('nodejs_heap_size_used_bytes') / 1e6 };
    },
    output: () => output,
    async stop() {
      await stopGroup(server.child, 'SIGTERM', 8_000);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
