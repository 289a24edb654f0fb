/**
 * Test fixtures from shared/vendors/telphin.md: the §6.5 worked sequences (client prefix `000`,
 * phones 101 (id 176), 102 (177), 200 (190), IVR 099 (175), queue 300 (180), DID 74951234567, caller
 * +79161112233) with every row carrying the identifying fields of its leg (§5.3), and the observed
 * §5.2 values (client 2566: phone 102 id 85219, queue 887 id 96857).
 */
import { createHash } from 'node:crypto';
import type { WebhookRequest } from '@/server/connectors/connector';
import type { TelphinExtension } from './extension-directory';

export const DOMAIN = 'sipproxy.telphin.ru';
export const DID = '74951234567';
export const CALLER = '+79161112233';

export const directory: TelphinExtension[] = [
  { id: '176', name: '000*101', shortName: '101', kind: 'phone', label: 'Anna Petrova' },
  { id: '177', name: '000*102', shortName: '102', kind: 'phone', label: 'Boris Ivanov' },
  { id: '190', name: '000*200', shortName: '200', kind: 'phone', label: null },
  { id: '175', name: '000*099', shortName: '099', kind: 'ivr', label: 'Main menu' },
  { id: '180', name: '000*300', shortName: '300', kind: 'queue', label: 'Sales' },
];

/** §5.2 [observed] client 2566. */
export const observedDirectory: TelphinExtension[] = [
  { id: '85219', name: '2566*102', shortName: '102', kind: 'phone', label: 'Reception' },
  { id: '96857', name: '2566*887', shortName: '887', kind: 'queue', label: 'Support' },
];

/** 32 lower-case hex, stable per tag. */
export function hex(tag: string): string {
  return createHash('md5').update(tag).digest('hex');
}

/** `SubCallID` = `<owner extension id>-<32 hex>` (§5.2, §10.4). */
export const sub = (ownerId: string, tag: string) => `${ownerId}-${hex(tag)}`;

/** `CallAPIID` as observed: installation number, `-`, the CallID as an 8-4-4-4-12 UUID. */
export function apiIdOf(callId: string): string {
  return `3584709739-${callId.slice(0, 8)}-${callId.slice(8, 12)}-${callId.slice(12, 16)}-${callId.slice(16, 20)}-${callId.slice(20)}`;
}

/** `prefix*name@domain` as extension fields arrive in events. */
export const ext = (short: string, prefix = '000') => `${prefix}*${short}@${DOMAIN}`;

export const T0_US = 1_502_985_686_478_202;
export const RECEIVED = new Date('2017-08-17T16:01:30.000Z');

/** One hook request as the intake hands it over. */
export function hookRequest(params: Record<string, string>, event = params.EventType ?? 'dial-in', receivedAt = RECEIVED): WebhookRequest {
  return { event, params, receivedAt };
}

/** Builds the rows of one call: `row(owner fields, EventType, status, extra)` with EventTime one second apart. */
export function callBuilder(tag: string) {
  const callId = hex(`call:${tag}`);
  const common = { CallID: callId, CallAPIID: apiIdOf(callId) };
  let step = 0;
  return {
    callId,
    apiId: common.CallAPIID,
    row(leg: Record<string, string>, eventType: string, status: string, extra: Record<string, string> = {}): WebhookRequest {
      const eventTime = String(T0_US + step++ * 1_000_000);
      return hookRequest({ ...common, ...leg, EventType: eventType, CallStatus: status, EventTime: eventTime, ...extra });
    },
  };
}

/** §6.5 A: external call to 101 via the DID, answered, hung up. */
export function sequenceA(tag = 'A') {
  const b = callBuilder(tag);
  const leg = {
    SubCallID: sub('176', `${tag}-L1`), CallFlow: 'in', CallerIDNum: CALLER, CallerIDName: CALLER,
    CalledNumber: '000*101', CalledExtension: ext('101'), CalledExtensionID: '176', CalledDID: DID,
  };
  const rows = [
    b.row(leg, 'dial-in', 'CALLING'),
    b.row(leg, 'answer', 'ANSWER'),
    b.row(leg, 'hangup', 'ANSWER', { Duration: '95000000', RecID: `176-${hex(`${tag}-rec`)}` }),
  ];
  return { ...b, rows, leg };
}

/** §6.5 A unanswered: dial-in then hangup with `status` (NOANSWER, CANCEL, BUSY, …). */
export function sequenceAUnanswered(status: string, tag = `A-${status}`) {
  const b = callBuilder(tag);
  const leg = { ...sequenceA(tag).leg, SubCallID: sub('176', `${tag}-L1`) };
  return { ...b, rows: [b.row(leg, 'dial-in', 'CALLING'), b.row(leg, 'hangup', status, { Duration: '0' })] };
}

