import { kindOf, type Directory } from '../engine/directory';
import type { CallInfo, EndReason, EngineEvent, LegInfo } from '../engine/types';
import { callBackField, callerName, callerSide } from './caller-fields';
import type { LegEvents } from './leg-events';
import { newTCall, statusOfOutcome, type CallbackInfo, type CallStatus, type TCall, type TLeg } from './legs';
import type { TelphinExtension } from './tenant';

const HISTORY_SIZE = 1_000;

const STATUS_OF_REASON: Record<Exclude<EndReason, 'hungup'>, CallStatus> = {
  busy: 'BUSY', unavailable: 'CHANUNAVAIL', no_answer: 'NOANSWER', cancelled: 'CANCEL',
};

/**
 * Turns engine events into Telphin legs and events by the rules of telphin.md §6: phones, IVR and queue
 * `in` legs that close with the call, one queue `out` leg per agent offer, `Transfered=yes` forwards,
 * `RemoteNumber` after a blind transfer, self-suppressed callbacks. Only site-C extensions emit.
 */
export class CallTracker {
  private readonly calls = new Map<string, TCall>();
  private readonly phoneLegs = new Map<string, { tc: TCall; leg: TLeg }>();
  private readonly queueOut = new Map<string, TLeg>();
  private readonly callbacks = new Map<string, CallbackInfo>();
  /** Finished calls that touched site C, oldest first. */
  readonly history: TCall[] = [];

  constructor(
    private readonly legs: LegEvents,
    private readonly dir: Directory,
    private readonly opts: { installation: string; did: string },
  ) {}

  /** Registers a callback request before its engine call is placed under `engineId`. */
  expectCallback(engineId: string, info: CallbackInfo): void {
    this.callbacks.set(engineId, info);
  }

  forgetCallback(engineId: string): void {
    this.callbacks.delete(engineId);
  }

  /** Live calls that concern site C. */
  live(): TCall[] {
    return [...this.calls.values()].filter((tc) => tc.legs.length > 0 || tc.callback !== null);
  }

  /** A live call by engine id, or a finished one still in history. */
  get(engineId: string): TCall | undefined {
    return this.calls.get(engineId) ?? this.history.findLast((tc) => tc.engineId === engineId);
  }

  /** The leg that recorded `recId` (live or finished calls). */
  recording(recId: string): { tc: TCall; leg: TLeg } | null {
    for (const tc of [...this.calls.values(), ...this.history]) {
      const leg = tc.legs.find((l) => l.recId === recId);
      if (leg) return { tc, leg };
    }
    return null;
  }

  handle(event: EngineEvent): void {
    // The engine sets an outside caller's name just after announcing the call.
    const known = this.calls.get(event.call.callId);
    if (known && event.call.callerName !== null) known.callerName = event.call.callerName;
    switch (event.type) {
      case 'call.created':
        return this.created(event.call);
      case 'leg.created':
        return this.legCreated(event.call, event.leg);
      case 'leg.state':
        return this.legState(event.call, event.leg, event.previous);
      case 'leg.unlinked': {
        const tc = this.calls.get(event.call.callId);
        if (tc && tc.pendingTransferer === null) tc.pendingTransferer = event.leg.extension;
        return;
      }
      case 'leg.ended':
        return this.legEnded(event.call, event.leg, event.reason);
      case 'call.progress':
        return this.progress(event.call, event.stage);
      case 'call.answered':
        return this.answered(event.call);
      case 'call.ended':
        return this.ended(event.call);
      default:
    }
  }

  private created(call: CallInfo): void {
    const callback = this.callbacks.get(call.callId) ?? null;
    this.callbacks.delete(call.callId);
    const did = callback === null && kindOf(this.dir, call.from) === null ? this.opts.did : null;
    this.calls.set(call.callId, newTCall(call, this.opts.installation, did, callback));
  }

