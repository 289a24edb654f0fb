/**
 * One chaos run (issue 8): the simulator in this process with busy-hour traffic on all four sites,
 * Linesight as a child process on its own database, a seeded schedule of every simulator fault plus
 * kill -9 / restart of Linesight, then a settle time and the board and stored legs against the truth.
 *
 * End of run: faults and new calls stop, calls still live are left to finish on their own (the
 * traffic generator keeps hanging them up), so the settle time checks repair while the board still
 * moves; live truth legs must then be live stored legs, ended ones ended.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { ExtensionState } from '@/lib/board';
import type { TConnectionConfig } from '@/lib/connection-config';
import { startSimulator, type RunningSimulator, type Site } from '@/server/simulator';
import { BoardFollower } from './board-follower';
import { compareSite, type DownWindow, type SiteFigures, type StoredLeg } from './compare';
import { buildSchedule, FAULT_KINDS, rng, SWITCHVOX_MAX_HOLD_MS, type FaultContext } from './faults';
import { freePort, LinesightChild } from './linesight-child';
import { TruthRecorder, truthTileStates } from './truth-recorder';

export interface ChaosOptions {
  minutes: number;
  seed: number;
  callsPerMinute: number;
  settleS: number;
  killCount: number;
  log?: (line: string) => void;
}

export interface ChaosResult {
  seed: number;
  minutes: number;
  callsPerMinute: number;
  settleS: number;
  maxConcurrentCalls: number;
  maxQueueWaiting: number;
  faults: Record<string, number>;
  downMs: number;
  /** When Linesight was down (kill -9 → live again), ISO times: to read its log and database against. */
  downWindows: { from: string; to: string }[];
  /** Noojee restarts (seq resets) that dropped entries no reply had carried: legs inside are unobservable. */
  noojeeUntoldSpans: { from: string; to: string }[];
  sites: Record<Site, SiteFigures & { vendor: string; calls: number }>;
  total: { lost: number; phantom: number; duplicated: number; wrongOutcome: number; tilesWrongAtEnd: number };
  logPath: string;
}

/**
 * `streamed`: the vendor's events come over our own link (Noojee long-poll, Switchvox socket), so
 * while the board shows that link not live the PBX cannot tell us anything and keeps no history we
 * read: legs that lived wholly inside such a window are unobservable, not lost. Telphin and VoipNow
 * push webhooks whatever their API's state, so their API outages excuse nothing.
 */
export const SITES: { site: Site; vendor: string; conn: string; streamed: boolean }[] = [
  { site: 'A', vendor: 'noojee', conn: 'chaos-a', streamed: true },
  { site: 'B', vendor: 'switchvox', conn: 'chaos-b', streamed: true },
  { site: 'C', vendor: 'telphin', conn: 'chaos-c', streamed: false },
  { site: 'D', vendor: 'voipnow', conn: 'chaos-d', streamed: false },
];

/** A tile still wrong this long at the end is wrong, not just late. */
const PERSISTENT_MS = 2_000;
const SAMPLE_MS = 250;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function ensureBuild(log: (line: string) => void): void {
  if (fs.existsSync(path.join(process.cwd(), '.next', 'BUILD_ID'))) return;
  log('no production build (.next/BUILD_ID): running npm run build');
  const built = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('npm run build failed');
}

function connectionConfigs(sim: RunningSimulator, apiKey: string): TConnectionConfig[] {
  const accounts = sim.switchvox.accounts();
  const login = accounts.find((a) => a.kind === 'phone' && a.password)!;
  const byKind = (kind: 'phone' | 'queue') => accounts.filter((a) => a.kind === kind).map(({ accountId, extension, name }) => ({ accountId, extension, name }));
  return [
    {
      id: 'chaos-a', vendor: 'noojee', name: 'Chaos Noojee', baseUrl: sim.urls.noojee, apiKey,
      extensions: sim.directory.phones.filter((p) => p.site === 'A').map(({ number, name }) => ({ number, name })), tech: 'SIP', pollTimeoutS: 25,
    },
    { id: 'chaos-b', vendor: 'switchvox', name: 'Chaos Switchvox', url: sim.urls.switchvox, extension: login.extension, password: login.password!, accounts: byKind('phone'), queues: byKind('queue'), insecureTls: false },
    // The shortest reconcile / poll intervals the config allows: repairs after lost hooks come sooner.
    { id: 'chaos-c', vendor: 'telphin', name: 'Chaos Telphin', baseUrl: sim.urls.telphin, clientId: sim.telphin.clientId, clientSecret: sim.telphin.clientSecret, reconcileIntervalS: 5 },
    {
      id: 'chaos-d', vendor: 'voipnow', name: 'Chaos VoipNow', baseUrl: sim.urls.voipnow, clientId: sim.voipnow.clientId, clientSecret: sim.voipnow.clientSecret,
      extensions: sim.voipnow.extensions().filter((e) => e.kind === 'phone').map((e) => e.number), pollIntervalS: 2,
    },
  ] as TConnectionConfig[];
}

