import { logger } from '@/server/log';
import { liveLegs, toLegInfo, type Call, type Leg } from './call-state';
import { realClock, type Clock } from './clock';
import { DIALABLE, defaultDirectory, kindOf, type Directory, type ForwardRule } from './directory';
import { EngineCore, type EngineTimings } from './engine-core';
import { agentMissed } from './queue-hunt';
import { createRng } from './random';
import { answerRinging, pickUpClickToDial, remoteAnswer, routeTo } from './routing';
import { blindTransfer, completeAttended, holdForConsult } from './transfer';
import { buildTruth, type Truth } from './truth';
import { EngineError, type CallInfo, type CallSource, type EngineListener, type FarEndPlan, type LegInfo, type RecordingInfo } from './types';

export interface EngineOptions extends Partial<EngineTimings> {
  clock?: Clock;
  directory?: Directory;
  /** Seed of the engine's own choices (IVR menu picks). */
  seed?: number;
}

export interface PlaceCallOptions {
  /** A reserved id from `newCallId()`, so scripted scenarios can return ids of calls placed later. */
  id?: string;
  source?: CallSource;
  /** Behaviour of an outside destination; default: answers after `externalAnswerMs`. */
  farEnd?: FarEndPlan;
  /** Caller id shown to the called party instead of the caller's number (Noojee `dial` `callerId`). */
  callerId?: string;
  /** Caller-ID name of an outside caller (any Unicode; shown by the Switchvox facade as the remote's name). */
  callerName?: string;
  /** Intercom: a phone destination answers by itself (use `intercom()`, which checks both ends are phones). */
  intercom?: boolean;
}

export interface ClickToDialOptions extends PlaceCallOptions {
  /** The handset goes off-hook at once (Noojee `autoAnswer`). */
  autoAnswer?: boolean;
  /** Pick-up delay when not auto-answered; `null` waits for `answer(callId, agent)`. */
  agentAnswerMs?: number | null;
  /** Start recording when the call is answered (Noojee `record=true`). */
  record?: { tag: string | null; owner: string | null } | null;
}

const DEFAULT_TIMINGS: EngineTimings = { ringTimeoutMs: 15_000, ivrHoldMs: 4_000, queueRetryMs: 2_000, externalAnswerMs: 3_000, agentAnswerMs: 2_000 };

/** The vendor-neutral simulated PBX: calls, legs on phones, queues, IVR, transfers, recording. */
export class CallEngine {
  readonly clock: Clock;
  readonly directory: Directory;
  private readonly core: EngineCore;
  private readonly scheduled = new Set<unknown>();

  constructor(opts: EngineOptions = {}) {
    const { clock, directory, seed, ...timings } = opts;
    this.clock = clock ?? realClock;
    this.directory = directory ?? defaultDirectory();
    const log = logger.child({ component: 'simulator' });
    this.core = new EngineCore(this.clock, this.directory, { ...DEFAULT_TIMINGS, ...timings }, createRng(seed ?? 1), log);
  }

  /** Subscribes to change events; returns the unsubscribe function. */
  on(listener: EngineListener): () => void {
    return this.core.on(listener);
  }

  /** Reserves a uniqueCallId for a call placed later. */
  newCallId(): string {
    return this.core.newCallId();
  }

  /** Places a call; `from` is a phone or an outside caller, `to` anything dialable. */
  placeCall(from: string, to: string, opts: PlaceCallOptions = {}): CallInfo {
    const fromKind = kindOf(this.directory, from);
    if (fromKind !== null && fromKind !== 'phone') throw new EngineError('invalid', `a call cannot originate from ${fromKind} ${from}`);
    this.checkDialable(from, to);
    if (fromKind === null && kindOf(this.directory, to) === null) throw new EngineError('invalid', 'both parties are outside numbers');
    const call = this.core.newCall({ id: opts.id, from, to, source: opts.source ?? 'control' });
    this.prepare(call, opts);
    call.intercom = opts.intercom ?? false;
    if (fromKind === 'phone') {
      this.core.createLeg(call, { extension: from, role: 'caller', state: 'dialing', peer: to, dialed: to, queue: null }, (leg) => {
        call.a = { kind: 'phone', leg };
      });
    } else call.a = { kind: 'external', number: from, answered: true };
    routeTo(this.core, call, to);
    return this.core.info(call);
  }