  private legCreated(call: CallInfo, leg: LegInfo): void {
    const owner = this.legs.tenant.byNumber(leg.extension);
    const tc = this.calls.get(call.callId);
    if (!owner || !tc) return;
    if (leg.role === 'callee') {
      const opened = this.openIncoming(tc, call, leg, owner);
      // An intercom target is connected at once.
      if (leg.state === 'talking') this.answerCallee(tc, leg, opened);
      return;
    }
    if (leg.state !== 'ringing') return this.openOutgoing(tc, call, leg, owner);
    // Click-to-dial / callback: the PBX rings the source first (telphin.md §7).
    if (tc.callback?.silentOwner === leg.extension) {
      tc.silentLeg = leg.legId;
      return;
    }
    const shown = tc.callback?.srcCallerIdNumber ?? this.legs.tenant.display(call.to);
    const opened = this.legs.open(tc, 'phone', owner, 'in', {
      CallerIDNum: shown, CallerIDName: tc.callback?.srcCallerIdName ?? shown, CalledNumber: owner.name, ...this.legs.ext('Called', owner), ...callBackField(tc),
    });
    this.phoneLegs.set(leg.legId, { tc, leg: opened });
  }

  private openOutgoing(tc: TCall, call: CallInfo, leg: LegInfo, owner: TelphinExtension): void {
    const dialed = leg.dialed ?? call.to;
    const calledExt = this.legs.tenant.byNumber(dialed);
    const opened = this.legs.open(
      tc, 'phone', owner, 'out',
      {
        CallerIDNum: owner.name, CallerIDName: owner.label ?? owner.name, CalledNumber: this.legs.tenant.display(dialed),
        ...this.legs.ext('Caller', owner), ...(calledExt ? this.legs.ext('Called', calledExt) : {}), ...callBackField(tc),
      },
      { originating: tc.legs.length === 0 },
    );
    this.phoneLegs.set(leg.legId, { tc, leg: opened });
  }

  private openIncoming(tc: TCall, call: CallInfo, leg: LegInfo, owner: TelphinExtension): TLeg {
    const queue = leg.queue === null ? null : this.legs.tenant.byNumber(leg.queue);
    const { fields, remoteNumber } = callerSide(this.legs, this.dir, tc, call, leg.peer, queue ?? tc.routedBy);
    const common = { ...fields, ...(tc.did ? { CalledDID: tc.did } : {}), ...callBackField(tc) };
    const called = { CalledNumber: owner.name, ...this.legs.ext('Called', owner) };
    if (queue) this.queueOut.set(leg.legId, this.legs.open(tc, 'queue-out', queue, 'out', { ...common, ...called }, { remoteNumber }));
    const opened = this.legs.open(tc, 'phone', owner, 'in', { ...common, ...called }, { remoteNumber });
    this.phoneLegs.set(leg.legId, { tc, leg: opened });
    if (!queue) tc.routedBy = null;
    return opened;
  }

  /** IVR or queue `in` thread: the call arrives at the IVR / enters the queue (telphin.md §6.2). */
  private openEntry(tc: TCall, call: CallInfo, ext: TelphinExtension, kind: 'ivr' | 'queue-in'): void {
    const { fields, remoteNumber } = callerSide(this.legs, this.dir, tc, call, call.caller, tc.routedBy);
    this.legs.open(
      tc, kind, ext, 'in',
      { ...fields, CalledNumber: ext.name, ...this.legs.ext('Called', ext), ...(tc.did ? { CalledDID: tc.did } : {}), ...callBackField(tc) },
      { remoteNumber },
    );
  }

  private answerCallee(tc: TCall, leg: LegInfo, opened: TLeg): void {
    const offer = this.queueOut.get(leg.legId);
    if (offer) this.legs.answer(offer);
    this.legs.answer(opened);
    tc.bridgedAt ??= opened.answeredAt;
    tc.transferer = null;
  }

  private legState(call: CallInfo, leg: LegInfo, previous: LegInfo['state']): void {
    const tc = this.calls.get(call.callId);
    const entry = this.phoneLegs.get(leg.legId);
    if (leg.role === 'caller' && previous === 'ringing' && leg.state === 'dialing') {
      // The source picked up: a silent owner now dials out (§6.5 D), any other source's leg is answered.
      const owner = this.legs.tenant.byNumber(leg.extension);
      if (tc && owner && tc.silentLeg === leg.legId) {
        tc.silentLeg = null;
        return this.openOutgoing(tc, call, leg, owner);
      }
      if (entry) this.legs.answer(entry.leg);
      return;
    }
    if (leg.state !== 'talking' || !entry || entry.leg.answeredAt !== null) return;
    if (leg.role === 'callee') this.answerCallee(tc ?? entry.tc, leg, entry.leg);
    else this.legs.answer(entry.leg);
  }

