/**
 * Benchmarks against the real server (`npm start`, production build) fed by the bench PBX through the
 * real Noojee connector: 6 (start-up), 3 (browser: 2,000 tiles in headless Chromium) and 5 (memory).
 */
import fs from 'node:fs';
import { chromium } from 'playwright';
import WebSocket from 'ws';
import { startFakePbx } from './fake-noojee-pbx';
import { startRealServer, type RealServer } from './real-server';
import { round, summarise, type Summary } from './stats';
import { closeClients, openClients } from './ws-clients';

export interface StartupFigure {
  /** `npm start` spawned → the server logs that it is live (HTTP listening). */
  listeningMs: number;
  /** The server's own figure (main() → listening), without npm/tsx start-up. */
  mainToListeningMs: number | null;
  /** Spawned → a signed-in WebSocket has its snapshot. */
  snapshotMs: number;
  /** Spawned → the first delta carrying a PBX change (the connector is live). */
  firstLiveFrameMs: number;
}

export interface BrowserFigure {
  tiles: number;
  ratePerS: number;
  seconds: number;
  deltasReceived: number;
  /** Extension upserts in those deltas, per second: the load the page actually got. */
  tileChangesPerS: number;
  tileChangesPainted: number;
  /** Tile changes never seen on screen within 5 s (superseded or lost). */
  tileChangesUnseen: number;
  /** Changes to tiles a windowed grid has not rendered (off-screen): nothing to paint, not timed. */
  tileChangesOffDom: number;
  /** Every change painted on a tile in the DOM (in view, or off-screen but rendered). */
  deltaToPaint: Summary;
  /** The subset whose tile intersected the viewport: the same population for a full and a windowed grid. */
  inViewDeltaToPaint: Summary;
  longestTaskMs: number;
  tasksOver50ms: number;
  /** Tasks over 50 ms, at ms since the measurement began: to line them up with the slowest samples. */
  longTasks: Array<{ atMs: number; ms: number }>;
  /** The five slowest changes, at ms since the measurement began (their arrival). */
  slowest: Array<{ atMs: number; ms: number }>;
  /** How the probe saw the painted changes: at React's commit (mutation observer), or at a later frame's poll. */
  seenAtCommit: number;
  seenByFramePoll: number;
  /** Page load → the grid holds every tile (a windowed grid: says so in `data-tile-count`). */
  firstRenderMs: number;
}

export interface MemoryFigure {
  ratePerS: number;
  clients: number;
  seconds: number;
  /** Before the load: the server with its 2,000-extension board, the browser run behind it, no clients. */
  idle: { rssMb: number; heapMb: number };
  samples: { t: number; rssMb: number; heapMb: number }[];
  rssStartMb: number;
  rssEndMb: number;
  rssMaxMb: number;
  heapStartMb: number;
  heapEndMb: number;
  /** Least-squares slope of RSS over the second half of the run. */
  rssSlopeMbPerMin: number;
  heapSlopeMbPerMin: number;
  /**
   * Live heap after collection, as the lowest heap sample of the first and of the last
   * `heapFloorWindowS` (a
   * V8 heap is a saw-tooth: it fills with garbage until a major GC, so its slope says little; what
   * survives the collections is what a leak makes grow).
   */
  /** Span (s) at each end of the run whose lowest heap sample stands for the heap after collection. */
  heapFloorWindowS: number;
  heapFloorFirstMb: number;
  heapFloorLastMb: number;
}

