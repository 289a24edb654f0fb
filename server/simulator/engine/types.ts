import type { CallOutcome, Direction, LegState } from '@/lib/board';

export type { CallOutcome, Direction, LegState };

/**
 * Why a leg ended; facades map these to vendor words (Noojee: Hungup / Busy / No Answer). `unavailable`:
 * the phone is not registered, so it never rang (like `busy`, the leg was never created).
 */
export type EndReason = 'hungup' | 'busy' | 'no_answer' | 'cancelled' | 'unavailable';

/** Who started a call: the control API, the traffic generator, a scenario, or a vendor API (dial). */
export type CallSource = 'control' | 'traffic' | 'scenario' | 'api';

export type CallPhase = 'setup' | 'ivr' | 'queued' | 'ringing' | 'dialing' | 'talking' | 'transferring' | 'ended';

/** A call's recording, set by facade commands (noojee.md §6.9); never reported in vendor events. */
export interface RecordingInfo {
  active: boolean;
  /** Recording legs so far: a new one at start and at every transition while active (noojee.md §2.5). */
  legs: number;
  tag: string | null;
  owner: string | null;
}

/** One call on one phone extension, as seen at the moment of an event. */
export interface LegInfo {
  /** `${callId}:${extension}:${n}`; n keeps a re-rung queue agent's legs apart. */
  legId: string;
  callId: string;
  extension: string;
  /** `caller` placed the call (or was rung first by click-to-dial), `callee` is receiving it. */
  role: 'caller' | 'callee';
  state: LegState;
  direction: Direction;
  /** The other party's number as this handset sees it (destination for callers, caller for callees). */
  peer: string;
  /** Number dialled, on caller legs. */
  dialed: string | null;
  /** Queue that delivered this leg. */
  queue: string | null;
  isClickToDial: boolean;
  createdAt: number;
  answeredAt: number | null;
  /** The user put this leg on hold (state `held`); false for a party held by a blind transfer. */
  onHold: boolean;
}

export interface CallInfo {
  /** Asterisk-style `<epoch seconds>.<counter>`, stable for the call's life; also the Noojee uniqueCallId. */
  callId: string;
  from: string;
  to: string;
  phase: CallPhase;
  /** Latest queue the call entered. */
  queue: string | null;
  /** Outside party on the call, if any. */
  external: string | null;
  source: CallSource;
  isClickToDial: boolean;
  /** Intercom / page: the destination phone answered by itself (switchvox.md §7.2). */
  intercom: boolean;
  /** Conference bridge the call is joined to. */
  conference: string | null;
  /** Caller-ID name sent by an outside caller (may be any Unicode). */
  callerName: string | null;
  /** The number the originating side presents now (changes with transfers; `''` while unknown). */
  caller: string;
  /** The destination side's number now (phone, queue, IVR, bridge or outside number; `''` while pending). */
  callee: string;
  /** Phone whose incoming-call rule sent the call on (telphin.md §6.3), once it has. */
  forwardedBy: string | null;
  /** The caller is waiting in a queue (no agent has answered yet): which queue, who, since when. */
  queued: { queue: string; caller: string; since: number } | null;
  startedAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  outcome: CallOutcome | null;
  recording: RecordingInfo;
  /** Live phone legs, oldest first. */
  legs: LegInfo[];
}

/**
 * Engine change events, emitted synchronously in order. A busy destination is reported only by a
 * `leg.ended` with reason `busy` for a leg that was never created (Noojee shows a lone `Busy`, §3.4 B).
 */
export type EngineEvent =
  | { type: 'call.created'; call: CallInfo }
  | { type: 'call.progress'; call: CallInfo; stage: 'ivr' | 'queued' | 'remote-ringing' | 'transfer' | 'conference' | 'forward' }
  | { type: 'call.answered'; call: CallInfo; first: boolean }
  | { type: 'call.ended'; call: CallInfo }
  | { type: 'leg.created'; call: CallInfo; leg: LegInfo }
  | { type: 'leg.state'; call: CallInfo; leg: LegInfo; previous: LegState }
  /** Blind transfer split this leg from its bridge (Noojee `Unlinked`, §3.4 F). */
  | { type: 'leg.unlinked'; call: CallInfo; leg: LegInfo }
  /** The user put the leg on hold or took it off hold (state `held` ↔ `talking`); not a Noojee event. */
  | { type: 'leg.hold'; call: CallInfo; leg: LegInfo; held: boolean }
  | { type: 'leg.ended'; call: CallInfo; leg: LegInfo; reason: EndReason }
  | { type: 'recording.changed'; call: CallInfo };

export type EngineListener = (event: EngineEvent) => void;

/** What the far end of an outside call does, and after how long (`null`: wait for a manual answer). */
export interface FarEndPlan {
  /** `failed`: the network refuses the number (Telphin `CONGESTION`). */
  outcome: 'answer' | 'busy' | 'no_answer' | 'failed';
  afterMs: number | null;
}

/** A refused engine operation; `kind` lets the control API pick 404 / 409 / 400. */
export class EngineError extends Error {
  constructor(
    readonly kind: 'not_found' | 'conflict' | 'invalid',
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}
