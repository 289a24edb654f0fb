import type { CallInfo } from '../engine/types';
import { gmt, type CallStatus, type TCall, type TLeg } from './legs';
import { extensionRef, type TelphinTenant } from './tenant';

const ms = (us: number | null) => (us === null ? null : Math.floor(us / 1000));
const seconds = (us: number) => Math.round(us / 1_000_000);

function callerName(tenant: TelphinTenant, tc: TCall): string {
  const ext = tenant.byNumber(tc.from);
  return ext ? (ext.label ?? ext.name) : (tc.callerName ?? tc.from);
}

/** The extension handling the call now: an answered phone, else the queue / IVR holding it, else the one dialled. */
function handler(tenant: TelphinTenant, tc: TCall) {
  const open = tc.legs.filter((l) => l.closedAt === null);
  const phone = open.filter((l) => l.kind === 'phone' && l.flow === 'in' && l.answeredAt !== null).at(-1);
  const entry = open.filter((l) => l.kind === 'ivr' || l.kind === 'queue-in').at(-1);
  return phone?.owner ?? entry?.owner ?? tenant.byNumber(tc.to);
}

/** One `call_list` item of `GET /client/{id}/current_calls/` (telphin.md §8.3); `call_api_id` = the events' `CallAPIID`. */
export function currentCallJson(tenant: TelphinTenant, tc: TCall, call: CallInfo | null) {
  const callerExt = tenant.byNumber(tc.from);
  const called = handler(tenant, tc);
  const recording = tc.legs.find((l) => l.closedAt === null && l.recId !== null);
  return {
    call_api_id: tc.callApiId,
    call_flow: callerExt ? 'out' : 'in',
    caller_id_number: tenant.display(tc.from),
    caller_id_name: callerName(tenant, tc),
    called_number: tenant.display(tc.to),
    called_did: tc.did,
    callback_id: tc.callBackId,
    init_time_gmt: gmt(ms(tc.initAt)),
    answer_time_gmt: gmt(call?.answeredAt ?? null),
    extension_id: tc.legs[0]?.owner.id ?? callerExt?.id ?? called?.id ?? null,
    caller_extension: callerExt ? extensionRef(callerExt) : null,
    called_extension: called ? extensionRef(called) : null,
    record_uuid: recording?.recId ?? null,
  };
}

const LEG_RESULT: Record<CallStatus, string> = {
  CALLING: 'not answered', ANSWER: 'answered', BUSY: 'busy', NOANSWER: 'not answered', CANCEL: 'not answered', CONGESTION: 'failed', CHANUNAVAIL: 'failed',
};
const CAUSE: Record<CallStatus, string> = {
  CALLING: 'NORMAL_CLEARING', ANSWER: 'NORMAL_CLEARING', BUSY: 'USER_BUSY', NOANSWER: 'NO_ANSWER', CANCEL: 'ORIGINATOR_CANCEL',
  CONGESTION: 'NORMAL_TEMPORARY_FAILURE', CHANUNAVAIL: 'USER_NOT_REGISTERED',
};

function disposition(tc: TCall, status: CallStatus): string {
  switch (status) {
    case 'ANSWER':
      return tc.firstHangup === 'callee' ? 'callee_bye' : 'caller_bye';
    case 'BUSY':
      return 'callee_refuse';
    case 'CANCEL':
      return tc.bridgedAt === null ? 'caller_cancel' : 'internal_cancel';
    default:
      return 'internal_cancel';
  }
}

function cdrJson(tc: TCall, leg: TLeg) {
  const status = leg.status ?? 'CANCEL';
  const elsewhere = status === 'CANCEL' && tc.bridgedAt !== null;
  return {
    extension_type: leg.owner.type,
    record_uuid: leg.recId,
    result: elsewhere ? 'answered elsewhere' : LEG_RESULT[status],
    hangup_cause: CAUSE[status],
    hangup_disposition: disposition(tc, status),
    duration: seconds((leg.closedAt ?? leg.openedAt) - leg.openedAt),
    init_time_gmt: gmt(ms(leg.openedAt)),
    start_time_gmt: gmt(ms(leg.answeredAt)),
    hangup_time_gmt: gmt(ms(leg.closedAt)),
    flow: leg.flow,
    extension_id: leg.owner.id,
    from_username: leg.fields.CallerIDNum ?? null,
    to_username: leg.fields.CalledNumber ?? null,
  };
}

const RESULT: Record<string, string> = { answered: 'answered', busy: 'busy', no_answer: 'not answered', cancelled: 'not answered', failed: 'failed' };

/** The flow of a whole call: `transfer` once transferred, else who started it. */
export function callFlow(tenant: TelphinTenant, tc: TCall): 'in' | 'out' | 'transfer' {
  if (tc.transferred) return 'transfer';
  return tenant.byNumber(tc.from) ? 'out' : 'in';
}

/** One `call_history` item (telphin.md §8.4); `call_uuid` = the events' `CallID`, `cdr[].record_uuid` = `RecID`. */
export function historyJson(tenant: TelphinTenant, tc: TCall) {
  const ended = tc.endedAt ?? tc.initAt;
  const status: CallStatus = tc.outcome === 'answered' ? 'ANSWER' : (tc.legs.find((l) => l.status !== 'ANSWER')?.status ?? 'CANCEL');
  return {
    call_uuid: tc.callId,
    flow: callFlow(tenant, tc),
    init_time_gmt: gmt(ms(tc.initAt)),
    start_time_gmt: gmt(ms(tc.initAt)),
    bridged_time_gmt: gmt(ms(tc.bridgedAt)),
    hangup_time_gmt: gmt(ms(ended)),
    duration: seconds(ended - tc.initAt),
    bridged: tc.bridgedAt !== null,
    bridged_duration: tc.bridgedAt === null ? 0 : seconds(ended - tc.bridgedAt),
    extension_id: tc.legs[0]?.owner.id ?? null,
    from_username: tenant.display(tc.from),
    to_username: tenant.display(tc.to),
    result: RESULT[tc.outcome ?? 'cancelled'] ?? 'not answered',
    hangup_cause: CAUSE[status],
    hangup_disposition: disposition(tc, status),
    cdr: tc.legs.map((leg) => cdrJson(tc, leg)),
  };
}
