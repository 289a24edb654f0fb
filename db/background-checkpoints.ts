/**
 * WAL checkpoints on a worker thread, so the event loop that applies call events and serves the
 * wallboards never copies pages into the database file or waits for its fsync.
 *
 * SQLite's automatic checkpoint runs inside the commit that crosses 1,000 WAL pages, on the thread
 * that commits. On the ingest bench that was 15–20 % of the pipeline's time (BENCHMARKS.md §1). Here
 * the main connection's automatic checkpoint is off and a second connection, on its own thread (the
 * other core), runs a PASSIVE checkpoint every `everyMs` (it copies what it can without blocking the
 * writer) and a RESTART once the WAL reaches `restartFrames` (the writer waits for that one, which is
 * why the projector's transactions are IMMEDIATE). Should the worker die, the main connection
 * checkpoints for itself again, as before.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { logger } from '@/server/log';

const log = logger.child({ component: 'checkpoints' });

/** SQLite's default `wal_autocheckpoint`, restored when the worker is gone. */
const AUTOCHECKPOINT_PAGES = 1000;

// Plain CommonJS run with `eval`: the same code works under tsx, Vitest and the esbuild bundle of
// the server, none of which would find a separate worker file at the same path.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const passive = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const restart = db.prepare('PRAGMA wal_checkpoint(RESTART)');
let failing = false;
const timer = setInterval(() => {
  try {
    // PASSIVE copies without taking the write lock, but a busy writer keeps adding frames, so the
    // WAL would never be wholly copied and never start over: it grew 2 GB in 24 s of ingest. Once it
    // is long, RESTART copies the few frames left, holding the write lock for just that, and makes
    // the next commit write from the start of the file again.
    const state = passive.get();
    if (state.log >= workerData.restartFrames) restart.get();
    if (failing) parentPort.postMessage({ type: 'recovered' });
    failing = false;
  } catch (error) {
    if (!failing) parentPort.postMessage({ type: 'failed', error: String((error && error.message) || error) });
    failing = true;
  }
}, workerData.everyMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  try { passive.get(); } catch {}
  db.close();
  parentPort.close();
});
`;

export interface BackgroundCheckpoints {
  /** Stops the worker after a last checkpoint; the main connection checkpoints for itself again. */
  stop(): Promise<void>;
}

/** Starts checkpointing `file` (the file `sqlite` has open in WAL mode) on a worker thread. */
export function startBackgroundCheckpoints(
  sqlite: Database.Database,
  file: string,
  { everyMs = 100, restartFrames = 2000 }: { everyMs?: number; restartFrames?: number } = {},
): BackgroundCheckpoints | null {
  if (file === ':memory:' || sqlite.memory) return null;
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, everyMs, restartFrames } });
  // The worker is not what keeps the server alive.
  worker.unref();
  sqlite.pragma('wal_autocheckpoint = 0');
  let stopping = false;
  const checkpointHere = () => {
    if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  };
  worker.on('message', (message: { type: 'failed'; error: string } | { type: 'recovered' }) => {
    if (message.type === 'failed') log.error({ error: message.error }, 'background checkpoint failing; the WAL grows until it recovers');
    else log.warn('background checkpoint recovered');
  });
  worker.on('error', (err) => log.error({ err }, 'checkpoint worker failed; checkpointing on the main thread'));
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', (code) => {
      if (!stopping) log.error({ code }, 'checkpoint worker exited; checkpointing on the main thread');
      checkpointHere();
      resolve();
    }),
  );
  return {
    async stop() {
      if (stopping) return exited;
      stopping = true;
      worker.postMessage('stop');
      const timer = setTimeout(() => void worker.terminate(), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
