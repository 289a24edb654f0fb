import { randomUUID } from 'node:crypto';
import type { CallInfo, CallOutcome } from '../engine/types';
import type { TelphinExtension } from './tenant';

/** `CallStatus` values (telphin.md §5.2). */
export type CallStatus = 'CALLING' | 'ANSWER' | 'BUSY' | 'NOANSWER' | 'CANCEL' | 'CONGESTION' | 'CHANUNAVAIL';

/**
 * One Telphin leg (`SubCallID`) as seen by one extension: a phone's call, an IVR's or a queue's `in`
 * thread, one queue `out` offer, or a `Transfered=yes` forward.
 */
export interface TLeg {
  kind: 'phone' | 'ivr' | 'queue-in' | 'queue-out' | 'forward';
  owner: TelphinExtension;
  /** Engine call id of the call the leg was opened on (the control API's callId). */
  uniqueCallId: string;
  callId: string;
  callApiId: string;
  subCallId: string;
  flow: 'in' | 'out';
  /** Identifying fields of the opening event, repeated on answer and hangup (telphin.md §5.3). */
  fields: Record<string, string>;
  /** `RemoteNumber`, sent on the opening `dial-in` only. */
  remoteNumber: string | null;
  openedAt: number;
  answeredAt: number | null;
  closedAt: number | null;
  status: CallStatus | null;
  recId: string | null;
}

/** A callback request (telphin.md §7) waiting for, or attached to, its engine call. */
export interface CallbackInfo {
  /** `CallBackID` for the legs, `null` when the owner calls on its own behalf (no other parties). */
  callBackId: string | null;
  /** Self-suppression (telphin.md §6.4): the owner is the ringing source, so its ring stays silent. */
  silentOwner: string | null;
  srcCallerIdNumber: string | null;
  srcCallerIdName: string | null;
}

/** Telphin's view of one engine call. */
export interface TCall {
  engineId: string;
  /** The engine call's original parties and outside caller-ID name. */
  from: string;
  to: string;
  callerName: string | null;
  callId: string;
  callApiId: string;
  callBackId: string | null;
  did: string | null;
  /** Every leg opened for this call, in order. */
  legs: TLeg[];
  initAt: number;
  /** First answer by a phone of the PBX (µs): makes IVR / queue hangups `Bridged=yes`. */
  bridgedAt: number | null;
  /** The IVR that routed the call and has not handed it on yet. */
  routedBy: TelphinExtension | null;
  /** Engine number of the extension whose blind transfer is pending (the next dial-ins carry `RemoteNumber`). */
  transferer: string | null;
  pendingTransferer: string | null;
  forwarder: TelphinExtension | null;
  /** Caller legs that ended unanswered: their status waits for the call's outcome. */
  deferred: TLeg[];
  /** A ring hit a handset that is not registered. */
  unavailable: boolean;
  transferred: boolean;
  endedAt: number | null;
  outcome: CallOutcome | null;
  callback: CallbackInfo | null;
  /** The owner's engine leg that rings silently (self-suppressed callback) until picked up. */
  silentLeg: string | null;
  /** Who hung up first once the call was connected (call history's `hangup_disposition`). */
  firstHangup: 'caller' | 'callee' | null;
}

/** 32 lower-case hex, the `CallID` shape (telphin.md §5.2). */
export const hex32 = (): string => randomUUID().replace(/-/g, '');

/** `<installation>-<uuid 8-4-4-4-12>` (telphin.md §9 #5). */
export const callApiIdOf = (installation: string, callId: string): string =>
  `${installation}-${callId.slice(0, 8)}-${callId.slice(8, 12)}-${callId.slice(12, 16)}-${callId.slice(16, 20)}-${callId.slice(20)}`;

/** Telphin's record of a new engine call: a fresh `CallID` and its `CallAPIID` (telphin.md §5.2). */
export function newTCall(call: CallInfo, installation: string, did: string | null, callback: CallbackInfo | null): TCall {
  const callId = hex32();
  return {
    engineId: call.callId, from: call.from, to: call.to, callerName: call.callerName, callId, callApiId: callApiIdOf(installation, callId),
    callBackId: callback?.callBackId ?? null, did, legs: [], initAt: call.startedAt * 1000, bridgedAt: null, routedBy: null, transferer: null,
    pendingTransferer: null, forwarder: null, deferred: [], unavailable: false, transferred: false, endedAt: null, outcome: null, callback,
    silentLeg: null, firstHangup: null,
  };
}

/** Status of a leg that never got answered, from the call's outcome. */
export function statusOfOutcome(outcome: CallOutcome | null, unavailable: boolean): CallStatus {
  switch (outcome) {
    case 'busy':
      return 'BUSY';
    case 'no_answer':
      return 'NOANSWER';
    case 'failed':
      return unavailable ? 'CHANUNAVAIL' : 'CONGESTION';
    default:
      return 'CANCEL';
  }
}

/** `YYYY-MM-DD HH:MM:SS` in GMT from epoch ms (telphin.md §1). */
export function gmt(ms: number | null): string | null {
  if (ms === null) return null;
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