/** Longest continuous wrong streak of any phone tile, per site; paused while Linesight is down. */
class TileSampler {
  readonly longest = new Map<Site, number>(SITES.map((s) => [s.site, 0]));
  readonly worst = new Map<Site, string>();
  private readonly since = new Map<string, number>();
  /** When each open streak began, for the report (`since` is moved on by the time Linesight was down). */
  private readonly from = new Map<string, number>();
  private pausedAt: number | null = null;
  private readonly siteOf = new Map<string, Site>();
  /** Per connection: windows in which the board showed it not live (open one: `to` = Infinity). */
  readonly linkDown = new Map<string, DownWindow[]>();
  maxConcurrent = 0;
  maxWaiting = 0;

  constructor(
    private readonly sim: RunningSimulator,
    private readonly recorder: TruthRecorder,
  ) {
    for (const p of sim.directory.phones) this.siteOf.set(p.number, p.site);
  }

  sample(follower: BoardFollower, now: number): void {
    const truth = this.sim.engine.truth();
    this.maxConcurrent = Math.max(this.maxConcurrent, truth.calls.length);
    this.maxWaiting = Math.max(this.maxWaiting, truth.queueWaiting.length);
    const board = follower.board;
    if (!board) return;
    if (this.pausedAt !== null) {
      // Back after a kill -9: a tile wrong before it and still wrong now has been wrong throughout,
      // less the time nobody could see a board.
      const gap = now - this.pausedAt;
      for (const [key, at] of this.since) this.since.set(key, at + gap);
      this.pausedAt = null;
    }
    for (const { conn } of SITES) {
      const live = board.connections.find((c) => c.id === conn)?.status === 'live';
      const windows = this.linkDown.get(conn) ?? [];
      const open = windows.at(-1)?.to === Infinity ? windows.at(-1) : undefined;
      if (!live && !open) windows.push({ from: now, to: Infinity });
      if (live && open) open.to = now;
      this.linkDown.set(conn, windows);
    }
    const expected = truthTileStates(this.sim, this.recorder.liveForwards());
    const shown = new Map<string, ExtensionState>();
    for (const e of board.extensions) shown.set(e.id, e.state);
    for (const [number, state] of expected) {
      const site = this.siteOf.get(number)!;
      const conn = SITES.find((s) => s.site === site)!.conn;
      const onBoard = shown.get(`${conn}:${number}`) ?? 'missing';
      const key = `${site}:${number}`;
      if (onBoard === state) this.close(key);
      else {
        if (!this.since.has(key)) {
          this.since.set(key, now);
          this.from.set(key, now);
        }
        const ms = now - this.since.get(key)!;
        if (ms > this.longest.get(site)!) {
          this.longest.set(site, ms);
          this.worst.set(site, `${number} board ${onBoard} truth ${state} from ${new Date(this.from.get(key)!).toISOString()}`);
        }
      }
    }
  }

  private close(key: string): void {
    this.since.delete(key);
    this.from.delete(key);
  }

  /**
   * Linesight is down: streaks stop counting until the first board after the restart, and go on
   * then for the tiles still wrong (a stuck call that outlives a restart is not forgiven by it).
   */
  pause(now: number): void {
    this.pausedAt ??= now;
  }

  /** Tiles wrong for at least PERSISTENT_MS at `now`, per site. */
  persistent(now: number): Map<Site, string[]> {
    const out = new Map<Site, string[]>(SITES.map((s) => [s.site, []]));
    for (const [key, from] of this.since) {
      if (now - from >= PERSISTENT_MS) out.get(key.split(':')[0] as Site)!.push(key);
    }
    return out;
  }
}

