import { siteOf, type Directory, type Site } from './directory';
import type { CallInfo, CallPhase, Direction, LegState, RecordingInfo } from './types';

/** One live leg on a phone: what a client watching that extension should show. */
export interface TruthLeg {
  extension: string;
  /** Which PBX the phone belongs to: A = Noojee, B = Switchvox. */
  site: Site | null;
  /** Same string the Noojee facade reports as `uniqueCallId` (and the control API's callId). */
  uniqueCallId: string;
  /** `held` with `onHold` true: the user put the call on hold; `held` alone: left behind by a blind transfer. */
  state: LegState;
  onHold: boolean;
  direction: Direction;
  peer: string;
  queue: string | null;
  recording: boolean;
  role: 'caller' | 'callee';
  canAnswer: boolean;
  startedAt: string;
  answeredAt: string | null;
}

export interface TruthCall {
  callId: string;
  uniqueCallId: string;
  from: string;
  to: string;
  phase: CallPhase;
  queue: string | null;
  external: string | null;
  source: CallInfo['source'];
  isClickToDial: boolean;
  intercom: boolean;
  conference: string | null;
  startedAt: string;
  answeredAt: string | null;
  recording: RecordingInfo;
  /** Extensions with a live leg on this call. */
  legs: string[];
}

/** A caller waiting in a queue (the queue's `in` thread, DESIGN.md §3 `QueueView.waiting`): no agent has answered yet. */
export interface TruthQueueWaiting {
  queue: string;
  site: Site | null;
  uniqueCallId: string;
  /** The waiting party's number (outside number or phone). */
  caller: string;
  since: string;
}

export interface Truth {
  legs: TruthLeg[];
  calls: TruthCall[];
  /** Callers waiting in queues, oldest first; agents being rung show as `legs` with `queue` set. */
  queueWaiting: TruthQueueWaiting[];
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The engine's ground truth, legs sorted by extension then age so tests can compare directly. */
export function buildTruth(calls: CallInfo[], dir: Directory): Truth {
  const legs = calls.flatMap((call) =>
    call.legs.map((leg) => ({
      extension: leg.extension,
      site: siteOf(dir, leg.extension),
      uniqueCallId: call.callId,
      state: leg.state,
      onHold: leg.onHold,
      direction: leg.direction,
      peer: leg.peer,
      queue: leg.queue,
      recording: call.recording.active,
      role: leg.role,
      canAnswer: leg.role === 'callee' && leg.state === 'ringing',
      startedAt: new Date(leg.createdAt).toISOString(),
      answeredAt: iso(leg.answeredAt),
      n: leg.createdAt,
    })),
  );
  legs.sort((x, y) => Number(x.extension) - Number(y.extension) || x.n - y.n);
  return {
    legs: legs.map(({ n: _n, ...leg }) => leg),
    calls: calls.map((call) => ({
      callId: call.callId,
      uniqueCallId: call.callId,
      from: call.from,
      to: call.to,
      phase: call.phase,
      queue: call.queue,
      external: call.external,
      source: call.source,
      isClickToDial: call.isClickToDial,
      intercom: call.intercom,
      conference: call.conference,
      startedAt: new Date(call.startedAt).toISOString(),
      answeredAt: iso(call.answeredAt),
      recording: call.recording,
      legs: call.legs.map((l) => l.extension),
    })),
    queueWaiting: calls
      .flatMap((call) => (call.queued ? [{ ...call.queued, uniqueCallId: call.callId }] : []))
      .sort((x, y) => x.since - y.since)
      .map(({ queue, caller, since, uniqueCallId }) => ({ queue, site: siteOf(dir, queue), uniqueCallId, caller, since: new Date(since).toISOString() })),
  };
}
