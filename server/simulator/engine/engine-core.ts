import type { Logger } from 'pino';
import { liveLegs, toCallInfo, toLegInfo, type Call, type Leg } from './call-state';
import type { Clock } from './clock';
import type { Directory } from './directory';
import type { Rng } from './random';
import type { CallInfo, CallOutcome, CallSource, EndReason, EngineEvent, EngineListener, LegState } from './types';

/** Timing knobs of the simulated PBX. */
export interface EngineTimings {
  /** Ring timeout per agent / direct call (DESIGN.md §7: "ring timeout ~15 s, then next agent"). */
  ringTimeoutMs: number;
  /** How long the IVR holds a caller before sending them to a queue. */
  ivrHoldMs: number;
  /** How often a queue re-hunts when every agent is busy, and the pause after an agent rejects. */
  queueRetryMs: number;
  /** Default delay before an outside number answers (`null`: only a manual answer connects). */
  externalAnswerMs: number | null;
  /** Default delay before a click-to-dial agent picks up their ringing handset (`null`: never by itself). */
  agentAnswerMs: number | null;
}

export interface NewCallInit {
  id?: string;
  from: string;
  to: string;
  source: CallSource;
  isClickToDial?: boolean;
}

/** Engine state and the primitives every call-flow module builds on; every change is emitted. */
export class EngineCore {
  readonly calls = new Map<string, Call>();
  readonly queueCursor = new Map<string, number>();
  readonly finishedRecordings: CallInfo[] = [];
  private readonly listeners = new Set<EngineListener>();
  private counter = 100;
  private legCounter = 0;

  constructor(
    readonly clock: Clock,
    readonly directory: Directory,
    readonly timings: EngineTimings,
    readonly rng: Rng,
    private readonly log: Logger,
  ) {}