export interface ServerResults {
  startup: StartupFigure;
  browser: BrowserFigure | { skipped: string };
  /** Null with `--only=browser`. */
  memory: MemoryFigure | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function slope(points: { t: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mt = points.reduce((s, p) => s + p.t, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.t - mt) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.t - mt) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

async function measureStartup(server: RealServer): Promise<StartupFigure> {
  const cookie = await server.signIn();
  const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/ws`, { headers: { Cookie: cookie } });
  let snapshotAt = 0;
  const liveAt = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no live frame within 60 s')), 60_000);
    socket.on('message', (data: Buffer) => {
      const text = data.toString();
      if (text.startsWith('{"type":"snapshot"')) snapshotAt ||= performance.now();
      else if (text.includes('"entity":"extension"') && text.includes('"calls":[{')) {
        clearTimeout(timer);
        resolve(performance.now());
      }
    });
    socket.on('error', reject);
  });
  socket.terminate();
  return {
    listeningMs: round(server.listeningAt - server.spawnedAt, 0),
    mainToListeningMs: server.startupMsLogged,
    snapshotMs: round(snapshotAt - server.spawnedAt, 0),
    firstLiveFrameMs: round(liveAt - server.spawnedAt, 0),
  };
}

/**
 * Runs in the page before the app: wraps `WebSocket` to see each delta as it arrives (before the
 * app's own handler), then catches the changed tiles taking their new state as React commits them (a
 * MutationObserver on `data-state`); a MessageChannel task posted from that frame runs after it is
 * painted. A poll on every animation frame handles the rest (tiles not in the DOM, changes that keep
 * a tile's state). Long tasks come from PerformanceObserver. Nothing in the app changes. A string, not
 * a function: tsx's transform would add helpers (`__name`) that do not exist in the page.
 *
 * A windowed grid renders only the tiles near the viewport: a change to a tile that is not in the DOM
 * after a fresh scan has nothing to paint and is counted apart (`offDom`), not timed. The grid is
 * scanned at most once per frame, and samples note whether their tile intersected the viewport, so a
 * full grid and a windowed one can be compared on the same population (tiles in view).
 */
const PAGE_PROBE = `(() => {
  const bench = (window.__bench = { on: false, deltas: 0, changes: 0, samples: [], sampleAt: [], inView: [], longtasks: [], longtaskAt: [], stale: 0, offDom: 0, viaMutation: 0, viaFrame: 0 });
  const pending = new Map();
  let tiles = new Map();
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (bench.on) { bench.longtasks.push(e.duration); bench.longtaskAt.push(Math.round(e.startTime)); }
  }).observe({ type: 'longtask', buffered: true });
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      this.addEventListener('message', (ev) => {
        if (!bench.on || typeof ev.data !== 'string' || !ev.data.startsWith('{"type":"delta"')) return;
        const t = performance.now();
        const frame = JSON.parse(ev.data);
        bench.deltas += 1;
        for (const c of frame.changes) {
          if (c.op !== 'upsert' || c.entity !== 'extension' || !c.value) continue;
          bench.changes += 1;
          pending.set(c.value.id, { t, state: c.value.state });
        }
      });
    }
  };
  const scan = () => {
    tiles = new Map();
    for (const t of document.querySelectorAll('[data-testid^="tile-"]')) tiles.set(t.getAttribute('data-testid').slice(5), t);
  };
  // Samples are stamped by a MessageChannel task posted from the frame that shows them: it runs once
  // that frame is painted. Whether the tile is in view is read then, with layout clean.
  const timed = (done, how) => {
    if (done.length === 0) return;
    bench[how] += done.length;
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      const painted = performance.now();
      const vh = window.innerHeight;
      for (const { p, el } of done) {
        const r = el.getBoundingClientRect();
        bench.samples.push(painted - p.t);
        bench.sampleAt.push(Math.round(p.t));
        if (r.bottom > 0 && r.top < vh) bench.inView.push(painted - p.t);
      }
    };
    // From inside a frame (the app renders in an animation-frame callback) the task runs once that
    // frame is painted; a change made outside one waits for the next frame.
    if (inFrame) channel.port2.postMessage(0);
    else requestAnimationFrame(() => channel.port2.postMessage(0));
  };
  // The app applies a delta in an animation-frame callback registered after this probe's own, so a
  // poll from requestAnimationFrame sees the change one frame late. React's commit is caught as it
  // happens instead: mutation records are delivered in the same task, before that frame is painted.
  new MutationObserver((records) => {
    if (pending.size === 0) return;
    const done = [];
    for (const rec of records) {
      const el = rec.target;
      const id = el.getAttribute('data-testid')?.slice(5);
      const p = id === undefined ? undefined : pending.get(id);
      if (p && el.getAttribute('data-state') === p.state) {
        done.push({ p, el });
        pending.delete(id);
      }
    }
    timed(done, 'viaMutation');
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-state'] });
  // Each frame: what the observer cannot see (a tile not in the DOM, a change that kept the tile's
  // state, one never shown).
  let inFrame = false;
  const frameDone = new MessageChannel();
  frameDone.port1.onmessage = () => (inFrame = false);
  const check = () => {
    // This callback runs first in each frame (registered before the app's): from here until the
    // task after the frame, a DOM change is painted by this frame.
    inFrame = true;
    frameDone.port2.postMessage(0);
    if (pending.size > 0) {
      const now = performance.now();
      const done = [];
      let scanned = false;
      for (const [id, p] of pending) {
        let el = tiles.get(id);
        if (!el || !el.isConnected) {
          if (!scanned) {
            scan();
            scanned = true;
          }
          el = tiles.get(id);
        }
        if (!el) {
          bench.offDom += 1;
          pending.delete(id);
        } else if (el.getAttribute('data-state') === p.state) {
          done.push({ p, el });
          pending.delete(id);
        } else if (now - p.t > 5000) {
          bench.stale += 1;
          pending.delete(id);
        }
      }
      timed(done, 'viaFrame');
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();`;

/** What `PAGE_PROBE` gathers in the page. */
interface PageBench {
  on: boolean;
  deltas: number;
  changes: number;
  samples: number[];
  sampleAt: number[];
  inView: number[];
  longtasks: number[];
  longtaskAt: number[];
  stale: number;
  offDom: number;
  viaMutation: number;
  viaFrame: number;
}

async function measureBrowser(server: RealServer, o: { tiles: number; rate: number; seconds: number; setRate: (r: number) => void }): Promise<BrowserFigure> {
  const cookie = await server.signIn();
  const [name, ...value] = cookie.split('=');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, reducedMotion: process.env.BENCH_REDUCED_MOTION ? 'reduce' : 'no-preference' });
    await context.addCookies([{ name: name!, value: value.join('='), url: server.url }]);
    const page = await context.newPage();
    await page.addInitScript({ content: PAGE_PROBE });
    o.setRate(0);
    const t0 = performance.now();
    await page.goto(server.url);
    await page.waitForFunction(
      (n) =>
        document.querySelectorAll('[data-testid^="tile-"]').length >= n ||
        Number(document.querySelector('[data-tile-count]')?.getAttribute('data-tile-count')) >= n,
      o.tiles,
      { timeout: 60_000 },
    );
    const firstRenderMs = round(performance.now() - t0, 0);
    await sleep(1000);
    o.setRate(o.rate);
    await sleep(1000);
    const cdp = process.env.BENCH_BROWSER_PROF ? await context.newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    // BENCH_BROWSER_TRACE=file.json: a Chromium timeline trace (style, layout, paint) of the measurement.
    if (process.env.BENCH_BROWSER_TRACE) await browser.startTracing(page, { path: process.env.BENCH_BROWSER_TRACE, categories: (process.env.BENCH_TRACE_CATS ?? 'devtools.timeline,blink.user_timing').split(',') });
    const t0Page = await page.evaluate(() => {
      (window as unknown as { __bench: { on: boolean } }).__bench.on = true;
      return performance.now();
    });
    await sleep(o.seconds * 1000);
    // Off before the trace and profile are collected: stopping them is a long task of the page's own.
    const r = await page.evaluate(() => {
      const b = (window as unknown as { __bench: PageBench }).__bench;
      b.on = false;
      return b;
    });
    if (process.env.BENCH_BROWSER_TRACE) await browser.stopTracing();
    if (cdp) {
      // BENCH_BROWSER_PROF=file.cpuprofile: a CPU profile of the page during the measurement.
      const { profile } = await cdp.send('Profiler.stop');
      fs.writeFileSync(process.env.BENCH_BROWSER_PROF!, JSON.stringify(profile));
    }
    const at = (t: number) => round(t - t0Page, 0);
    return {
      tiles: o.tiles,
      ratePerS: o.rate,
      seconds: o.seconds,
      deltasReceived: r.deltas,
      tileChangesPerS: round(r.changes / o.seconds, 0),
      tileChangesPainted: r.samples.length,
      tileChangesUnseen: r.stale,
      tileChangesOffDom: r.offDom,
      deltaToPaint: summarise(r.samples),
      inViewDeltaToPaint: summarise(r.inView),
      longestTaskMs: round(Math.max(0, ...r.longtasks), 0),
      tasksOver50ms: r.longtasks.filter((d) => d > 50).length,
      longTasks: r.longtasks.flatMap((ms, i) => (ms > 50 ? [{ atMs: at(r.longtaskAt[i]!), ms: round(ms, 0) }] : [])),
      slowest: r.samples
        .map((ms, i) => ({ atMs: at(r.sampleAt[i]!), ms: round(ms, 1) }))
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 5),
      seenAtCommit: r.viaMutation,
      seenByFramePoll: r.viaFrame,
      firstRenderMs,
    };
  } finally {
    await browser.close();
  }
}

async function measureMemory(server: RealServer, o: { rate: number; clients: number; seconds: number; setRate: (r: number) => void; log: (s: string) => void }): Promise<MemoryFigure> {
  const cookie = await server.signIn();
  o.setRate(0);
  await sleep(2000);
  const idle = await server.memory();
  const clients = await openClients({ url: `${server.url.replace(/^http/, 'ws')}/ws`, cookie, count: o.clients });
  o.setRate(o.rate);
  const samples: MemoryFigure['samples'] = [];
  const t0 = performance.now();
  const every = Math.max(1, Math.min(10, o.seconds / 30));
  while (performance.now() - t0 < o.seconds * 1000) {
    await sleep(every * 1000);
    const m = await server.memory();
    samples.push({ t: round((performance.now() - t0) / 1000, 1), rssMb: round(m.rssMb, 1), heapMb: round(m.heapMb, 1) });
  }
  o.setRate(0);
  await closeClients(clients);
  const half = samples.slice(Math.floor(samples.length / 2));
  const perMin = (key: 'rssMb' | 'heapMb') => round(slope(half.map((s) => ({ t: s.t / 60, y: s[key] }))), 2);
  const first = samples[0]!;
  const last = samples.at(-1)!;
  o.log(`  memory: RSS ${first.rssMb} → ${last.rssMb} MB (max ${Math.max(...samples.map((s) => s.rssMb))}), heap ${first.heapMb} → ${last.heapMb} MB over ${o.seconds} s`);
  const floor = (from: number, to: number) => Math.min(...samples.filter((s) => s.t >= from && s.t <= to).map((s) => s.heapMb));
  // The heap saw-tooths between collections, sampled every few seconds: the lowest sample of one
  // minute may miss every trough (an hour's run read 62 → 81 MB while each 5-minute floor stayed at
  // 56–65 MB). A tenth of the run, at least a minute, holds several collections.
  const floorS = Math.max(60, o.seconds / 10);
  const floorFirst = floor(0, floorS);
  const floorLast = floor(last.t - floorS, last.t);
  o.log(`  memory: heap after collection (lowest sample) first ${floorS} s ${floorFirst} MB, last ${floorS} s ${floorLast} MB`);
  return {
    ratePerS: o.rate,
    clients: o.clients,
    seconds: o.seconds,
    idle: { rssMb: round(idle.rssMb, 1), heapMb: round(idle.heapMb, 1) },
    samples,
    rssStartMb: first.rssMb,
    rssEndMb: last.rssMb,
    rssMaxMb: Math.max(...samples.map((s) => s.rssMb)),
    heapStartMb: first.heapMb,
    heapEndMb: last.heapMb,
    rssSlopeMbPerMin: perMin('rssMb'),
    heapSlopeMbPerMin: perMin('heapMb'),
    heapFloorWindowS: floorS,
    heapFloorFirstMb: floorFirst,
    heapFloorLastMb: floorLast,
  };
}

export async function benchRealServer(o: {
  extensions: number;
  browserRate: number;
  browserSeconds: number;
  memoryRate: number;
  memoryClients: number;
  memorySeconds: number;
  browser: boolean;
  /** False: stop after benchmark 3 (`--only=browser`). */
  memory: boolean;
  log: (s: string) => void;
}): Promise<ServerResults> {
  const pbx = await startFakePbx({ extensions: o.extensions });
  // Calls flow from the start, so "first live frame" means the connector is delivering.
  pbx.setRate(o.browserRate);
  let server: RealServer | null = null;
  try {
    server = await startRealServer(pbx);
    const startup = await measureStartup(server);
    o.log(`  start-up: listening ${startup.listeningMs} ms, snapshot ${startup.snapshotMs} ms, first live frame ${startup.firstLiveFrameMs} ms after npm start`);
    let browser: BrowserFigure | { skipped: string } = { skipped: '--no-browser' };
    if (o.browser) {
      browser = await measureBrowser(server, { tiles: o.extensions, rate: o.browserRate, seconds: o.browserSeconds, setRate: (r) => pbx.setRate(r) });
      o.log(
        `  browser: delta→paint p50 ${browser.deltaToPaint.p50} p99 ${browser.deltaToPaint.p99} ms (n ${browser.deltaToPaint.n}; in view p50 ${browser.inViewDeltaToPaint.p50} p99 ${browser.inViewDeltaToPaint.p99} ms, n ${browser.inViewDeltaToPaint.n}; off-DOM ${browser.tileChangesOffDom}, unseen ${browser.tileChangesUnseen}), longest task ${browser.longestTaskMs} ms (${browser.tasksOver50ms} over 50 ms), ${browser.deltasReceived} deltas, ${browser.tileChangesPerS} tile changes/s`,
      );
      o.log(
        `  browser: ${browser.seenAtCommit} seen at commit, ${browser.seenByFramePoll} by frame poll; slowest ${browser.slowest.map((x) => `${x.ms} ms at ${x.atMs}`).join(', ')}; long tasks ${browser.longTasks.map((x) => `${x.ms} ms at ${x.atMs}`).join(', ') || 'none'}`,
      );
    }
    if (!o.memory) return { startup, browser, memory: null };
    const memory = await measureMemory(server, { rate: o.memoryRate, clients: o.memoryClients, seconds: o.memorySeconds, setRate: (r) => pbx.setRate(r), log: o.log });
    return { startup, browser, memory };
  } finally {
    await server?.stop();
    await pbx.close();
  }
}