  /** Click-to-dial: ring the agent's handset first, then dial `number` once it is picked up (noojee.md §2.3). */
  clickToDial(agent: string, number: string, opts: ClickToDialOptions = {}): CallInfo {
    if (kindOf(this.directory, agent) !== 'phone') throw new EngineError('invalid', `${agent} is not a phone`);
    this.checkDialable(agent, number);
    if (this.core.isBusy(agent)) throw new EngineError('conflict', `extension ${agent} is busy`);
    const call = this.core.newCall({ id: opts.id, from: agent, to: number, source: opts.source ?? 'api', isClickToDial: true });
    this.prepare(call, opts);
    call.recordOnAnswer = opts.record ?? null;
    const leg = this.core.createLeg(call, { extension: agent, role: 'caller', state: 'ringing', peer: number, dialed: number, queue: null }, (l) => {
      call.a = { kind: 'phone', leg: l };
    });
    const pickUpMs = opts.agentAnswerMs === undefined ? this.core.timings.agentAnswerMs : opts.agentAnswerMs;
    if (opts.autoAnswer) pickUpClickToDial(this.core, call, leg);
    else if (pickUpMs !== null && pickUpMs < this.core.timings.ringTimeoutMs) {
      leg.timer = this.core.after(call, pickUpMs, () => pickUpClickToDial(this.core, call, leg));
    } else {
      leg.timer = this.core.after(call, this.core.timings.ringTimeoutMs, () => {
        this.core.endLeg(call, leg, 'no_answer');
        this.core.finish(call, 'no_answer');
      });
    }
    return this.core.info(call);
  }

  /** Answers the ringing leg on `extension` (or the only ringing leg, or the outside number). */
  answer(callId: string, extension?: string): void {
    const call = this.live(callId);
    const legs = liveLegs(call);
    const leg = extension === undefined ? legs.find((l) => l.state === 'ringing') : legs.find((l) => l.extension === extension);
    if (extension !== undefined && !leg) throw new EngineError('conflict', `extension ${extension} is not on call ${callId}`);
    if (leg?.state === 'ringing') {
      if (leg.role === 'callee') answerRinging(this.core, call, leg);
      else pickUpClickToDial(this.core, call, leg);
      return;
    }
    if (extension !== undefined) throw new EngineError('conflict', `extension ${extension} is not ringing`);
    remoteAnswer(this.core, call);
  }

  /** Hangs up the whole call, or only `extension`'s party (a ringing callee rejects the call). */
  hangup(callId: string, extension?: string): void {
    const call = this.live(callId);
    if (extension === undefined) return this.core.finish(call, 'cancelled');
    const leg = liveLegs(call).find((l) => l.extension === extension);
    if (!leg) throw new EngineError('conflict', `extension ${extension} is not on call ${callId}`);
    if (call.b.kind === 'queue' && call.b.ringing.includes(leg)) return agentMissed(this.core, call, call.b, leg, 'hungup');
    // Asterisk reports a declined call as BUSY (DIALSTATUS), hence the outcome of a reject.
    const rejected = leg.role === 'callee' && leg.state === 'ringing';
    this.core.endLeg(call, leg, 'hungup');
    this.core.finish(call, rejected ? 'busy' : 'cancelled', leg);
  }

  /** Blind transfer of `extension`'s party to `to` (DESIGN.md §7; Noojee shows Unlinked, §3.4 F). */
  transfer(callId: string, extension: string, to: string): void {
    const call = this.live(callId);
    this.checkDialable(extension, to);
    blindTransfer(this.core, call, extension, to);
  }

  /** `extension` puts its connected line on `callId` on hold (truth state `held`; the other party stays talking). */
  hold(callId: string, extension: string): void {
    const { call, leg } = this.legOf(callId, extension);
    if (leg.state !== 'talking') throw new EngineError('conflict', `extension ${extension} is not talking on call ${callId}`);
    this.core.setHold(call, leg, true);
  }

  /** Takes `extension`'s line off hold; with call waiting, its other connected line goes on hold. */
  unhold(callId: string, extension: string): void {
    const { call, leg } = this.legOf(callId, extension);
    if (!leg.hold) throw new EngineError('conflict', `extension ${extension} has not put call ${callId} on hold`);
    this.core.holdOtherLines(extension, call);
    this.core.setHold(call, leg, false);
  }

  /** Attended transfer, step 1: `extension` holds `callId` and calls `to` on a new line; returns that call. */
  consult(callId: string, extension: string, to: string, opts: PlaceCallOptions = {}): CallInfo {
    const call = this.live(callId);
    this.checkDialable(extension, to);
    holdForConsult(this.core, call, extension);
    return this.placeCall(extension, to, { source: call.source, ...opts });
  }

  /** Attended transfer, step 2: bridges the held party of `callId` with the answered party of `consultCallId`. */
  completeTransfer(callId: string, consultCallId: string): void {
    completeAttended(this.core, this.live(callId), this.live(consultCallId));
  }

