import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, spawnLinesight, stopGroup } from '@/server/testing/linesight-process';

export { freePort };

export interface StartedServer {
  url: string;
  control: string | null;
  dir: string;
  /** Everything the server wrote to stdout and stderr so far. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts the server as `npm start` runs it (the compiled server bundle over the production Next
 * build; the bundle is rebuilt first, in about a second, so it is never older than the source) on a
 * free loopback port with a fresh database, and resolves once it logs that it is live.
 */
export async function startServer(env: Record<string, string>): Promise<StartedServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linesight-e2e-'));
  const port = await freePort();
  let output = '';
  execFileSync('node', ['scripts/build-server.mjs'], { stdio: 'inherit' });
  const server = spawnLinesight(
    { PORT: String(port), DATABASE_PATH: path.join(dir, 'e2e.db'), LINESIGHT_SIM_PORT: '0', LINESIGHT_DEMO_TRAFFIC: '0', ...env },
    (chunk) => (output += chunk.toString()),
    60_000,
    ['node', ['.next/linesight-server/main.mjs']],
  );
  const { url, control } = await server.ready.catch((error: Error) => {
    throw new Error(`${error.message}:\n${output}`);
  });
  return {
    url,
    control,
    dir,
    output: () => output,
    async stop() {
      await stopGroup(server.child, 'SIGTERM', 5_000);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
