import { kindOf, type Directory } from './directory';
import type { CallInfo, CallPhase, CallSource, Direction, FarEndPlan, LegInfo, LegState, RecordingInfo } from './types';
import type { CallOutcome } from '@/lib/board';

/** Mutable engine-internal leg; snapshots handed to listeners are `LegInfo`. */
export interface Leg {
  /** `${callId}:${extension}:${n}` fixed at creation, so it survives an attended transfer moving the leg. */
  id: string;
  n: number;
  extension: string;
  role: 'caller' | 'callee';
  state: LegState;
  peer: string;
  dialed: string | null;
  queue: string | null;
  createdAt: number;
  answeredAt: number | null;
  /** Ring-timeout or pick-up timer. */
  timer: unknown;
  ended: boolean;
  /** Held by the user (`state` is then `held`); a party held by a blind transfer has `false`. */
  hold: boolean;
}

/** One end of a call: the originating side `a` and the destination side `b`. */
export type Side =
  | { kind: 'phone'; leg: Leg }
  | { kind: 'external'; number: string; answered: boolean }
  | { kind: 'ivr'; number: string }
  /**
   * `ringing`: the agent legs alerting now (one for rrmemory / topdown, every idle agent for ringall).
   * `cursor`: this call's place in the agent list (topdown).
   */
  | { kind: 'queue'; number: string; ringing: Leg[]; since: number; cursor: number }
  | { kind: 'conference'; number: string }
  | { kind: 'pending' };

export interface Call {
  id: string;
  from: string;
  to: string;
  source: CallSource;
  a: Side;
  b: Side;
  isClickToDial: boolean;
  intercom: boolean;
  callerIdOverride: string | null;
  callerName: string | null;
  farEnd: FarEndPlan | null;
  recordOnAnswer: { tag: string | null; owner: string | null } | null;
  recording: RecordingInfo;
  lastQueue: string | null;
  /** Phone whose forwarding rule sent the call on; a call is forwarded at most once. */
  forwardedBy: string | null;
  startedAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  outcome: CallOutcome | null;
  timers: Set<unknown>;
  ended: boolean;
}

/** The number a side presents to the other side. */
export function sideNumber(side: Side): string {
  switch (side.kind) {
    case 'phone':
      return side.leg.extension;
    case 'pending':
      return '';
    default:
      return side.number;
  }
}

/** Live phone legs of a call, oldest first. */
export function liveLegs(call: Call): Leg[] {
  const legs: Leg[] = [];
  for (const side of [call.a, call.b]) {
    if (side.kind === 'phone') legs.push(side.leg);
    if (side.kind === 'queue') legs.push(...side.ringing);
  }
  return legs.filter((l) => !l.ended).sort((x, y) => x.n - y.n);
}

function phaseOf(call: Call): CallPhase {
  if (call.ended) return 'ended';
  const { a, b } = call;
  if (a.kind === 'phone' && a.leg.state === 'held' && !a.leg.hold) return 'transferring';
  switch (b.kind) {
    case 'conference':
      return 'talking';
    case 'ivr':
      return 'ivr';
    case 'queue':
      return 'queued';
    case 'external':
      return b.answered ? 'talking' : 'dialing';
    case 'phone':
      return b.leg.state === 'ringing' ? 'ringing' : 'talking';
    default:
      return 'setup';
  }
}

/**
 * Internal only when the other party is a phone: a Noojee client sees just a number in `callerId`,
 * so a caller still waiting on queue 600 or IVR 700 looks outbound until an agent answers.
 */
function directionOf(dir: Directory, leg: Leg): Direction {
  if (kindOf(dir, leg.peer) === 'phone') return 'internal';
  return leg.role === 'caller' ? 'outbound' : 'inbound';
}

export function toLegInfo(dir: Directory, call: Call, leg: Leg): LegInfo {
  return {
    legId: leg.id,
    callId: call.id,
    extension: leg.extension,
    role: leg.role,
    state: leg.state,
    direction: directionOf(dir, leg),
    peer: leg.peer,
    dialed: leg.dialed,
    queue: leg.queue,
    isClickToDial: call.isClickToDial,
    createdAt: leg.createdAt,
    answeredAt: leg.answeredAt,
    onHold: leg.hold,
  };
}

export function toCallInfo(dir: Directory, call: Call): CallInfo {
  const external = [call.a, call.b].find((s) => s.kind === 'external');
  return {
    callId: call.id,
    from: call.from,
    to: call.to,
    phase: phaseOf(call),
    queue: call.lastQueue,
    external: external?.kind === 'external' ? external.number : null,
    source: call.source,
    isClickToDial: call.isClickToDial,
    intercom: call.intercom,
    conference: call.b.kind === 'conference' ? call.b.number : null,
    callerName: call.callerName,
    caller: call.callerIdOverride ?? sideNumber(call.a),
    callee: sideNumber(call.b),
    forwardedBy: call.forwardedBy,
    queued: call.b.kind === 'queue' ? { queue: call.b.number, caller: call.callerIdOverride ?? sideNumber(call.a), since: call.b.since } : null,
    startedAt: call.startedAt,
    answeredAt: call.answeredAt,
    endedAt: call.endedAt,
    outcome: call.outcome,
    recording: { ...call.recording },
    legs: liveLegs(call).map((leg) => toLegInfo(dir, call, leg)),
  };
}
