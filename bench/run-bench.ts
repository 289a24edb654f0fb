/**
 * `npm run bench`: every benchmark of issue 9 beside its baseline, a table on stdout and
 * bench/results.json. See BENCHMARKS.md for what each figure means.
 *
 * Flags: --memory-seconds=N (busy period of benchmark 5, default 120; the issue's hour is 3600),
 * --e2e-seconds=N (each run of 2 and 7, default 8), --ingest-seconds=N (per vendor and baseline,
 * default 3), --ingest-warmup-seconds=N (the load before each vendor's measured run, default 8),
 * --ingest-clients=N (WebSocket clients attached during benchmark 1, default 100),
 * --browser-seconds=N (default 10), --no-browser, --no-server (skip 3, 5, 6),
 * --only=browser (3 alone, with the start-up of 6 that brings its server up), --only=memory (5 alone,
 * with that start-up: the hour-long leak check), --only=ingest (1 alone), --only=e2e (2, 7 and 4
 * alone), --vendors=a,b (benchmark 1 for these vendors only), --out=FILE (default bench/results.json).
 */
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchEndToEnd, benchIngest } from './lib/pipeline-benches';
import { benchRealServer } from './lib/server-benches';
import { table } from './lib/stats';

const flags = new Map(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.replace(/^--/, '').split('=');
    return [key!, value ?? 'true'] as const;
  }),
);
const num = (key: string, fallback: number) => (flags.has(key) ? Number(flags.get(key)) : fallback);

