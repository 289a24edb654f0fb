import type { CallInfo, EngineEvent, LegInfo, LegState } from '../engine/types';

/** The seven `CallData.status` strings, exactly (noojee.md §3.2). */
export const NOOJEE_STATUSES = ['Ringing', 'Connected', 'Hungup', 'Busy', 'No Answer', 'Unlinked', 'Dialing Out'] as const;
export type NoojeeStatus = (typeof NOOJEE_STATUSES)[number];

/** `CallData` with the eight documented keys then the three newer ones, in that order (noojee.md §3.1). */
export interface CallData {
  canAnswer: boolean;
  callerId: string;
  uniqueCallId: string;
  callStartTime: string;
  isQueueCall: boolean;
  isClickToDialCall: boolean;
  inbound: boolean;
  status: NoojeeStatus;
  otherPartyCallerId: string;
  connectedCallerIdNum: string;
  outboundDestination: string;
}

export interface NoojeeEntry {
  CallData: CallData;
  CallID: number;
  Code: 0;
}

/** Per-extension state machine of noojee.md §3.3 applied to engine events; `null`: no entry. */
export function statusOfEvent(event: EngineEvent): NoojeeStatus | null {
  switch (event.type) {
    case 'leg.created':
    case 'leg.state':
      return statusOfLeg(event.leg.state);
    case 'leg.unlinked':
      return 'Unlinked';
    case 'leg.ended':
      // Busy and No Answer are terminal: no Hungup follows for that entry (A14).
      return event.reason === 'busy' ? 'Busy' : event.reason === 'no_answer' ? 'No Answer' : 'Hungup';
    default:
      return null;
  }
}

/** Status a snapshot reports for a live leg; a held leg is one split off by a transfer. */
export function statusOfLeg(state: LegState): NoojeeStatus {
  switch (state) {
    case 'ringing':
      return 'Ringing';
    case 'dialing':
      return 'Dialing Out';
    case 'talking':
      return 'Connected';
    case 'held':
      return 'Unlinked';
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `yyyy-MM-dd HH:mm:ss` in server local time (A12). */
export function formatStartTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** One subscribe entry for a leg. One uniqueCallId per call on every extension (A5). */
export function buildEntry(call: CallInfo, leg: LegInfo, status: NoojeeStatus, callNo: number): NoojeeEntry {
  const inbound = leg.role === 'callee';
  const connected = leg.answeredAt !== null;
  return {
    CallData: {
      canAnswer: inbound && status === 'Ringing',
      callerId: leg.peer,
      uniqueCallId: call.callId,
      // "" until answered (every vendor sample shows ""), then the answer time (A12).
      callStartTime: connected && leg.answeredAt !== null ? formatStartTime(leg.answeredAt) : '',
      isQueueCall: leg.queue !== null,
      isClickToDialCall: call.isClickToDial,
      inbound,
      status,
      otherPartyCallerId: leg.peer,
      connectedCallerIdNum: connected ? leg.peer : '',
      outboundDestination: inbound ? '' : (leg.dialed ?? ''),
    },
    CallID: callNo,
    Code: 0,
  };
}
