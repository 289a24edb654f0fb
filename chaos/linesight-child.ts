/**
 * Linesight as a child process (`tsx server/main.ts`, the production build, like e2e/start-server.ts),
 * which the chaos run can `kill -9` and start again on the same database.
 */
import fs from 'node:fs';
import { freePort, signInCookie, spawnLinesight, stopGroup, type LinesightProcess } from '@/server/testing/linesight-process';

export { freePort };

export interface ChildOptions {
  port: number;
  databasePath: string;
  configPath: string;
  adminPassword: string;
  /** Where the child's stdout/stderr go (JSON log lines), appended across restarts. */
  logPath: string;
}

export class LinesightChild {
  private child: LinesightProcess['child'] | null = null;
  readonly url: string;

  constructor(private readonly opts: ChildOptions) {
    this.url = `http://127.0.0.1:${opts.port}`;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the server and resolves once it logs that it is live. */
  async start(): Promise<void> {
    const started = spawnLinesight(
      {
        PORT: String(this.opts.port),
        DATABASE_PATH: this.opts.databasePath,
        LINESIGHT_CONFIG: this.opts.configPath,
        LINESIGHT_DEMO: '0',
        LINESIGHT_ADMIN_PASSWORD: this.opts.adminPassword,
        PUBLIC_URL: this.url,
        LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'info',
      },
      (chunk) => fs.appendFileSync(this.opts.logPath, chunk),
    );
    this.child = started.child;
    await started.ready.catch((error: Error) => {
      throw new Error(`${error.message}; log: ${this.opts.logPath}`);
    });
  }

  /** `kill -9` of the whole process group: no shutdown handler runs, the database is left as it was. */
  async kill9(): Promise<void> {
    if (this.child) await stopGroup(this.child, 'SIGKILL');
    this.child = null;
  }

  /** Graceful stop (SIGTERM), so the database is closed before the runner reads it. */
  async stop(): Promise<void> {
    if (this.child) await stopGroup(this.child, 'SIGTERM');
    this.child = null;
  }

  /** Signs in as admin and returns the session cookie pair. */
  signIn(password: string): Promise<string> {
    return signInCookie(this.url, 'admin', password);
  }
}
