import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `server/main.ts` (production build, demo mode, no random traffic so scripted calls are the
 * only ones) on a free port with a fresh database, and hands its URLs to the specs via env.
 */
export default async function globalSetup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linesight-e2e-'));
  const port = await freePort();
  const child = spawn('npx', ['tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_PATH: path.join(dir, 'e2e.db'),
      LINESIGHT_DEMO: '1',
      LINESIGHT_SIM_PORT: '0',
      LINESIGHT_DEMO_TRAFFIC: '0',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const logFile = path.join(dir, 'server.log');
  const log = fs.createWriteStream(logFile);
  child.stderr.pipe(log);
  const ready = new Promise<{ url: string; control: string }>((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s; see ${logFile}`)), 60_000);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}; see ${logFile}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      log.write(chunk);
      buffer += chunk.toString();
      for (const line of buffer.split('\n')) {
        if (!line.includes('Linesight is live')) continue;
        const parsed = JSON.parse(line) as { url: string; demo: { simulatorControl: string } };
        clearTimeout(timer);
        resolve({ url: parsed.url, control: parsed.demo.simulatorControl });
      }
    });
  });
  const { url, control } = await ready;
  process.env.E2E_BASE_URL = url;
  process.env.E2E_SIM_CONTROL = control;
  process.env.E2E_SERVER_LOG = logFile;
  return async () => {
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 500));
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