/** §6.5 B: call into queue 300 (top-down); 101 does not answer, 102 does. Rows 1–12 in order. */
export function sequenceB(tag = 'B', o: { bridged?: 'yes' | 'no' } = {}) {
  const b = callBuilder(tag);
  const caller = { CallerIDNum: CALLER, CallerIDName: 'Иван Петров' };
  const inThread = { ...caller, SubCallID: sub('180', `${tag}-Q0`), CallFlow: 'in', CalledNumber: '000*300', CalledExtension: ext('300'), CalledExtensionID: '180', CalledDID: DID };
  const offer = (n: string, short: string, id: string) => ({
    ...caller, SubCallID: sub('180', `${tag}-${n}`), CallFlow: 'out', CallerExtension: ext('300'), CallerExtensionID: '180',
    CalledNumber: `000*${short}`, CalledExtension: ext(short), CalledExtensionID: id,
  });
  const agent = (n: string, short: string, id: string) => ({
    ...caller, SubCallID: sub(id, `${tag}-${n}`), CallFlow: 'in', CallerExtension: ext('300'), CallerExtensionID: '180',
    CalledNumber: `000*${short}`, CalledExtension: ext(short), CalledExtensionID: id,
  });
  const q1 = offer('Q1', '101', '176');
  const a1 = agent('A1', '101', '176');
  const q2 = offer('Q2', '102', '177');
  const a2 = agent('A2', '102', '177');
  const answered = o.bridged !== 'no';
  const rows = answered
    ? [
        b.row(inThread, 'dial-in', 'CALLING'),
        b.row(q1, 'dial-in', 'CALLING'),
        b.row(a1, 'dial-in', 'CALLING'),
        b.row(q1, 'hangup', 'NOANSWER', { Duration: '0' }),
        b.row(a1, 'hangup', 'NOANSWER', { Duration: '0' }),
        b.row(q2, 'dial-in', 'CALLING'),
        b.row(a2, 'dial-in', 'CALLING'),
        b.row(q2, 'answer', 'ANSWER'),
        b.row(a2, 'answer', 'ANSWER'),
        b.row(a2, 'hangup', 'ANSWER', { Duration: '61000000', RecID: `177-${hex(`${tag}-rec`)}` }),
        b.row(q2, 'hangup', 'ANSWER', { Duration: '61000000' }),
        b.row(inThread, 'hangup', 'ANSWER', { Duration: '0', Bridged: 'yes' }),
      ]
    : [
        b.row(inThread, 'dial-in', 'CALLING'),
        b.row(q1, 'dial-in', 'CALLING'),
        b.row(a1, 'dial-in', 'CALLING'),
        b.row(q1, 'hangup', 'NOANSWER', { Duration: '0' }),
        b.row(a1, 'hangup', 'NOANSWER', { Duration: '0' }),
        b.row(inThread, 'hangup', 'CANCEL', { Duration: '0', Bridged: 'no' }),
      ];
  return { ...b, rows, inThread, a1, a2 };
}

/** §6.5 B with `ring-all`: both agents rung together, 102 answers, 101's leg closes with CANCEL. */
export function sequenceBRingAll(tag = 'B-all') {
  const base = sequenceB(tag);
  const b = callBuilder(`${tag}-ra`);
  const pick = (params: Record<string, string>) => ({ ...params, CallID: base.callId, CallAPIID: base.apiId });
  const [, q1, , , , q2] = base.rows.map((r) => r.params);
  const rows = [
    b.row(pick(base.inThread), 'dial-in', 'CALLING'),
    b.row(pick(q1!), 'dial-in', 'CALLING'),
    b.row(pick(q2!), 'dial-in', 'CALLING'),
    b.row(pick(base.a1), 'dial-in', 'CALLING'),
    b.row(pick(base.a2), 'dial-in', 'CALLING'),
    b.row(pick(base.a2), 'answer', 'ANSWER'),
    b.row(pick(q2!), 'answer', 'ANSWER'),
    b.row(pick(base.a1), 'hangup', 'CANCEL', { Duration: '0' }),
    b.row(pick(q1!), 'hangup', 'CANCEL', { Duration: '0' }),
    b.row(pick(base.a2), 'hangup', 'ANSWER', { Duration: '30000000' }),
    b.row(pick(q2!), 'hangup', 'ANSWER', { Duration: '30000000' }),
    b.row(pick(base.inThread), 'hangup', 'ANSWER', { Bridged: 'yes' }),
  ];
  return { callId: base.callId, rows };
}

/** §6.5 C: call into IVR 099, the caller picks an option routed to 101. `menuHangup`: the caller leaves in the menu. */
export function sequenceC(tag = 'C', o: { menuHangup?: boolean } = {}) {
  const b = callBuilder(tag);
  const ivr = {
    SubCallID: sub('175', `${tag}-I1`), CallFlow: 'in', CallerIDNum: CALLER, CallerIDName: CALLER,
    CalledNumber: '000*099', CalledExtension: ext('099'), CalledExtensionID: '175', CalledDID: DID,
  };
  const phone = {
    SubCallID: sub('176', `${tag}-P1`), CallFlow: 'in', CallerIDNum: CALLER, CallerIDName: CALLER,
    CallerExtension: ext('099'), CallerExtensionID: '175', CalledNumber: '000*101', CalledExtension: ext('101'), CalledExtensionID: '176',
  };
  const rows = o.menuHangup
    ? [b.row(ivr, 'dial-in', 'CALLING'), b.row(ivr, 'hangup', 'ANSWER', { Bridged: 'no', Duration: '0' })]
    : [
        b.row(ivr, 'dial-in', 'CALLING'),
        b.row(phone, 'dial-in', 'CALLING'),
        b.row(phone, 'answer', 'ANSWER'),
        b.row(phone, 'hangup', 'ANSWER', { Duration: '40000000' }),
        b.row(ivr, 'hangup', 'ANSWER', { Bridged: 'yes', Duration: '0' }),
      ];
  return { ...b, rows };
}

