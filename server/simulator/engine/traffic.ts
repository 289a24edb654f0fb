import { logger } from '@/server/log';
import type { CallEngine } from './call-engine';
import { siteOf, type Site } from './directory';
import { createRng, type Rng } from './random';
import { planCall } from './traffic-mix';
import { EngineError, type EngineEvent } from './types';

export interface TrafficStatus {
  running: boolean;
  callsPerMinute: number | null;
  seed: number | null;
}

const log = logger.child({ component: 'simulator', part: 'traffic' });

/**
 * Random traffic at a given rate, plus the people in it: agents answering after a while (or not),
 * callers abandoning, talk times, the odd blind transfer or hold. Seeded and on the engine clock, so a seed
 * with a manual clock replays exactly. Stopping ends arrivals; calls in progress still play out.
 */
export class TrafficGenerator {
  private rng: Rng = createRng(1);
  private arrival: unknown = null;
  private rate: number | null = null;
  private seed: number | null = null;
  private sites: Site[] | null = null;
  private readonly timers = new Set<unknown>();
  private readonly mine = new Set<string>();
  private readonly unsubscribe: () => void;

  constructor(private readonly engine: CallEngine) {
    this.unsubscribe = engine.on((event) => this.onEvent(event));
  }

  /** `sites`: limit new calls to these PBXs (default: both). */
  start(opts: { callsPerMinute: number; seed?: number; sites?: Site[] }): void {
    this.stop();
    this.sites = opts.sites && opts.sites.length > 0 ? opts.sites : null;
    this.rate = opts.callsPerMinute;
    this.seed = opts.seed ?? 1;
    this.rng = createRng(this.seed);
    this.scheduleArrival();
  }

  stop(): void {
    if (this.arrival !== null) this.engine.clock.clearTimeout(this.arrival);
    this.arrival = null;
    this.rate = null;
  }

  /** Stops arrivals and forgets every pending human action (reset, shutdown). */
  clear(): void {
    this.stop();
    for (const t of this.timers) this.engine.clock.clearTimeout(t);
    this.timers.clear();
    this.mine.clear();
  }

  dispose(): void {
    this.clear();
    this.unsubscribe();
  }

  status(): TrafficStatus {
    return { running: this.rate !== null, callsPerMinute: this.rate, seed: this.rate === null ? null : this.seed };
  }

  private scheduleArrival(): void {
    if (this.rate === null) return;
    this.arrival = this.engine.clock.setTimeout(() => {
      this.arrival = null;
      this.arrive();
      this.scheduleArrival();
    }, this.rng.exp(60_000 / this.rate));
  }

  private arrive(): void {
    const all = this.engine.directory;
    const sites = this.sites;
    const dir = sites ? { ...all, phones: all.phones.filter((p) => sites.includes(p.site)) } : all;
    const plan = planCall(this.rng, dir, (ext) => this.engine.legsOn(ext).length === 0);
    if (!plan) return;
    // Claimed before placing: the first ring is emitted inside placeCall and must reach onEvent.
    const callId = this.engine.newCallId();
    this.mine.add(callId);
    this.act(() => {
      if (plan.kind === 'intercom') this.engine.intercom(plan.from, plan.to, { id: callId, source: 'traffic' });
      else this.engine.placeCall(plan.from, plan.to, { id: callId, source: 'traffic', farEnd: plan.farEnd, callerName: plan.callerName });
      if (!this.engine.call(callId)) return;
      this.later(plan.patienceMs, () => {
        if (this.engine.call(callId)?.answeredAt === null) this.engine.hangup(callId);
      });
    });
    if (!this.engine.call(callId)) this.mine.delete(callId);
  }

  private onEvent(event: EngineEvent): void {
    const callId = event.call.callId;
    if (!this.mine.has(callId)) return;
    if (event.type === 'call.ended') this.mine.delete(callId);
    if (event.type === 'leg.created' && event.leg.role === 'callee' && event.leg.state === 'ringing') {
      const ext = event.leg.extension;
      if (this.rng.chance(0.82)) this.later(this.rng.between(1_500, 13_000), () => this.engine.answer(callId, ext));
    }
    if (event.type === 'call.answered' && event.first) this.planConversation(callId);
  }

  private planConversation(callId: string): void {
    // Site C is an order desk: orders take a while, so its queue fills up and callers wait.
    const orderDesk = this.engine.call(callId)?.legs.some((l) => siteOf(this.engine.directory, l.extension) === 'C') ?? false;
    const talkMs = orderDesk ? Math.min(60_000 + this.rng.exp(240_000), 900_000) : Math.min(20_000 + this.rng.exp(100_000), 900_000);
    if (this.rng.chance(0.06)) {
      this.later(this.rng.between(8_000, 25_000), () => {
        const callee = this.engine.call(callId)?.legs.find((l) => l.role === 'callee' && l.state === 'talking');
        const site = callee && siteOf(this.engine.directory, callee.extension);
        const idle = this.engine.directory.phones.filter((p) => p.site === site && this.engine.legsOn(p.number).length === 0).map((p) => p.number);
        if (callee && idle.length > 0) this.engine.transfer(callId, callee.extension, this.rng.pick(idle));
      });
    }
    // Switchvox users put callers on hold now and then (the Noojee site never reports hold).
    const holder = this.engine.call(callId)?.legs.find((l) => l.state === 'talking' && siteOf(this.engine.directory, l.extension) === 'B');
    if (holder && this.rng.chance(0.15)) {
      const at = this.rng.between(5_000, 15_000);
      this.later(at, () => this.engine.hold(callId, holder.extension));
      this.later(at + this.rng.between(4_000, 20_000), () => this.engine.unhold(callId, holder.extension));
    }
    this.later(talkMs, () => {
      const legs = this.engine.call(callId)?.legs ?? [];
      const last = legs[legs.length - 1];
      if (this.rng.chance(0.5) || !last) this.engine.hangup(callId);
      else this.engine.hangup(callId, last.extension);
    });
  }

  private later(ms: number, fn: () => void): void {
    const handle = this.engine.clock.setTimeout(() => {
      this.timers.delete(handle);
      this.act(fn);
    }, ms);
    this.timers.add(handle);
  }

  /** People race the PBX (the call may have ended meanwhile): refused actions are normal. */
  private act(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      if (err instanceof EngineError) log.debug({ err: err.message }, 'traffic action skipped');
      else log.warn({ err }, 'traffic action failed');
    }
  }
}
