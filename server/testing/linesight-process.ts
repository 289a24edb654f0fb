/**
 * The real server (`tsx server/main.ts`, production build) as a child process, for the e2e tests,
 * the chaos run and the benchmarks: one way to start it, wait for it and stop it.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import net from 'node:net';
import type { Readable } from 'node:stream';

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

export interface LiveLine {
  url: string;
  control: string | null;
  /** The server's own figure: main() start → listening. */
  startupMs: number | null;
}

export interface LinesightProcess {
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** Resolves with the "Linesight is live" log line; rejects if the process exits first. */
  ready: Promise<LiveLine>;
}

/**
 * Spawns the server in its own process group (so a signal reaches npx, tsx and node at once) with
 * the production environment plus `env`; every chunk it prints goes to `onOutput`.
 */
export function spawnLinesight(
  env: Record<string, string>,
  onOutput: (chunk: Buffer) => void,
  startTimeoutMs = 90_000,
  command: [string, string[]] = ['npx', ['tsx', 'server/main.ts']],
): LinesightProcess {
  const child = spawn(command[0], command[1], {
    env: { ...process.env, HOST: '127.0.0.1', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stderr.on('data', onOutput);
  const ready = new Promise<LiveLine>((resolve, reject) => {
    let buffered = '';
    let live = false;
    const timer = setTimeout(() => reject(new Error(`Linesight did not start in ${startTimeoutMs / 1000} s`)), startTimeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (!live) reject(new Error(`Linesight exited during start-up (${code ?? signal})`));
    });
    child.stdout.on('data', (chunk: Buffer) => {
      onOutput(chunk);
      if (live) return;
      buffered += chunk.toString();
      const line = buffered.split('\n').find((l) => l.includes('Linesight is live'));
      if (!line) return;
      live = true;
      clearTimeout(timer);
      const parsed = JSON.parse(line) as { url: string; demo: false | { simulatorControl: string }; startupMs?: number };
      resolve({ url: parsed.url, control: parsed.demo ? parsed.demo.simulatorControl : null, startupMs: parsed.startupMs ?? null });
    });
  });
  return { child, ready };
}

/** Signals the whole process group and waits for the exit; escalates to SIGKILL after `graceMs`. */
export async function stopGroup(child: LinesightProcess['child'], signal: NodeJS.Signals, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const pid = child.pid;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const send = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      // already gone
    }
  };
  send(signal);
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, graceMs))]);
  if (child.exitCode === null && child.signalCode === null) {
    send('SIGKILL');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
  }
}

/** Signs in through `POST /api/session` and returns the session cookie pair (`name=value`). */
export async function signInCookie(url: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: url },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 204) throw new Error(`sign-in answered ${response.status}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
  if (!cookie) throw new Error('sign-in set no cookie');
  return cookie;
}