  /** Intercom / page: `to` (an idle phone) answers by itself at once (switchvox.md §7.2). */
  intercom(from: string, to: string, opts: Omit<PlaceCallOptions, 'farEnd' | 'callerName'> = {}): CallInfo {
    if (kindOf(this.directory, from) !== 'phone' || kindOf(this.directory, to) !== 'phone') throw new EngineError('invalid', 'intercom is between two phones');
    return this.placeCall(from, to, { ...opts, intercom: true });
  }

  startRecording(callId: string, opts: { tag?: string | null; owner?: string | null } = {}): RecordingInfo {
    const call = this.live(callId);
    this.core.startRecording(call, opts.tag ?? null, opts.owner ?? null);
    return { ...call.recording };
  }

  stopRecording(callId: string): RecordingInfo {
    const call = this.live(callId);
    if (!call.recording.active) throw new EngineError('conflict', `call ${callId} is not being recorded`);
    call.recording.active = false;
    this.core.emit({ type: 'recording.changed', call: this.core.info(call) });
    return { ...call.recording };
  }

  call(callId: string): CallInfo | null {
    const call = this.core.calls.get(callId);
    return call ? this.core.info(call) : null;
  }

  calls(): CallInfo[] {
    return [...this.core.calls.values()].map((c) => this.core.info(c));
  }

  /**
   * Changes a phone's registration (unregistered: calls fail at once, queues skip it) or its forwarding
   * rule (`null` removes it); affects calls routed from now on. Returns the phone's new settings.
   */
  configurePhone(number: string, patch: { registered?: boolean; forward?: ForwardRule | null }): { number: string; registered: boolean; forward: ForwardRule | null } {
    const phone = this.directory.phones.find((p) => p.number === number);
    if (!phone) throw new EngineError('not_found', `no phone ${number}`);
    if (patch.forward) {
      if (!DIALABLE.test(patch.forward.to) || patch.forward.to === number) throw new EngineError('invalid', `cannot forward ${number} to ${patch.forward.to}`);
      const kind = kindOf(this.directory, patch.forward.to);
      if (kind !== null && kind !== 'phone' && kind !== 'queue' && kind !== 'ivr') throw new EngineError('invalid', `cannot forward to ${kind} ${patch.forward.to}`);
    }
    if (patch.registered !== undefined) phone.registered = patch.registered;
    if (patch.forward === null) delete phone.forward;
    else if (patch.forward) phone.forward = { ...patch.forward };
    return { number, registered: phone.registered !== false, forward: phone.forward ?? null };
  }

  /** Live legs on one phone, oldest first. */
  legsOn(extension: string): { call: CallInfo; leg: LegInfo }[] {
    return this.core.legsOn(extension).map(({ call, leg }) => ({ call: this.core.info(call), leg: toLegInfo(this.directory, call, leg) }));
  }

  isBusy(extension: string): boolean {
    return this.core.isBusy(extension);
  }

  /** Ground truth for tests (DESIGN.md §7): every live phone leg and every live call. */
  truth(): Truth {
    return buildTruth(this.calls(), this.directory);
  }

  /** Recording state of live calls and of recently ended calls that were recorded. */
  recordings(): CallInfo[] {
    return [...this.core.finishedRecordings, ...this.calls()];
  }

  /** A timer on the engine clock that `reset()` cancels (scenario steps). */
  schedule(ms: number, fn: () => void): void {
    const handle = this.clock.setTimeout(() => {
      this.scheduled.delete(handle);
      fn();
    }, ms);
    this.scheduled.add(handle);
  }

  /** Hangs up every call and cancels pending scenario steps. */
  reset(): void {
    for (const handle of this.scheduled) this.clock.clearTimeout(handle);
    this.scheduled.clear();
    for (const call of [...this.core.calls.values()]) this.core.finish(call, 'cancelled');
  }

  private live(callId: string): Call {
    const call = this.core.calls.get(callId);
    if (!call) throw new EngineError('not_found', `no live call ${callId}`);
    return call;
  }

  private prepare(call: Call, opts: PlaceCallOptions): void {
    call.farEnd = opts.farEnd ?? null;
    call.callerIdOverride = opts.callerId ?? null;
    call.callerName = opts.callerName ?? null;
  }

  private legOf(callId: string, extension: string): { call: Call; leg: Leg } {
    const call = this.live(callId);
    const leg = liveLegs(call).find((l) => l.extension === extension);
    if (!leg) throw new EngineError('conflict', `extension ${extension} is not on call ${callId}`);
    return { call, leg };
  }

  private checkDialable(from: string, to: string): void {
    for (const n of [from, to]) if (!DIALABLE.test(n)) throw new EngineError('invalid', `not a dialable number: ${n}`);
    if (from === to) throw new EngineError('invalid', 'a party cannot call itself');
  }
}
