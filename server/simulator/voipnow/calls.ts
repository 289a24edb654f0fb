import { randomBytes } from 'node:crypto';
import type { CallEngine } from '../engine/call-engine';
import type { CallInfo, EndReason, EngineEvent, LegInfo } from '../engine/types';
import { uapiDate } from './uapi';

/** Site D numbers as VoipNow extensions: `{prefix}*{number}`. */
export interface VoipNowExtension {
  number: string;
  short: string;
  name: string;
  kind: 'phone' | 'queue';
}

interface VLeg {
  viewId: string;
  extension: string;
  role: 'caller' | 'callee';
  state: LegInfo['state'];
  ringingAt: number;
  answeredAt: number | null;
  holdAt: number | null;
  endedAt: number | null;
  reason: EndReason | null;
  /** Ended unanswered: its Hangup waits for the call's outcome. */
  pendingHangup?: boolean;
}

interface VCall {
  id: string;
  engineId: string;
  publishedAt: number;
  answeredAt: number | null;
  info: CallInfo;
  /** D queue the call went through (its hooks fired). */
  queue: string | null;
  legs: Map<string, VLeg>;
  recordingAt: number | null;
  endedAt: number | null;
  /** A destination phone was not registered. */
  unavailable?: boolean;
}

export type HookSink = (extension: string, type: string, params: Record<string, string>) => void;

const HANGUP_STATUS: Record<EndReason, string> = { hungup: 'CANCEL', busy: 'BUSY', no_answer: 'NOANSWER', cancelled: 'CANCEL', unavailable: 'CHANUNAVAIL' };
const OUTCOME_STATUS: Record<string, string> = { answered: 'ANSWER', busy: 'BUSY', no_answer: 'NOANSWER', failed: 'CONGESTION', cancelled: 'CANCEL' };
const DISPOSITION: Record<string, string> = { answered: '0', busy: '1', failed: '2', no_answer: '3', cancelled: '3' };
const CDR_SIZE = 1_000;

/**
 * The VoipNow view of the engine's site-D calls (voipnow.md §3, §4): fires Dial-In/Dial-Out/Answer/Hangup
 * notifications per extension, keeps the active PhoneCalls (one view per site-D phone leg) and the CDR.
 * The hook `CallID` is the PhoneCall `id` of the same call (20 hex chars).
 */
export class VoipNowCalls {
  private readonly live = new Map<string, VCall>();
  private readonly ended: VCall[] = [];

  constructor(
    private readonly engine: CallEngine,
    private readonly ext: (short: string) => VoipNowExtension | null,
    private readonly did: string,
    private readonly sink: HookSink,
  ) {}