const settings = {
  extensions: 2000,
  ingestClients: num('ingest-clients', 100),
  ingestSeconds: num('ingest-seconds', 3),
  ingestWarmUpSeconds: num('ingest-warmup-seconds', 8),
  e2eRate: 500,
  e2eClients: 200,
  e2eSeconds: num('e2e-seconds', 8),
  browserRate: 200,
  browserSeconds: num('browser-seconds', 10),
  memorySeconds: num('memory-seconds', 120),
  browser: !flags.has('no-browser'),
  server: !flags.has('no-server'),
  // Benchmark 3 alone, for A/B runs of the wallboard: no ingest, e2e or memory phases around it.
  onlyBrowser: flags.get('only') === 'browser',
  // Benchmark 5 alone: the hour-long leak check needs nothing else and a quiet machine.
  onlyMemory: flags.get('only') === 'memory',
  // Benchmark 1 alone (profiling the pipeline): no e2e, snapshot or server phases after it.
  onlyIngest: flags.get('only') === 'ingest',
  // Benchmarks 2, 7 and 4 alone (A/B runs of the pipeline's latency).
  onlyEndToEnd: flags.get('only') === 'e2e',
  vendors: flags.get('vendors')?.split(',') ?? null,
  // A diagnosis, not a result: benchmark 1 with the projector's writes not executed (pipeline-child.ts).
  ingestWithoutStorage: Boolean(process.env.BENCH_NO_STORE),
};
if (flags.has('only') && !settings.onlyBrowser && !settings.onlyMemory && !settings.onlyIngest && !settings.onlyEndToEnd) {
  throw new Error(`--only=${flags.get('only')}: only --only=browser, --only=memory, --only=ingest and --only=e2e are known`);
}
if (settings.onlyIngest || settings.onlyEndToEnd) settings.server = false;
if ((settings.onlyBrowser || settings.onlyMemory) && !settings.server) throw new Error('--only cannot be combined with --no-server');
if (settings.onlyBrowser && !settings.browser) throw new Error('--only=browser cannot be combined with --no-browser');
const out = path.resolve(flags.get('out') ?? 'bench/results.json');
const log = (line: string) => console.log(line);
if (settings.ingestWithoutStorage) log('BENCH_NO_STORE: benchmark 1 runs without its storage writes (a diagnosis; its figures are not results)');
const sh = (command: string) => {
  try {
    return execSync(command, { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
};

const machine = {
  cpu: /Model name:\s*(.*)/.exec(sh('lscpu'))?.[1] ?? os.cpus()[0]?.model ?? 'unknown',
  nproc: Number(sh('nproc')) || os.cpus().length,
  memoryGb: Math.round(os.totalmem() / 1e9),
  node: process.version,
  os: `${os.type()} ${os.release()}`,
  loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
  commit: sh('git rev-parse --short HEAD'),
  dirtyWorktree: sh('git status --porcelain') !== '',
};

const started = performance.now();
log(`Linesight bench — ${machine.cpu}, ${machine.nproc} CPUs, ${machine.memoryGb} GB, Node ${machine.node}, load ${machine.loadAverageAtStart.join(' ')}`);

if (settings.server && !fs.existsSync('.next/BUILD_ID')) {
  log('No production build (.next/BUILD_ID): running `npm run build` first (not timed)…');
  execSync('npm run build', { stdio: 'inherit' });
}

let ingest: Awaited<ReturnType<typeof benchIngest>> = [];
let e2e: Awaited<ReturnType<typeof benchEndToEnd>> | null = null;
if (!settings.onlyBrowser && !settings.onlyMemory && !settings.onlyEndToEnd) {
  log(`1. ingest (each vendor, ${settings.ingestClients} clients attached) beside bare storage…`);
  ingest = await benchIngest({ extensions: settings.extensions, clients: settings.ingestClients, seconds: settings.ingestSeconds, warmUpSeconds: settings.ingestWarmUpSeconds, vendors: settings.vendors, log });
}
if (!settings.onlyBrowser && !settings.onlyMemory && !settings.onlyIngest) {
  log('2, 7, 4. end-to-end latency beside bare ws, slow consumer, snapshot…');
  e2e = await benchEndToEnd({ extensions: settings.extensions, clients: settings.e2eClients, rate: settings.e2eRate, seconds: settings.e2eSeconds, log });
}
let server: Awaited<ReturnType<typeof benchRealServer>> | null = null;
if (settings.server) {
  if (settings.onlyMemory) log(`6, 5. real server (npm start) fed by the bench PBX: start-up, memory over ${settings.memorySeconds} s…`);
  else log(settings.onlyBrowser ? '6, 3. real server (npm start) fed by the bench PBX: start-up, browser…' : `6, 3, 5. real server (npm start) fed by the bench PBX: start-up, browser, memory over ${settings.memorySeconds} s…`);
  server = await benchRealServer({
    extensions: settings.extensions,
    browserRate: settings.browserRate,
    browserSeconds: settings.browserSeconds,
    memoryRate: settings.e2eRate,
    memoryClients: settings.e2eClients,
    memorySeconds: settings.memorySeconds,
    browser: settings.browser && !settings.onlyMemory,
    memory: !settings.onlyBrowser,
    log,
  });
}

const ok = (met: boolean) => (met ? 'met' : 'MISSED');
const rows: string[][] = [['#', 'measure', 'result', 'baseline', 'target', '']];
const minIngest = Math.min(...ingest.map((i) => i.eventsPerS));
const minShare = Math.min(...ingest.map((i) => i.ofBare));
for (const i of ingest) {
  rows.push(['1', `ingest ${i.vendor} (${i.clients} clients)`, `${i.payloadsPerS} payloads/s, ${i.eventsPerS} events/s`, `bare SQLite ${i.bareStoragePayloadsPerS}/s → ${(i.ofBare * 100).toFixed(1)} %`, '≥ 20,000 events/s, ≥ 25 %', ok(i.eventsPerS >= 20_000 && i.ofBare >= 0.25)]);
}
if (e2e) {
  const { latency, slowConsumer, snapshot } = e2e;
  const achieved = Math.round((latency.rate * latency.seconds) / ((latency.seconds * 1000 + latency.pipeline.emitterLagMs) / 1000));
  rows.push([
    '2',
    `e2e ${latency.rate}/s asked (${achieved}/s done), ${latency.extensions} ext, ${latency.clients} clients`,
    `p50 ${latency.pipeline.p50} p99 ${latency.pipeline.p99} max ${latency.pipeline.max} ms (${latency.pipeline.framesPerS} frames/s)`,
    `bare ws p50 ${latency.bareWs.p50} p99 ${latency.bareWs.p99} max ${latency.bareWs.max} ms (${latency.bareWs.framesPerS} frames/s)`,
    'p99 ≤ 25 ms, ≤ 2× bare',
    ok(latency.pipeline.p99 <= 25 && latency.p99Ratio <= 2 && latency.pipeline.emitterLagMs < 500),
  ]);
  rows.push([
    '4',
    `snapshot ${snapshot.extensions} ext, ${snapshot.calls} calls`,
    `build ${snapshot.buildMs} + JSON ${snapshot.stringifyMs} ms, ${(snapshot.bytes / 1024).toFixed(0)} KiB; connect→snapshot p50 ${snapshot.connectToSnapshotMs.p50} ms`,
    `bare ws connect p50 ${snapshot.bareConnectMs.p50} ms`,
    '≤ 50 ms',
    ok(snapshot.buildMs + snapshot.stringifyMs <= 50 && snapshot.connectToSnapshotMs.p50 <= 50),
  ]);
  rows.push([
    '7',
    `slow consumer (1 of ${slowConsumer.clients} reads nothing)`,
    `others p50 ${slowConsumer.othersWithSlow.p50} p99 ${slowConsumer.othersWithSlow.p99} ms`,
    `all reading p50 ${slowConsumer.allReading.p50} p99 ${slowConsumer.allReading.p99} ms`,
    'no measurable cost',
    ok(slowConsumer.p99DeltaMs <= Math.max(2, slowConsumer.allReading.p99 * 0.2)),
  ]);
}
if (server) {
  const { startup, browser, memory } = server;
  rows.push(['6', 'start-up (npm start, built)', `first live frame ${startup.firstLiveFrameMs} ms`, `listening ${startup.listeningMs} ms, snapshot ${startup.snapshotMs} ms`, '≤ 5 s', ok(startup.firstLiveFrameMs <= 5000)]);
  if ('deltaToPaint' in browser) {
    rows.push([
      '3',
      `browser ${browser.tiles} tiles, ${browser.ratePerS} changes/s`,
      `delta→paint p50 ${browser.deltaToPaint.p50} p99 ${browser.deltaToPaint.p99} ms; longest task ${browser.longestTaskMs} ms`,
      `${browser.tasksOver50ms} tasks > 50 ms, ${browser.tileChangesPainted} changes painted (in view: p50 ${browser.inViewDeltaToPaint.p50} p99 ${browser.inViewDeltaToPaint.p99} ms, n ${browser.inViewDeltaToPaint.n}; ${browser.tileChangesOffDom} on tiles not in the DOM)`,
      'p99 ≤ 50 ms, no task > 50 ms',
      ok(browser.deltaToPaint.p99 <= 50 && browser.tasksOver50ms === 0),
    ]);
  }
  if (memory) rows.push([
    '5',
    `memory, ${memory.ratePerS}/s, ${memory.clients} clients, ${memory.seconds} s`,
    `RSS ${memory.rssStartMb} → ${memory.rssEndMb} MB (max ${memory.rssMaxMb})`,
    `heap after GC ${memory.heapFloorFirstMb} → ${memory.heapFloorLastMb} MB (first → last ${memory.heapFloorWindowS} s); RSS slope ${memory.rssSlopeMbPerMin} MB/min`,
    '≤ 300 MB, no growth',
    ok(memory.rssMaxMb <= 300 && memory.heapFloorLastMb - memory.heapFloorFirstMb <= 10),
  ]);
}
log('');
log(table(rows));
const totalS = Math.round((performance.now() - started) / 1000);
if (ingest.length > 0) log(`\n(${totalS} s; ingest min ${minIngest} events/s, min share of bare storage ${(minShare * 100).toFixed(1)} %) → ${path.relative(process.cwd(), out)}`);
else log(`\n(${totalS} s) → ${path.relative(process.cwd(), out)}`);

fs.writeFileSync(
  out,
  `${JSON.stringify({ at: new Date().toISOString(), command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(), totalSeconds: totalS, machine, settings, ingest, e2e, server }, null, 2)}\n`,
);