export async function runChaos(opts: ChaosOptions): Promise<ChaosResult> {
  const log = opts.log ?? (() => {});
  ensureBuild(log);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linesight-chaos-'));
  const apiKey = randomBytes(16).toString('hex');
  const adminPassword = randomBytes(12).toString('base64url');
  const sim = await startSimulator({ host: '127.0.0.1', noojeeApiKey: apiKey, seed: opts.seed, traffic: false });
  const recorder = new TruthRecorder(sim);
  const configPath = path.join(dir, 'connections.json');
  fs.writeFileSync(configPath, JSON.stringify({ connections: connectionConfigs(sim, apiKey) }), { mode: 0o600 });
  const databasePath = path.join(dir, 'linesight.db');
  const logPath = path.join(dir, 'linesight.log');
  const child = new LinesightChild({ port: await freePort(), databasePath, configPath, adminPassword, logPath });
  const follower = new BoardFollower();
  const sampler = new TileSampler(sim, recorder);
  const down: DownWindow[] = [];
  const faults: Record<string, number> = {};
  const pending = new Set<NodeJS.Timeout>();
  let up = false;
  let sampling: NodeJS.Timeout | null = null;

  const bringUp = async () => {
    await child.start();
    await follower.open(child.url, await child.signIn(adminPassword));
    up = true;
  };

  try {
    log(`Linesight starting (log ${logPath})`);
    await bringUp();
    // Let the four connectors reach live before traffic starts: the run measures faults, not start-up.
    await sleep(5_000);
    sampling = setInterval(() => up && follower.connected && sampler.sample(follower, Date.now()), SAMPLE_MS);
    sim.traffic.start({ callsPerMinute: opts.callsPerMinute, seed: opts.seed });
    const durationMs = Math.round(opts.minutes * 60_000);
    const schedule = buildSchedule(opts.seed, durationMs, opts.killCount);
    const ctx: FaultContext = {
      sim, random: rng(opts.seed ^ 0x5eed), switchvoxLoginAccount: sim.switchvox.accounts().find((a) => a.kind === 'phone' && a.password)!.accountId,
      later: (ms, fn) => {
        const t = setTimeout(() => {
          pending.delete(t);
          fn();
        }, ms);
        pending.add(t);
      },
    };
    const started = Date.now();
    log(`faults for ${opts.minutes} min, ${opts.callsPerMinute} calls/min, seed ${opts.seed}: ${schedule.length} scheduled`);
    for (const item of schedule) {
      const wait = started + item.atMs - Date.now();
      if (wait > 0) await sleep(wait);
      faults[item.kind] = (faults[item.kind] ?? 0) + 1;
      if (item.kind === 'linesight.kill9') {
        up = false;
        const from = Date.now();
        sampler.pause(from);
        follower.close();
        await child.kill9();
        // Hook deliveries of these seconds fail (Telphin/VoipNow never retry): a real fault too.
        await sleep(1_000 + Math.floor(ctx.random() * 3_000));
        await bringUp();
        down.push({ from, to: Date.now() });
        log(`kill -9 at +${Math.round((from - started) / 1000)} s, back after ${((Date.now() - from) / 1000).toFixed(1)} s`);
      } else {
        FAULT_KINDS.find((k) => k.name === item.kind)!.inject(ctx);
      }
    }
    const rest = started + durationMs - Date.now();
    if (rest > 0) await sleep(rest);

    log(`faults stopped; no new calls; settling ${opts.settleS} s (${sim.engine.truth().calls.length} calls still live)`);
    for (const t of pending) clearTimeout(t);
    sim.traffic.stop();
    sim.noojee.clearFaults();
    sim.switchvox.clearFaults();
    sim.telphin.clearFaults();
    sim.voipnow.clearFaults();
    await sleep(opts.settleS * 1000);
    const end = Date.now();
    sampler.sample(follower, end);
    const persistent = sampler.persistent(end);
    clearInterval(sampling);
    sampling = null;
    up = false;
    follower.close();
    await child.stop();
    recorder.stop();

    const stored = readStoredLegs(databasePath);
    const sites = {} as ChaosResult['sites'];
    for (const { site, vendor, conn, streamed } of SITES) {
      const truthLegs = [...recorder.legs.values()].filter((l) => l.site === site);
      // Switchvox notifications held by a fault when the socket dropped died with it: the window
      // reaches back over the longest hold (and one board sample).
      const lead = site === 'B' ? SWITCHVOX_MAX_HOLD_MS + SAMPLE_MS : 0;
      const linkDown = streamed ? (sampler.linkDown.get(conn) ?? []).map((w) => ({ from: w.from - lead, to: Math.min(w.to, end) })) : [];
      // A Noojee PBX restart (seq reset) drops the entries no reply had carried yet: nobody could see
      // a leg that lived wholly between the last reply and the restart (noojee.md §4 rule 5).
      const untold = site === 'A' ? sim.noojee.log.untold() : [];
      const figures = compareSite(site, truthLegs, stored.get(conn) ?? [], [...down, ...linkDown, ...untold], end);
      const wrongTiles = persistent.get(site)!;
      sites[site] = {
        vendor,
        calls: new Set(truthLegs.map((l) => l.callId)).size,
        ...figures,
        tilesWrongAtEnd: wrongTiles.length,
        longestWrongTileMs: sampler.longest.get(site)!,
        examples: [...figures.examples, ...wrongTiles.map((k) => `tile wrong at end ${k}`), ...(sampler.worst.get(site) ? [`longest wrong tile: ${sampler.worst.get(site)}`] : [])],
      };
    }
    const sum = (k: 'lost' | 'phantom' | 'duplicated' | 'wrongOutcome' | 'tilesWrongAtEnd') => Object.values(sites).reduce((n, s) => n + s[k], 0);
    return {
      seed: opts.seed, minutes: opts.minutes, callsPerMinute: opts.callsPerMinute, settleS: opts.settleS,
      maxConcurrentCalls: sampler.maxConcurrent, maxQueueWaiting: sampler.maxWaiting, faults,
      downMs: down.reduce((n, w) => n + w.to - w.from, 0),
      downWindows: down.map((w) => ({ from: new Date(w.from).toISOString(), to: new Date(w.to).toISOString() })),
      noojeeUntoldSpans: sim.noojee.log.untold().map((w) => ({ from: new Date(w.from).toISOString(), to: new Date(w.to).toISOString() })),
      sites,
      total: { lost: sum('lost'), phantom: sum('phantom'), duplicated: sum('duplicated'), wrongOutcome: sum('wrongOutcome'), tilesWrongAtEnd: sum('tilesWrongAtEnd') },
      logPath,
    };
  } finally {
    if (sampling) clearInterval(sampling);
    for (const t of pending) clearTimeout(t);
    follower.close();
    await child.stop();
    recorder.stop();
    await sim.close();
  }
}

