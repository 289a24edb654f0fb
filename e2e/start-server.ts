import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface StartedServer {
  url: string;
  control: string | null;
  dir: string;
  /** Everything the server wrote to stdout and stderr so far. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `server/main.ts` (the production build) on a free loopback port with a fresh database,
 * and resolves once it logs that it is live.
 */
export async function startServer(env: Record<string, string>): Promise<StartedServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linesight-e2e-'));
  const port = await freePort();
  const child = spawn('npx', ['tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_PATH: path.join(dir, 'e2e.db'),
      LINESIGHT_SIM_PORT: '0',
      LINESIGHT_DEMO_TRAFFIC: '0',
      NODE_ENV: 'production',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const ready = new Promise<{ url: string; control: string | null }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${output}`)), 60_000);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.includes('Linesight is live'));
      if (!line) return;
      const parsed = JSON.parse(line) as { url: string; demo: false | { simulatorControl: string } };
      clearTimeout(timer);
      resolve({ url: parsed.url, control: parsed.demo ? parsed.demo.simulatorControl : null });
    });
  });
  const { url, control } = await ready;
  return {
    url,
    control,
    dir,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.pid) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        process.kill(-child.pid, 'SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