  handle(e: EngineEvent): void {
    const vc = this.track(e.call);
    if (!vc) return;
    vc.info = e.call;
    const now = this.engine.clock.now();
    switch (e.type) {
      case 'leg.created': {
        if (!this.ext(e.leg.extension)) return;
        vc.legs.set(e.leg.legId, {
          viewId: String(vc.legs.size).padStart(2, '0'), extension: e.leg.extension, role: e.leg.role, state: e.leg.state,
          ringingAt: now, answeredAt: null, holdAt: null, endedAt: null, reason: null,
        });
        if (e.leg.role === 'caller') this.fire(vc, e.leg.extension, '1', 'OUT', 'CALLING');
        else this.fire(vc, e.leg.extension, '0', 'IN', 'CALLING');
        return;
      }
      case 'call.progress':
        if (e.stage === 'queued' && e.call.queue && this.ext(e.call.queue) && vc.queue !== e.call.queue) {
          vc.queue = e.call.queue;
          this.fire(vc, e.call.queue, '0', 'IN', 'CALLING');
        }
        return;
      case 'leg.state': {
        const leg = vc.legs.get(e.leg.legId);
        if (!leg) return;
        leg.state = e.leg.state;
        if (leg.answeredAt === null && (e.leg.state === 'talking' || e.leg.state === 'held')) {
          leg.answeredAt = now;
          vc.answeredAt ??= now;
          if (leg.role === 'callee') {
            this.fire(vc, leg.extension, '3', 'IN', 'ANSWER');
            if (vc.queue && e.leg.queue === vc.queue) this.fire(vc, vc.queue, '3', 'IN', 'ANSWER');
          } else this.fire(vc, leg.extension, '4', 'OUT', 'ANSWER');
        }
        return;
      }
      case 'leg.hold': {
        const leg = vc.legs.get(e.leg.legId);
        if (leg) {
          leg.holdAt = e.held ? now : null;
          leg.state = e.leg.state;
        }
        return;
      }
      case 'call.answered':
        vc.answeredAt ??= now;
        return;
      case 'recording.changed':
        vc.recordingAt = e.call.recording.active ? (vc.recordingAt ?? now) : null;
        return;
      case 'leg.ended': {
        const leg = vc.legs.get(e.leg.legId);
        if (!leg && e.reason === 'unavailable') vc.unavailable = true;
        if (!leg || leg.endedAt !== null) return;
        leg.endedAt = now;
        leg.reason = e.reason;
        // An unanswered caller's end is worded by the call's outcome, known only at `call.ended`.
        if (leg.role === 'caller' && leg.answeredAt === null && (e.reason === 'hungup' || e.reason === 'cancelled')) {
          leg.pendingHangup = true;
          return;
        }
        const status = leg.answeredAt !== null ? 'ANSWER' : leg.role === 'callee' && e.reason === 'hungup' ? 'BUSY' : HANGUP_STATUS[e.reason];
        this.fire(vc, leg.extension, '2', leg.role === 'caller' ? 'OUT' : 'IN', status);
        return;
      }
      case 'call.ended': {
        // A destination that is not registered fails the call: CHANUNAVAIL rather than CONGESTION.
        const outcomeStatus = vc.unavailable && e.call.outcome === 'failed' ? 'CHANUNAVAIL' : (OUTCOME_STATUS[e.call.outcome ?? 'cancelled'] ?? 'CANCEL');
        for (const leg of vc.legs.values()) {
          if (!leg.pendingHangup) continue;
          leg.pendingHangup = false;
          this.fire(vc, leg.extension, '2', 'OUT', outcomeStatus);
        }
        if (vc.queue) {
          this.fire(vc, vc.queue, '2', 'IN', outcomeStatus);
        }
        vc.endedAt = now;
        this.live.delete(vc.engineId);
        this.ended.push(vc);
        if (this.ended.length > CDR_SIZE) this.ended.shift();
        return;
      }
      default:
        return;
    }
  }

  /** Active PhoneCalls (voipnow.md §4.1), oldest first. */
  active(): Record<string, unknown>[] {
    return [...this.live.values()].filter((vc) => [...vc.legs.values()].some((l) => l.endedAt === null)).map((vc) => this.phoneCall(vc, false));
  }

  /** Ended calls as CDR records (views with `disposition`). */
  history(): Record<string, unknown>[] {
    return this.ended.map((vc) => this.phoneCall(vc, true));
  }

  /** The engine call id and live views of an active PhoneCall. */
  find(id: string): { engineId: string; views: { viewId: string; extension: string }[] } | null {
    const vc = [...this.live.values()].find((c) => c.id === id);
    if (!vc) return null;
    return { engineId: vc.engineId, views: [...vc.legs.values()].filter((l) => l.endedAt === null).map(({ viewId, extension }) => ({ viewId, extension })) };
  }

  /** CDR statistics per direction (`0` incoming, `1` outgoing). */
  stats(): Record<string, string>[] {
    return (['0', '1'] as const).map((type) => {
      const calls = this.ended.filter((vc) => (type === '0' ? this.inbound(vc) : this.outbound(vc)));
      const count = (o: string) => String(calls.filter((c) => (c.info.outcome ?? 'cancelled') === o).length);
      return {
        type, total: String(calls.length), answered: count('answered'), unanswered: String(calls.filter((c) => ['no_answer', 'cancelled'].includes(c.info.outcome ?? 'cancelled')).length),
        busy: count('busy'), failed: count('failed'), unknown: '0', unallowed: '0',
      };
    });
  }