/** §6.5 D: `POST /extension/190/callback/` `{dst_num:"+79817654321", src_num:["200"]}` — only 200's dial-out set. */
export function sequenceD(tag = 'D') {
  const b = callBuilder(tag);
  // The originating leg's SubCallID carries the CallID itself (§5.2 [observed]).
  const leg = {
    SubCallID: `190-${b.callId}`, CallFlow: 'out', CallerIDNum: '000*200', CallerIDName: '000*200',
    CallerExtension: ext('200'), CallerExtensionID: '190', CalledNumber: '+79817654321',
  };
  const rows = [b.row(leg, 'dial-out', 'CALLING'), b.row(leg, 'answer', 'ANSWER'), b.row(leg, 'hangup', 'ANSWER', { Duration: '20000000' })];
  // What §6.4 says the PBX suppresses: 200 ringing itself. A PBX that sent it anyway must not show it.
  const self = {
    SubCallID: sub('190', `${tag}-self`), CallFlow: 'in', CallerIDNum: '000*200', CallerIDName: '000*200',
    CallerExtension: ext('200'), CallerExtensionID: '190', CalledNumber: '000*200', CalledExtension: ext('200'), CalledExtensionID: '190',
  };
  return { ...b, rows, selfRows: [b.row(self, 'dial-in', 'CALLING'), b.row(self, 'hangup', 'ANSWER')] };
}

/** §6.5 D with another source: a callback on 200 with `src_num: ["101"]` rings 101 normally, with CallBackID. */
export function sequenceDOtherSource(tag = 'D2') {
  const b = callBuilder(tag);
  const leg = {
    SubCallID: sub('176', `${tag}-S1`), CallFlow: 'in', CallerIDNum: '+79817654321', CallerIDName: 'Website visitor',
    CalledNumber: '000*101', CalledExtension: ext('101'), CalledExtensionID: '176', CallBackID: '5512',
  };
  return { ...b, rows: [b.row(leg, 'dial-in', 'CALLING'), b.row(leg, 'answer', 'ANSWER'), b.row(leg, 'hangup', 'ANSWER', { Duration: '5000000' })] };
}

/** §6.5 E: 101 forwards outside on no answer (`unconditional`: only the flagged set). */
export function sequenceE(tag = 'E', o: { unconditional?: boolean } = {}) {
  const b = callBuilder(tag);
  const first = {
    SubCallID: sub('176', `${tag}-E1`), CallFlow: 'in', CallerIDNum: CALLER, CallerIDName: CALLER,
    CalledNumber: '000*101', CalledExtension: ext('101'), CalledExtensionID: '176', CalledDID: DID,
  };
  const forward = {
    SubCallID: sub('176', `${tag}-E2`), CallFlow: 'out', CallerIDNum: CALLER, CallerIDName: CALLER,
    CallerExtension: ext('101'), CallerExtensionID: '176', CalledNumber: '+79035550000', Transfered: 'yes',
  };
  const flagged = [b.row(forward, 'dial-out', 'CALLING'), b.row(forward, 'answer', 'ANSWER'), b.row(forward, 'hangup', 'ANSWER', { Duration: '12000000' })];
  const rows = o.unconditional ? flagged : [b.row(first, 'dial-in', 'CALLING'), b.row(first, 'hangup', 'NOANSWER', { Duration: '0' }), ...flagged];
  return { ...b, rows };
}

/** An internal call 101 → 102, seen from both phones' hooks. */
export function internalCall(tag = 'I') {
  const b = callBuilder(tag);
  const out = {
    SubCallID: `176-${b.callId}`, CallFlow: 'out', CallerIDNum: '000*101', CallerIDName: 'Anna Petrova',
    CallerExtension: ext('101'), CallerExtensionID: '176', CalledNumber: '000*102', CalledExtension: ext('102'), CalledExtensionID: '177',
  };
  const inn = { ...out, SubCallID: sub('177', `${tag}-in`), CallFlow: 'in' };
  const rows = [
    b.row(out, 'dial-out', 'CALLING'),
    b.row(inn, 'dial-in', 'CALLING'),
    b.row(inn, 'answer', 'ANSWER'),
    b.row(out, 'answer', 'ANSWER'),
    b.row(inn, 'hangup', 'ANSWER', { Duration: '8000000' }),
    b.row(out, 'hangup', 'ANSWER', { Duration: '8000000' }),
  ];
  return { ...b, rows };
}

/** Deterministic shuffle (mulberry32) so a failing order can be replayed. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