  private legEnded(call: CallInfo, leg: LegInfo, reason: EndReason): void {
    const tc = this.calls.get(call.callId);
    const entry = this.phoneLegs.get(leg.legId);
    if (!entry) {
      // Busy or unregistered: the phone never rang, yet the PBX offered the call (dial-in, then hangup).
      const owner = this.legs.tenant.byNumber(leg.extension);
      if (!tc || !owner || leg.role !== 'callee' || (reason !== 'busy' && reason !== 'unavailable')) return;
      if (reason === 'unavailable') tc.unavailable = true;
      return this.legs.close(this.openIncoming(tc, call, leg, owner), STATUS_OF_REASON[reason]);
    }
    this.phoneLegs.delete(leg.legId);
    const offer = this.queueOut.get(leg.legId);
    this.queueOut.delete(leg.legId);
    const own = entry.tc;
    if (entry.leg.answeredAt !== null) {
      if (reason === 'hungup') own.firstHangup ??= leg.role;
      this.legs.close(entry.leg, 'ANSWER');
      if (offer) this.legs.close(offer, 'ANSWER');
      return;
    }
    // A ringing callee that hangs up declines (BUSY); an unanswered caller's status is the call's outcome.
    const status = reason !== 'hungup' ? STATUS_OF_REASON[reason] : leg.role === 'callee' ? 'BUSY' : null;
    if (status === null) {
      own.deferred.push(entry.leg);
      return;
    }
    if (offer) this.legs.close(offer, status);
    this.legs.close(entry.leg, status);
  }

  private progress(call: CallInfo, stage: string): void {
    const tc = this.calls.get(call.callId);
    if (!tc) return;
    const { tenant } = this.legs;
    switch (stage) {
      case 'transfer':
        tc.transferer = tc.pendingTransferer;
        tc.pendingTransferer = null;
        tc.transferred = true;
        return;
      case 'forward':
        tc.forwarder = call.forwardedBy === null ? null : tenant.byNumber(call.forwardedBy);
        return;
      case 'ivr':
      case 'queued': {
        const ext = tenant.byNumber(call.callee);
        if (!ext) return;
        this.openEntry(tc, call, ext, stage === 'ivr' ? 'ivr' : 'queue-in');
        tc.routedBy = stage === 'ivr' ? ext : null;
        return;
      }
      case 'remote-ringing': {
        // The PBX itself places the outbound leg: forward rule or transfer outside (telphin.md §6.3).
        const owner = tc.forwarder ?? (tc.transferer === null ? null : tenant.byNumber(tc.transferer));
        tc.forwarder = null;
        tc.transferer = null;
        if (!owner) return;
        this.legs.open(tc, 'forward', owner, 'out', {
          CallerIDNum: tenant.display(call.caller), CallerIDName: callerName(this.legs, this.dir, call, call.caller), CalledNumber: call.callee,
          ...this.legs.ext('Caller', owner), Transfered: 'yes', ...callBackField(tc),
        });
        return;
      }
      default:
    }
  }

  private answered(call: CallInfo): void {
    const tc = this.calls.get(call.callId);
    const forward = tc?.legs.find((l) => l.kind === 'forward' && l.closedAt === null && l.answeredAt === null);
    if (forward && call.phase === 'talking') this.legs.answer(forward);
  }

  private ended(call: CallInfo): void {
    const tc = this.calls.get(call.callId);
    if (!tc) return;
    this.calls.delete(call.callId);
    tc.endedAt = (call.endedAt ?? 0) * 1000;
    tc.outcome = call.outcome;
    const status = statusOfOutcome(call.outcome, tc.unavailable);
    for (const leg of tc.deferred.splice(0)) this.legs.close(leg, status);
    for (const leg of tc.legs.filter((l) => l.kind === 'forward')) this.legs.close(leg, leg.answeredAt === null ? status : 'ANSWER');
    // IVR and queue `in` legs stay open while the call is handled and close with it (telphin.md §6.2).
    const entries = tc.legs.filter((l) => (l.kind === 'ivr' || l.kind === 'queue-in') && l.closedAt === null).reverse();
    for (const leg of entries) this.legs.close(leg, tc.bridgedAt === null ? status : 'ANSWER', tc.bridgedAt);
    if (tc.legs.length === 0) return;
    this.history.push(tc);
    if (this.history.length > HISTORY_SIZE) this.history.shift();
  }
}
