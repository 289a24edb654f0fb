/**
 * The server side of benchmarks 1, 2, 4 and 7, in its own process (so the WebSocket clients in the
 * parent do not share its event loop): the real pipeline (`startPipeline`: SQLite file, projector,
 * hub with session auth) with one bench connector that owns a real vendor normaliser and pushes each
 * generated vendor payload through it as one batch — what a push vendor's connector does per hook.
 * Beside it the baselines: a bare better-sqlite3 loop and a bare `ws` broadcaster.
 *
 * Driven over IPC by bench/run-bench.ts; every reply is `{ id, ok, result | error }`.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Vendor } from '@/lib/board';
import { startBackgroundCheckpoints } from '@/db/background-checkpoints';
import { capHeapGrowth } from '@/server/heap-growth';
import { ensureAdmin } from '@/server/auth/bootstrap-users';
import { SESSION_COOKIE } from '@/server/auth/cookies';
import type { Connector, ConnectorSink } from '@/server/connectors/connector';
import { startPipeline, type Pipeline } from '@/server/pipeline';
import { createFeed, type PayloadFeed } from './payloads';

export type ChildCommand =
  | { cmd: 'start'; vendor: Vendor; extensions: number }
  | { cmd: 'ingest'; seconds: number; yieldEvery: number }
  | { cmd: 'bare-storage'; seconds: number; batch: number }
  | { cmd: 'emit'; rate: number; seconds: number }
  | { cmd: 'bare-emit'; rate: number; seconds: number }
  | { cmd: 'snapshot'; repeat: number }
  | { cmd: 'fill'; fraction: number }
  | { cmd: 'stats' }
  /** This process's `now()`, for the parent to learn the offset between the two clocks. */
  | { cmd: 'clock' }
  | { cmd: 'stop' };

export interface StartResult {
  port: number;
  barePort: number;
  cookie: string;
}
export interface IngestResult {
  payloads: number;
  events: number;
  ms: number;
  rows: { events: number; calls: number; extensions: number };
  /** CPU time of this process (every thread, user + system) over the run. */
  cpuMs: number;
}
export interface BareStorageResult {
  rows: number;
  payloads: number;
  ms: number;
  cpuMs: number;
}
export interface EmitResult {
  /** [seq, absolute emit time ms] per emitted delta. */
  sent: [number, number][];
  /** Wall time the loop actually took (the emitter falls behind when the process is saturated). */
  ms: number;
  rssMb: number;
}
export interface SnapshotResult {
  buildMs: number[];
  stringifyMs: number[];
  bytes: number;
  extensions: number;
  calls: number;
}

const now = () => performance.timeOrigin + performance.now();
/** CPU time (ms, every thread, user + system) this process spent since `start`. */
const cpuMsSince = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};
// The pipeline runs with the heap growth `npm start` gives it (server/main.ts).
capHeapGrowth();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let pipeline: Pipeline | null = null;
let sink: ConnectorSink | null = null;
let feed: PayloadFeed | null = null;
let dir = '';
let next = 0;
let extensionCount = 0;
let server: http.Server | null = null;
let bare: { wss: WebSocketServer; server: http.Server; frames: string[] } | null = null;
/** Frames the hub sent during the last recorded `emit`, replayed by the bare broadcaster. */
let recordedFrames: string[] = [];

function benchConnector(id: string, vendor: Vendor): Connector {
  return {
    id,
    vendor,
    name: `Bench ${vendor}`,
    capabilities: { record: false, answer: false, dial: false, hooks: false },
    start(s) {
      sink = s;
      s.status('live');
    },
    stop: async () => {},
  };
}

/**
 * BENCH_NO_STORE=1, a diagnosis: during `ingest` the projector's writes (events, calls, extensions)
 * are not executed (its reads and transactions still are), to size what the rest of the pipeline
 * costs without storage. Installed before the pipeline prepares its statements.
 */