  private track(call: CallInfo): VCall | null {
    const existing = this.live.get(call.callId);
    if (existing) return existing;
    const involved = [call.from, call.to, ...call.legs.map((l) => l.extension)].some((n) => this.ext(n) !== null);
    if (!involved) return null;
    const vc: VCall = {
      id: randomBytes(10).toString('hex'), engineId: call.callId, publishedAt: this.engine.clock.now(), answeredAt: null, info: call,
      queue: null, legs: new Map(), recordingAt: null, endedAt: null,
    };
    this.live.set(call.callId, vc);
    return vc;
  }

  private inbound(vc: VCall): boolean {
    return this.ext(vc.info.from) === null;
  }

  private outbound(vc: VCall): boolean {
    return !this.inbound(vc) && vc.info.external !== null;
  }

  private extended(short: string): string {
    return this.ext(short)?.number ?? short;
  }

  /** The ten §3.3 parameters, every one present (possibly empty). */
  private fire(vc: VCall, extension: string, type: string, flow: 'IN' | 'OUT', status: string): void {
    const { from, to, callerName } = vc.info;
    const caller = this.ext(from);
    const called = this.ext(to);
    const calledExtension = flow === 'IN' ? this.extended(extension) : called ? called.number : '';
    this.sink(this.extended(extension), type, {
      CallID: vc.id,
      CallerIDNum: caller ? caller.number : from,
      CallerIDName: caller ? caller.name : (callerName ?? ''),
      CalledDID: caller ? '' : this.did,
      CalledExtension: calledExtension,
      CallStatus: status,
      CallFlow: flow,
      CallerExtension: caller ? caller.number : '',
      CalledNumber: caller ? to : this.did,
      CallAPIID: '',
    });
  }

  private phoneCall(vc: VCall, cdr: boolean): Record<string, unknown> {
    const { from, to, callerName } = vc.info;
    const caller = this.ext(from);
    const charged = caller ?? this.ext([...vc.legs.values()][0]?.extension ?? '') ?? this.ext(vc.queue ?? to);
    const flow = caller ? (vc.info.external !== null || this.ext(to) === null ? '4' : '2') : '8';
    const callerId = caller ? `${caller.name} <${caller.number}>` : callerName ? `${callerName} <${from}>` : from;
    const outcome = vc.info.outcome ?? 'cancelled';
    const views = [...vc.legs.values()].filter((l) => cdr || l.endedAt === null).map((l) => {
      const view: Record<string, unknown> = {
        id: l.viewId, extension: this.extended(l.extension), source: [caller ? caller.number : from], destination: [caller ? to : this.did], flow,
        status: l.state === 'ringing' ? '3' : l.state === 'dialing' ? '4' : '5', ringing: uapiDate(l.ringingAt), callerId,
      };
      if (l.answeredAt !== null) view.answered = uapiDate(l.answeredAt);
      if (vc.recordingAt !== null && l.endedAt === null) view.recording = uapiDate(vc.recordingAt);
      if (l.holdAt !== null && l.endedAt === null) {
        view.onHold = uapiDate(l.holdAt);
        view.holder = '1';
      }
      if (cdr) view.disposition = l.answeredAt !== null ? '0' : l.reason === 'busy' ? '1' : l.reason === 'unavailable' ? '2' : (DISPOSITION[outcome] ?? '4');
      return view;
    });
    const pc: Record<string, unknown> = {
      id: vc.id, extension: charged?.number ?? '', ownerId: '1', ownerName: 'Demo Organization', published: uapiDate(vc.publishedAt), nonce: '',
      phoneCallView: views,
    };
    if (vc.answeredAt !== null) pc.answered = uapiDate(vc.answeredAt);
    return pc;
  }
}
