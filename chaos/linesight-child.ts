/**
 * Linesight as a child process (`tsx server/main.ts`, the production build, like e2e/start-server.ts),
 * which the chaos run can `kill -9` and start again on the same database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

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

export interface ChildOptions {
  port: number;
  databasePath: string;
  configPath: string;
  adminPassword: string;
  /** Where the child's stdout/stderr go (JSON log lines), appended across restarts. */
  logPath: string;
}

export class LinesightChild {
  private child: ChildProcess | null = null;
  readonly url: string;

  constructor(private readonly opts: ChildOptions) {
    this.url = `http://127.0.0.1:${opts.port}`;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the server and resolves once it logs that it is live. */
  async start(): Promise<void> {
    const log = fs.openSync(this.opts.logPath, 'a');
    const child = spawn('npx', ['tsx', 'server/main.ts'], {
      env: {
        ...process.env,
        PORT: String(this.opts.port),
        HOST: '127.0.0.1',
        DATABASE_PATH: this.opts.databasePath,
        LINESIGHT_CONFIG: this.opts.configPath,
        LINESIGHT_DEMO: '0',
        LINESIGHT_ADMIN_PASSWORD: this.opts.adminPassword,
        PUBLIC_URL: this.url,
        NODE_ENV: 'production',
        LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'info',
      },
      stdio: ['ignore', 'pipe', log],
      // Its own process group, so kill -9 reaches npx, tsx and node at once.
      detached: true,
    });
    this.child = child;
    let buffered = '';
    let live = false;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Linesight did not start in 90 s (log: ${this.opts.logPath})`)), 90_000);
      child.once('exit', (code, signal) => {
        if (live) return;
        clearTimeout(timer);
        reject(new Error(`Linesight exited during start-up (${code ?? signal}); log: ${this.opts.logPath}`));
      });
      child.stdout!.on('data', (chunk: Buffer) => {
        fs.appendFileSync(this.opts.logPath, chunk);
        if (live) return;
        buffered += chunk.toString();
        if (buffered.includes('Linesight is live')) {
          live = true;
          clearTimeout(timer);
          resolve();
        }
      });
    });
    fs.closeSync(log);
  }

  /** `kill -9` of the whole process group: no shutdown handler runs, the database is left as it was. */
  async kill9(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** Graceful stop (SIGTERM), so the database is closed before the runner reads it. */
  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  private async signal(sig: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || !this.running || !child.pid) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      process.kill(-child.pid, sig);
    } catch {
      // already gone
    }
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (this.running) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    }
    this.child = null;
  }

  /** Signs in as admin (POST /api/session) and returns the session cookie pair. */
  async signIn(password: string): Promise<string> {
    const response = await fetch(`${this.url}/api/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: this.url },
      body: JSON.stringify({ username: 'admin', password }),
    });
    if (response.status !== 204) throw new Error(`sign-in failed: ${response.status}`);
    const cookie = response.headers.get('set-cookie');
    if (!cookie) throw new Error('sign-in gave no cookie');
    return cookie.split(';')[0]!;
  }
}