let writesOff = false;
if (process.env.BENCH_NO_STORE) {
  type Statement = { run: (...args: unknown[]) => unknown };
  const proto = Database.prototype as unknown as { prepare: (sql: string) => Statement };
  const prepare = proto.prepare;
  proto.prepare = function (this: unknown, sql: string) {
    const statement = prepare.call(this, sql);
    if (/^\s*(INSERT|UPDATE)\b[^(]*\b(events|calls|extensions)\b/i.test(sql)) {
      const run = statement.run.bind(statement);
      statement.run = (...args: unknown[]) => (writesOff ? { changes: 1, lastInsertRowid: 0 } : run(...args));
    }
    return statement;
  };
}

async function start(vendor: Vendor, extensions: number): Promise<StartResult> {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linesight-bench-'));
  pipeline = startPipeline({
    databasePath: path.join(dir, 'bench.db'),
    connections: [{ id: 'bench', vendor: 'noojee', name: 'Bench', baseUrl: 'http://127.0.0.1:9', apiKey: 'unused', extensions: ['1'], tech: 'SIP', pollTimeoutS: 25 }],
    createConnector: (config) => benchConnector(config.id, vendor),
  });
  if (!sink) throw new Error('the bench connector was not started');
  feed = createFeed(vendor, 'bench', extensions);
  extensionCount = extensions;
  sink.events([feed.known()]);
  next = 0;
  await ensureAdmin(pipeline.db, 'bench-password-1', new Date());
  const signedIn = await pipeline.auth.signIn('admin', 'bench-password-1', '127.0.0.1');
  if (!signedIn.ok) throw new Error('sign-in failed');
  const p = pipeline;
  server = http.createServer();
  server.on('upgrade', (req, socket, head) => {
    if (!p.hub.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const bareServer = http.createServer();
  const wss = new WebSocketServer({ server: bareServer });
  await new Promise<void>((resolve) => bareServer.listen(0, '127.0.0.1', resolve));
  bare = { wss, server: bareServer, frames: [] };
  return {
    port: (server.address() as AddressInfo).port,
    barePort: (bareServer.address() as AddressInfo).port,
    cookie: `${SESSION_COOKIE}=${signedIn.token}`,
  };
}

function feedOne(): number {
  const events = feed!.normalise(feed!.payload(next++));
  if (events.length > 0) sink!.events(events);
  return events.length;
}

async function ingest(seconds: number, yieldEvery: number): Promise<IngestResult> {
  let payloads = 0;
  let events = 0;
  writesOff = Boolean(process.env.BENCH_NO_STORE);
  const eventsBefore = (pipeline!.db.$client.prepare('select count(*) as n from events').get() as { n: number }).n;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const until = t0 + seconds * 1000;
  while (performance.now() < until) {
    for (let i = 0; i < yieldEvery; i++) events += feedOne();
    payloads += yieldEvery;
    // Let the sockets write and the clients' acks in, as a real server would between requests.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const ms = performance.now() - t0;
  const cpuMs = cpuMsSince(cpu0);
  writesOff = false;
  const db = pipeline!.db.$client;
  const count = (table: string) => (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  return { payloads, events, ms, rows: { events: count('events') - eventsBefore, calls: count('calls'), extensions: count('extensions') }, cpuMs };
}

/**
 * The storage limit: the writes the projector makes per payload (one `events` row with its JSON, one
 * `calls` upsert, one `extensions` upsert) with plain prepared statements, `batch` payloads per
 * transaction, into a copy of the pipeline's database (same schema, rows and pragmas).
 */
async function bareStorage(seconds: number, batch: number): Promise<BareStorageResult> {
  const source = pipeline!.db.$client;
  const file = path.join(dir, 'bare.db');
  source.prepare('vacuum into ?').run(file);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Checkpointed the way the pipeline's database is (db/background-checkpoints.ts), or the limit would not be one.
  const checkpoints = startBackgroundCheckpoints(db, file);
  const events = source.prepare('select * from events order by rowid limit 20000').all() as Record<string, unknown>[];
  const calls = source.prepare('select * from calls limit 5000').all() as Record<string, unknown>[];
  const extensions = source.prepare('select * from extensions').all() as Record<string, unknown>[];
  // BENCH_NO_STORE: the pipeline stored nothing to copy, and there is no storage to compare with.
  if (events.length === 0 || calls.length === 0) {
    await checkpoints?.stop();
    db.close();
    return { rows: 0, payloads: 0, ms: 0, cpuMs: 0 };
  }
  // The copy keeps the pipeline's events: a row costs more as the events table and its unique key
  // grow (10 µs on an empty table, 21 µs past 100,000 rows), and the limit is the pipeline's own table.
  const statement = (table: string, row: Record<string, unknown>, conflict: string | null) => {
    const cols = Object.keys(row).filter((c) => c !== 'id' || conflict !== null);
    const sql = `insert into ${table} (${cols.join(',')}) values (${cols.map((c) => `@${c}`).join(',')})` +
      (conflict ? ` on conflict(${conflict}) do update set ${cols.filter((c) => c !== conflict).map((c) => `${c}=excluded.${c}`).join(',')}` : '');
    return { run: db.prepare(sql), cols };
  };
  const eventRow = events[0]!;
  const insertEvent = statement('events', eventRow, null);
  const upsertCall = statement('calls', calls[0]!, 'id');
  const upsertExt = statement('extensions', extensions[0]!, 'id');
  const pick = (row: Record<string, unknown>, cols: string[]) => Object.fromEntries(cols.map((c) => [c, row[c]]));
  let n = 0;
  const tx = db.transaction((from: number) => {
    for (let i = from; i < from + batch; i++) {
      const ev = events[i % events.length]!;
      insertEvent.run.run({ ...pick(ev, insertEvent.cols), key: `${String(ev.key)}#${i}` });
      upsertCall.run.run(pick(calls[i % calls.length]!, upsertCall.cols));
      upsertExt.run.run(pick(extensions[i % extensions.length]!, upsertExt.cols));
    }
  });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const until = t0 + seconds * 1000;
  while (performance.now() < until) {
    tx(n);
    n += batch;
  }
  const ms = performance.now() - t0;
  const cpuMs = cpuMsSince(cpu0);
  await checkpoints?.stop();
  db.close();
  return { rows: n * 3, payloads: n, ms, cpuMs };
}

/** Emits `rate` payloads a second for `seconds`, on a 1 ms timer, recording each delta's seq. */
async function emit(rate: number, seconds: number): Promise<EmitResult> {
  const hub = pipeline!.hub;
  const sent: [number, number][] = [];
  const t0 = performance.now();
  const total = Math.round(rate * seconds);
  let done = 0;
  while (done < total) {
    const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate) + 1);
    const burst: number[] = [];
    while (done < due) {
      burst.push(now());
      const events = feed!.normalise(feed!.payload(next++));
      if (events.length > 0) sink!.events(events);
      done += 1;
    }
    // The connector's batches are committed from a setImmediate queued before this one (group
    // commit), which hands the changes to the hub for its next frame, itself sent from a later
    // setImmediate: here they are pending, and that frame is the one that carries them. Read at
    // emission instead, the seq was the frame already sent before them (a p50 below zero).
    await new Promise((resolve) => setImmediate(resolve));
    if (hub.pendingChanges > 0) for (const at of burst) sent.push([hub.currentSeq + 1, at]);
    await sleep(1);
  }
  const ms = performance.now() - t0;
  await sleep(200);
  return { sent, ms, rssMb: process.memoryUsage().rss / 1e6 };
}

/** The transport limit: the hub's recorded frames, re-sent to every bare `ws` client at the same rate. */
async function bareEmit(rate: number, seconds: number): Promise<EmitResult> {
  const clients = [...bare!.wss.clients] as WebSocket[];
  const frames = recordedFrames.length > 0 ? recordedFrames : [JSON.stringify({ type: 'delta', seq: 0, changes: [] })];
  const sent: [number, number][] = [];
  const t0 = performance.now();
  const total = Math.round(rate * seconds);
  let done = 0;
  let seq = 1_000_000;
  while (done < total) {
    const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate) + 1);
    while (done < due) {
      const at = now();
      seq += 1;
      // Same bytes as the hub's frame, with our own seq so the clients can match it.
      const frame = frames[done % frames.length]!.replace(/"seq":\d+/, `"seq":${seq}`);
      for (const client of clients) client.send(frame);
      sent.push([seq, at]);
      done += 1;
    }
    await sleep(1);
  }
  const ms = performance.now() - t0;
  await sleep(200);
  return { sent, ms, rssMb: process.memoryUsage().rss / 1e6 };
}

/** Puts `fraction` of the extensions on a call (for a realistic snapshot). */
function fill(fraction: number): number {
  const n = Math.round(fraction * extensionCount);
  // Payloads 0..n-1 are the `ring` step of call 0 on extensions 0..n-1.
  next = 0;
  for (let i = 0; i < n; i++) feedOne();
  return n;
}

function snapshot(repeat: number): SnapshotResult {
  const p = pipeline!;
  const buildMs: number[] = [];
  const stringifyMs: number[] = [];
  let bytes = 0;
  let board = p.projector.board(p.hub.currentSeq);
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    board = p.projector.board(p.hub.currentSeq);
    const t1 = performance.now();
    const text = JSON.stringify({ type: 'snapshot', seq: p.hub.currentSeq, board });
    const t2 = performance.now();
    buildMs.push(t1 - t0);
    stringifyMs.push(t2 - t1);
    bytes = Buffer.byteLength(text);
  }
  return { buildMs, stringifyMs, bytes, extensions: board.extensions.length, calls: board.extensions.reduce((n, e) => n + e.calls.length, 0) };
}

async function stop(): Promise<void> {
  for (const client of bare?.wss.clients ?? []) client.terminate();
  bare?.wss.close();
  bare?.server.close();
  server?.closeAllConnections();
  server?.close();
  await pipeline?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Replaces the frames the bare broadcaster replays (sent by the parent, which saw them). */
export type FramesMessage = { cmd: 'frames'; frames: string[] };

process.on('message', (message: (ChildCommand | FramesMessage) & { id: number }) => {
  const reply = (result: unknown) => process.send!({ id: message.id, ok: true, result });
  const fail = (error: unknown) => process.send!({ id: message.id, ok: false, error: error instanceof Error ? error.stack : String(error) });
  const run = async (): Promise<unknown> => {
    switch (message.cmd) {
      case 'start':
        return start(message.vendor, message.extensions);
      case 'ingest':
        return ingest(message.seconds, message.yieldEvery);
      case 'bare-storage':
        return bareStorage(message.seconds, message.batch);
      case 'emit':
        return emit(message.rate, message.seconds);
      case 'bare-emit':
        return bareEmit(message.rate, message.seconds);
      case 'frames':
        recordedFrames = message.frames;
        return recordedFrames.length;
      case 'fill':
        return fill(message.fraction);
      case 'snapshot':
        return snapshot(message.repeat);
      case 'clock':
        return now();
      case 'stats':
        return { rssMb: process.memoryUsage().rss / 1e6, heapMb: process.memoryUsage().heapUsed / 1e6, clients: pipeline?.hub.clientCount ?? 0 };
      case 'stop':
        await stop();
        setTimeout(() => process.exit(0), 50);
        return null;
    }
  };
  run().then(reply, fail);
});
process.send?.({ ready: true });
