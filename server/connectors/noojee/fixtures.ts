/**
 * Test fixtures built from every example in shared/vendors/noojee.md. Values the spec marks [D]/[C]
 * are copied; the rest follows its [I] scenario descriptions (§3.4). Extensions: A = 400, B = 410,
 * C = 420, all watched; 115 appears only in the vendor binding's Dialing Out sample.
 */

export interface CallDataInput {
  status: string;
  uniqueCallId: string;
  callerId?: string;
  canAnswer?: boolean;
  callStartTime?: string;
  isQueueCall?: boolean;
  isClickToDialCall?: boolean;
  inbound?: boolean;
  [extra: string]: unknown;
}

/** One subscribe entry with the documented defaults (§3.1); pass `canAnswer: undefined` to omit it. */
export function entry(callData: CallDataInput, callId = 10): Record<string, unknown> {
  const full: Record<string, unknown> = {
    canAnswer: false,
    callerId: '',
    callStartTime: '',
    isQueueCall: false,
    isClickToDialCall: false,
    inbound: true,
    ...callData,
  };
  for (const key of Object.keys(full)) if (full[key] === undefined) delete full[key];
  return { CallData: full, CallID: callId, Code: 0 };
}

/** A subscribe reply `{"Data":{…},"seq":n,"Code":0}` (§2.1). */
export function reply(seq: number, data: Record<string, unknown[]>): Record<string, unknown> {
  return { Data: data, seq, Code: 0 };
}

/** §2.1 sample narrative / §3.4 D: 400 calls 410 twice, both rejected. 28 → 32 → 36 are [D]. */
export const sample = {
  call1: '1412750652.496',
  call2: '1412750655.498',
  /** Reply to lastSequenceNumber=28: the first call ringing 410 [D]; 400's entry fields [I]. */
  first: reply(32, {
    '410': [entry({ status: 'Ringing', uniqueCallId: '1412750652.496', callerId: '400', canAnswer: true, inbound: true }, 10)],
    '400': [entry({ status: 'Dialing Out', uniqueCallId: '1412750652.496', callerId: '410', canAnswer: false, inbound: false }, 10)],
  }),
  /** Reply to lastSequenceNumber=32: only the second call [D]. */
  second: reply(36, {
    '410': [entry({ status: 'Ringing', uniqueCallId: '1412750655.498', callerId: '400', canAnswer: true, inbound: true }, 27)],
    '400': [entry({ status: 'Dialing Out', uniqueCallId: '1412750655.498', callerId: '410', canAnswer: false, inbound: false }, 27)],
  }),
  /** Reply to lastSequenceNumber=36: both rejected, two entries in one extension's array [D]. */
  third: reply(40, {
    '400': [
      entry({ status: 'Hungup', uniqueCallId: '1412750652.496', callerId: '410', inbound: false }, 10),
      entry({ status: 'Hungup', uniqueCallId: '1412750655.498', callerId: '410', inbound: false }, 27),
    ],
    '410': [
      entry({ status: 'Hungup', uniqueCallId: '1412750652.496', callerId: '400' }, 10),
      entry({ status: 'Hungup', uniqueCallId: '1412750655.498', callerId: '400' }, 27),
    ],
  }),
};

/** The vendor binding's single-event sample (seq 114): 115 dialling 106, newer keys, no canAnswer [C]; the id is ours [I]. */
export const bindingDialingOut = {
  Data: {
    '115': [
      {
        CallData: {
          callerId: '106',
          uniqueCallId: '1478660458.71',
          callStartTime: '',
          isQueueCall: false,
          isClickToDialCall: false,
          inbound: false,
          status: 'Dialing Out',
          otherPartyCallerId: '106',
          connectedCallerIdNum: '',
          outboundDestination: '106',
        },
        CallID: 27,
        Code: 0,
      },
    ],
  },
  seq: 114,
  Code: 0,
};

/** An empty long-poll reply as the simulator sends it on timeout (§2.1). */
export const emptyPoll = { Data: {}, seq: 40, Code: 0 };

/** A5: the deprecated checkState sample's ids on extension 102 — ringing, on the call, hung up. */
export const checkStateIds = { ringing: '1412221587.51', connected: '1412221590.52' };

/** §2.4's by-unique-id example: ids are opaque, this one even has a hyphen. */
export const hyphenatedId = '342082345-238.234';

/** §3.4 E's click-to-dial destination. */
export const clickToDialNumber = '0383208100';