  on(listener: EngineListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: EngineEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (err) {
        this.log.warn({ err, event: event.type }, 'engine listener failed');
      }
    }
  }

  /** Asterisk-style uniqueid: `<epoch seconds>.<counter>` (noojee.md §3.1). */
  newCallId(): string {
    return `${Math.floor(this.clock.now() / 1000)}.${this.counter++}`;
  }

  newCall(init: NewCallInit): Call {
    const id = init.id ?? this.newCallId();
    if (this.calls.has(id)) throw new Error(`call ${id} already exists`);
    const call: Call = {
      id, from: init.from, to: init.to, source: init.source,
      a: { kind: 'pending' }, b: { kind: 'pending' },
      isClickToDial: init.isClickToDial ?? false, intercom: false,
      callerIdOverride: null, callerName: null, farEnd: null, recordOnAnswer: null,
      recording: { active: false, legs: 0, tag: null, owner: null },
      lastQueue: null, forwardedBy: null, startedAt: this.clock.now(), answeredAt: null, endedAt: null, outcome: null,
      timers: new Set(), ended: false,
    };
    this.calls.set(id, call);
    this.emit({ type: 'call.created', call: this.info(call) });
    return call;
  }

  info(call: Call): CallInfo {
    return toCallInfo(this.directory, call);
  }

  /** A timer owned by the call: cleared when the call ends, skipped if it already has. */
  after(call: Call, ms: number, fn: () => void): unknown {
    const handle = this.clock.setTimeout(() => {
      call.timers.delete(handle);
      if (!call.ended) fn();
    }, ms);
    call.timers.add(handle);
    return handle;
  }

  clearLegTimer(call: Call, leg: Leg): void {
    if (leg.timer === null) return;
    this.clock.clearTimeout(leg.timer);
    call.timers.delete(leg.timer);
    leg.timer = null;
  }

  /** Creates a leg, lets `attach` hang it on a side, then announces it. */
  createLeg(call: Call, init: Pick<Leg, 'extension' | 'role' | 'state' | 'peer' | 'dialed' | 'queue'>, attach: (leg: Leg) => void): Leg {
    const n = ++this.legCounter;
    const now = this.clock.now();
    const leg: Leg = {
      ...init, id: `${call.id}:${init.extension}:${n}`, n, createdAt: now,
      // An auto-answered leg (intercom) is born connected.
      answeredAt: init.state === 'talking' ? now : null, timer: null, ended: false, hold: false,
    };
    attach(leg);
    this.emit({ type: 'leg.created', call: this.info(call), leg: toLegInfo(this.directory, call, leg) });
    return leg;
  }

  setState(call: Call, leg: Leg, state: LegState): void {
    const previous = leg.state;
    if (previous === state) return;
    leg.state = state;
    if (state === 'talking' && leg.answeredAt === null) leg.answeredAt = this.clock.now();
    this.emit({ type: 'leg.state', call: this.info(call), leg: toLegInfo(this.directory, call, leg), previous });
  }

  /** The user holds (`talking` → `held`) or resumes (`held` → `talking`) a leg; no-op if already so. */
  setHold(call: Call, leg: Leg, held: boolean): void {
    if (leg.hold === held) return;
    leg.hold = held;
    leg.state = held ? 'held' : 'talking';
    this.emit({ type: 'leg.hold', call: this.info(call), leg: toLegInfo(this.directory, call, leg), held });
  }

  /** Call waiting (site B phones): taking a new line on `extension` puts its other connected lines on hold. */
  holdOtherLines(extension: string, except: Call): void {
    if (!this.directory.phones.find((p) => p.number === extension)?.callWaiting) return;
    for (const { call, leg } of this.legsOn(extension)) if (call !== except && leg.state === 'talking') this.setHold(call, leg, true);
  }

  unlink(call: Call, leg: Leg): void {
    this.emit({ type: 'leg.unlinked', call: this.info(call), leg: toLegInfo(this.directory, call, leg) });
  }

  endLeg(call: Call, leg: Leg, reason: EndReason): void {
    if (leg.ended) return;
    this.clearLegTimer(call, leg);
    leg.ended = true;
    this.emit({ type: 'leg.ended', call: this.info(call), leg: toLegInfo(this.directory, call, leg), reason });
  }

  /**
   * A destination that was busy (or, with `unavailable`, not registered): it never rang, so only its end
   * is reported (noojee.md §3.4 B).
   */
  rejectBusy(call: Call, extension: string, peer: string, reason: 'busy' | 'unavailable' = 'busy'): void {
    const n = ++this.legCounter;
    const leg: Leg = {
      id: `${call.id}:${extension}:${n}`, n, extension, role: 'callee', state: 'ringing', peer, dialed: null, queue: null,
      createdAt: this.clock.now(), answeredAt: null, timer: null, ended: true, hold: false,
    };
    this.emit({ type: 'leg.ended', call: this.info(call), leg: toLegInfo(this.directory, call, leg), reason });
  }

  /**
   * Ends the call: `first` (the party that hung up) goes first, then the rest; a callee still ringing
   * is `cancelled`, everyone else `hungup`. Outcome is `answered` once anyone ever answered.
   */
  finish(call: Call, outcome: CallOutcome, first?: Leg): void {
    if (call.ended) return;
    const legs = liveLegs(call).sort((x, y) => (x === first ? -1 : y === first ? 1 : 0));
    for (const leg of legs) this.endLeg(call, leg, leg.role === 'callee' && leg.state === 'ringing' ? 'cancelled' : 'hungup');
    for (const handle of call.timers) this.clock.clearTimeout(handle);
    call.timers.clear();
    call.ended = true;
    call.endedAt = this.clock.now();
    call.outcome = call.answeredAt !== null ? 'answered' : outcome;
    call.recording.active = false;
    this.calls.delete(call.id);
    const info = this.info(call);
    if (info.recording.legs > 0) {
      this.finishedRecordings.push(info);
      if (this.finishedRecordings.length > 200) this.finishedRecordings.shift();
    }
    this.emit({ type: 'call.ended', call: info });
  }

  /** A bridge formed; counts as a recording transition and triggers `record=true` (noojee.md §2.3). */
  markAnswered(call: Call): void {
    const first = call.answeredAt === null;
    if (first) call.answeredAt = this.clock.now();
    if (call.recordOnAnswer && !call.recording.active) {
      this.startRecording(call, call.recordOnAnswer.tag, call.recordOnAnswer.owner);
      call.recordOnAnswer = null;
    } else this.recordingTransition(call);
    this.emit({ type: 'call.answered', call: this.info(call), first });
  }

  startRecording(call: Call, tag: string | null, owner: string | null): void {
    const rec = call.recording;
    // A start on a call already recording opens a new leg (noojee.md §2.5).
    rec.active = true;
    rec.legs += 1;
    if (tag !== null) rec.tag = tag;
    if (owner !== null) rec.owner = owner;
    this.emit({ type: 'recording.changed', call: this.info(call) });
  }

  /** Recordings split into legs at each transition: queue entry, answer, transfer (noojee.md §2.5). */
  recordingTransition(call: Call): void {
    if (!call.recording.active) return;
    call.recording.legs += 1;
    this.emit({ type: 'recording.changed', call: this.info(call) });
  }

  /** Live legs on a phone, oldest first. */
  legsOn(extension: string): { call: Call; leg: Leg }[] {
    const found: { call: Call; leg: Leg }[] = [];
    for (const call of this.calls.values()) {
      for (const leg of liveLegs(call)) if (leg.extension === extension) found.push({ call, leg });
    }
    return found.sort((x, y) => x.leg.n - y.leg.n);
  }

  /**
   * Busy = on a call in any state but ringing (DESIGN.md §7); a phone with call waiting (site B) is busy
   * only with two lines already.
   */
  isBusy(extension: string): boolean {
    const legs = this.legsOn(extension);
    if (this.directory.phones.find((p) => p.number === extension)?.callWaiting) return legs.length >= 2;
    return legs.some(({ leg }) => leg.state !== 'ringing');
  }

  isIdle(extension: string): boolean {
    return this.legsOn(extension).length === 0;
  }

  /** A handset that is not registered cannot ring (telphin.md §5.2 `CHANUNAVAIL`). */
  isRegistered(extension: string): boolean {
    return this.directory.phones.find((p) => p.number === extension)?.registered !== false;
  }
}