/** Phone legs per connection, read from the database read-only after the child has stopped. */
function readStoredLegs(databasePath: string): Map<string, StoredLeg[]> {
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare(
        `SELECT c.id, c.connection_id AS conn, c.extension_id AS ext, c.vendor_call_id AS vcid, c.peer_number AS peer,
                c.started_at AS started, c.answered_at AS answered, c.ended_at AS ended, c.outcome
           FROM calls c JOIN extensions e ON e.id = c.extension_id WHERE e.kind = 'phone'`,
      )
      .all() as { id: string; conn: string; ext: string; vcid: string; peer: string; started: string; answered: string | null; ended: string | null; outcome: string | null }[];
    const out = new Map<string, StoredLeg[]>();
    const ms = (iso: string | null) => (iso === null ? null : Date.parse(iso));
    for (const r of rows) {
      const list = out.get(r.conn) ?? [];
      list.push({
        id: r.id, extension: r.ext.slice(r.conn.length + 1), vendorCallId: r.vcid, peer: r.peer,
        startedAt: Date.parse(r.started), answeredAt: ms(r.answered), endedAt: ms(r.ended), outcome: r.outcome,
      });
      out.set(r.conn, list);
    }
    return out;
  } finally {
    db.close();
  }
}

export function formatTable(result: ChaosResult): string {
  const cols = ['site', 'vendor', 'calls', 'legs', 'stored', 'lost', 'phantom', 'dup', 'wrong', 'tiles wrong', 'longest wrong tile', 'unobs. (learnt)', 'busy-only seen', 'peer≠', 'reason≠', 'rounds merged'];
  const rows = SITES.map(({ site }) => {
    const s = result.sites[site];
    return [site, s.vendor, s.calls, s.offered, s.stored, s.lost, s.phantom, s.duplicated, s.wrongOutcome, s.tilesWrongAtEnd, `${(s.longestWrongTileMs / 1000).toFixed(2)} s`, `${s.unobservable} (${s.unobservableLearnt})`, `${s.endOnlyMatched}/${s.endOnlyTruth}`, s.peerDiffers, s.outcomeDetailDiffers, s.roundsMerged].map(String);
  });
  const widths = cols.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
  return [line(cols), ...rows.map(line)].join('\n');
}
