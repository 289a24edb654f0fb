import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { control, startTestSim, type TestSim } from '../test-helpers';
import { CALL_EVENTS, idOf, startReceiver, TelphinTestClient, type Receiver } from './test-helpers';

/**
 * The worked sequences of telphin.md §6.5, checked request by request and parameter by parameter, as a
 * webhook receiver gets them (phones hooked with POST, the queue and the IVR with GET).
 */
let t: TestSim;
let rx: Receiver;
let client: TelphinTestClient;
beforeAll(async () => {
  t = await startTestSim();
  rx = await startReceiver();
  client = new TelphinTestClient(t.sim);
  await client.login();
  const phones = Array.from({ length: 10 }, (_, i) => idOf(String(401 + i)));
  await client.hookAll(rx.url, phones, CALL_EVENTS, 'POST');
  await client.hookAll(rx.url, [1620, 1720], CALL_EVENTS, 'GET');
});
afterAll(async () => {
  await t.sim.close();
  await rx.close();
});
beforeEach(async () => {
  await control(t.sim, 'POST', '/control/reset');
  await t.sim.telphin.idle();
  rx.reset();
});

interface Row {
  /** Hook owner's short name, from the hook URL. */
  ext: string;
  p: Record<string, string>;
}

async function rows(): Promise<Row[]> {
  await t.sim.telphin.idle();
  return rx.received.map((r) => {
    const { myid: _myid, ...p } = r.params;
    const id = r.path.split('/')[2];
    expect(new URLSearchParams(r.query).get('myid')).toBe(id);
    return { ext: String(Number(id) - 1000), p };
  });
}

const brief = (list: Row[]) => list.map((r) => `${r.ext} ${r.p.EventType} ${r.p.CallFlow} ${r.p.CallStatus}`);
/** `EventTime` within the given engine millisecond (events of one instant get µs apart). */
const at = (ms: number) => expect.stringMatching(new RegExp(`^${ms}\\d{3}$`));
const uuid = (hex: string) => `3584709739-${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
const sub = (ext: string) => expect.stringMatching(new RegExp(`^${idOf(ext)}-[0-9a-f]{32}$`));
const rec = (ext: string) => expect.stringMatching(new RegExp(`^${idOf(ext)}-[0-9a-f]{32}$`));
const addr = (ext: string) => `0003*${ext}@sipproxy.telphin.ru`;
const called = (ext: string) => ({ CalledExtension: addr(ext), CalledExtensionID: String(idOf(ext)) });
const calling = (ext: string) => ({ CallerExtension: addr(ext), CallerExtensionID: String(idOf(ext)) });
const CALLER = '+79161112233';
const DID = '74952300003';

describe('telphin worked sequences (telphin.md §6.5)', () => {
  it('A: external call to a phone, answered, hung up', async () => {
    const t0 = t.clock.now();
    const call = t.sim.engine.placeCall(CALLER, '401');
    t.clock.advance(5_000);
    t.sim.engine.answer(call.callId, '401');
    t.clock.advance(95_000);
    t.sim.engine.hangup(call.callId);
    const list = await rows();
    expect(brief(list)).toEqual(['401 dial-in in CALLING', '401 answer in ANSWER', '401 hangup in ANSWER']);
    const cid = list[0]?.p.CallID ?? '';
    expect(cid).toMatch(/^[0-9a-f]{32}$/);
    const leg = {
      CallID: cid, SubCallID: list[0]?.p.SubCallID, CallAPIID: uuid(cid), CallFlow: 'in', CallerIDNum: CALLER, CallerIDName: CALLER,
      CalledNumber: '0003*401', ...called('401'), CalledDID: DID,
    };
    expect(leg.SubCallID).toEqual(sub('401'));
    expect(leg.SubCallID).not.toBe(`1401-${cid}`);
    expect(list.map((r) => r.p)).toEqual([
      { ...leg, EventType: 'dial-in', CallStatus: 'CALLING', EventTime: at(t0) },
      { ...leg, EventType: 'answer', CallStatus: 'ANSWER', EventTime: at(t0 + 5_000) },
      { ...leg, EventType: 'hangup', CallStatus: 'ANSWER', EventTime: at(t0 + 100_000), Duration: '95000000', RecID: rec('401') },
    ]);
    expect(t.sim.telphin.callIds(call.callId)).toEqual({ callId: cid, callApiId: uuid(cid) });
  });

  it('A, unanswered: NOANSWER after the ring timeout, CANCEL when the caller gives up', async () => {
    t.sim.engine.placeCall(CALLER, '402');
    t.clock.advance(15_000);
    const missed = t.sim.engine.placeCall(CALLER, '402');
    t.clock.advance(4_000);
    t.sim.engine.hangup(missed.callId);
    const list = await rows();
    expect(brief(list)).toEqual(['402 dial-in in CALLING', '402 hangup in NOANSWER', '402 dial-in in CALLING', '402 hangup in CANCEL']);
    expect(list.filter((r) => r.p.EventType === 'hangup').map((r) => [r.p.Duration, r.p.RecID])).toEqual([['0', undefined], ['0', undefined]]);
  });

  it('B: top-down queue 620, the first agent does not answer, the second does (both threads, fresh SubCallID per offer)', async () => {
    const t0 = t.clock.now();
    const call = t.sim.engine.placeCall(CALLER, '620');
    expect(t.sim.engine.truth().queueWaiting).toEqual([{ queue: '620', site: 'C', uniqueCallId: call.callId, caller: CALLER, since: new Date(t0).toISOString() }]);
    t.clock.advance(15_000);
    t.clock.advance(3_000);
    t.sim.engine.answer(call.callId, '402');
    expect(t.sim.engine.truth().queueWaiting).toEqual([]);
    t.clock.advance(60_000);
    t.sim.engine.hangup(call.callId);
    const list = await rows();
    expect(brief(list)).toEqual([
      '620 dial-in in CALLING', '620 dial-in out CALLING', '401 dial-in in CALLING', '620 hangup out NOANSWER', '401 hangup in NOANSWER',
      '620 dial-in out CALLING', '402 dial-in in CALLING', '620 answer out ANSWER', '402 answer in ANSWER', '402 hangup in ANSWER',
      '620 hangup out ANSWER', '620 hangup in ANSWER',
    ]);
    const cid = list[0]?.p.CallID ?? '';
    const base = { CallID: cid, CallAPIID: uuid(cid), CallerIDNum: CALLER, CallerIDName: CALLER, CalledDID: DID };
    const q0 = { ...base, SubCallID: list[0]?.p.SubCallID, CallFlow: 'in', CalledNumber: '0003*620', ...called('620') };
    const offer = (ext: string, i: number) => ({ ...base, SubCallID: list[i]?.p.SubCallID, CallFlow: 'out', CalledNumber: `0003*${ext}`, ...called(ext), ...calling('620') });
    const agent = (ext: string, i: number) => ({ ...base, SubCallID: list[i]?.p.SubCallID, CallFlow: 'in', CalledNumber: `0003*${ext}`, ...called(ext), ...calling('620') });
    const ev = (type: string, status: string, ms: number) => ({ EventType: type, CallStatus: status, EventTime: at(ms) });
    expect(list.map((r) => r.p)).toEqual([
      { ...q0, ...ev('dial-in', 'CALLING', t0) },
      { ...offer('401', 1), ...ev('dial-in', 'CALLING', t0) },
      { ...agent('401', 2), ...ev('dial-in', 'CALLING', t0) },
      { ...offer('401', 1), ...ev('hangup', 'NOANSWER', t0 + 15_000), Duration: '0' },
      { ...agent('401', 2), ...ev('hangup', 'NOANSWER', t0 + 15_000), Duration: '0' },
      { ...offer('402', 5), ...ev('dial-in', 'CALLING', t0 + 15_000) },
      { ...agent('402', 6), ...ev('dial-in', 'CALLING', t0 + 15_000) },
      { ...offer('402', 5), ...ev('answer', 'ANSWER', t0 + 18_000) },
      { ...agent('402', 6), ...ev('answer', 'ANSWER', t0 + 18_000) },
      { ...agent('402', 6), ...ev('hangup', 'ANSWER', t0 + 78_000), Duration: expect.any(String), RecID: rec('402') },
      { ...offer('402', 5), ...ev('hangup', 'ANSWER', t0 + 78_000), Duration: expect.any(String) },
      { ...q0, ...ev('hangup', 'ANSWER', t0 + 78_000), Duration: expect.any(String), Bridged: 'yes' },
    ]);
    // Duration = hangup − answer of the same SubCallID, exactly (telphin.md §5.2); the queue `in` leg counts from the bridge.
    const time = (i: number) => Number(list[i]?.p.EventTime);
    expect([9, 10, 11].map((i) => Number(list[i]?.p.Duration))).toEqual([time(9) - time(8), time(10) - time(7), time(11) - time(8)]);
    expect(Math.round(Number(list[9]?.p.Duration) / 1000)).toBe(60_000);
    const subs = list.map((r) => r.p.SubCallID);
    expect(new Set(subs).size).toBe(5);
    expect([subs[0], subs[1], subs[5]].every((s) => s?.startsWith('1620-'))).toBe(true);
    expect(subs[1]).not.toBe(subs[5]);
  });

  it('B: nobody answers and the caller gives up: the queue `in` hangup says Bridged=no', async () => {
    const call = t.sim.engine.placeCall(CALLER, '620');
    t.clock.advance(20_000);
    t.sim.engine.hangup(call.callId);
    const list = await rows();
    expect(brief(list)).toEqual([
      '620 dial-in in CALLING', '620 dial-in out CALLING', '401 dial-in in CALLING', '620 hangup out NOANSWER', '401 hangup in NOANSWER',
      '620 dial-in out CALLING', '402 dial-in in CALLING', '620 hangup out CANCEL', '402 hangup in CANCEL', '620 hangup in CANCEL',
    ]);
    expect(list.at(-1)?.p).toMatchObject({ Bridged: 'no', Duration: '0', CallFlow: 'in', ...called('620') });
  });

  it('C: IVR 720 routes the caller to a phone; the IVR sends no answer and closes last with Bridged=yes', async () => {
    const ivr = t.sim.engine.directory.ivrs.find((i) => i.number === '720');
    if (!ivr) throw new Error('no IVR 720');
    const routes = ivr.routes;
    ivr.routes = ['405'];
    const t0 = t.clock.now();
    try {
      const call = t.sim.engine.placeCall(CALLER, '720');
      t.clock.advance(4_000);
      t.clock.advance(2_000);
      t.sim.engine.answer(call.callId, '405');
      t.clock.advance(30_000);
      t.sim.engine.hangup(call.callId, '405');
    } finally {
      ivr.routes = routes;
    }
    const list = await rows();
    expect(brief(list)).toEqual(['720 dial-in in CALLING', '405 dial-in in CALLING', '405 answer in ANSWER', '405 hangup in ANSWER', '720 hangup in ANSWER']);
    const cid = list[0]?.p.CallID ?? '';
    const base = { CallID: cid, CallAPIID: uuid(cid), CallerIDNum: CALLER, CallerIDName: CALLER, CalledDID: DID, CallFlow: 'in' };
    expect(list[0]?.p).toEqual({ ...base, EventType: 'dial-in', CallStatus: 'CALLING', SubCallID: sub('720'), CalledNumber: '0003*720', ...called('720'), EventTime: at(t0) });
    // The menu holds the caller for 4 s, then rings the chosen phone.
    expect(list[1]?.p).toEqual({ ...base, EventType: 'dial-in', CallStatus: 'CALLING', SubCallID: sub('405'), CalledNumber: '0003*405', ...called('405'), ...calling('720'), EventTime: at(t0 + 4_000) });
    expect(list[4]?.p).toEqual({ ...list[0]?.p, EventType: 'hangup', CallStatus: 'ANSWER', Bridged: 'yes', Duration: expect.any(String), EventTime: expect.any(String) });
    expect(Number(list[4]?.p.Duration)).toBe(Number(list[4]?.p.EventTime) - Number(list[2]?.p.EventTime));
    expect(list[3]?.p.Duration).toBe('30000000');
  });

  it('C: IVR 720 hands the caller to queue 620 (default menu); hanging up inside the menu gives Bridged=no', async () => {
    const call = t.sim.engine.placeCall(CALLER, '720');
    t.clock.advance(4_000);
    t.sim.engine.answer(call.callId);
    t.clock.advance(10_000);
    t.sim.engine.hangup(call.callId);
    const menuOnly = t.sim.engine.placeCall(CALLER, '720');
    t.clock.advance(2_000);
    t.sim.engine.hangup(menuOnly.callId);
    const list = await rows();
    expect(brief(list)).toEqual([
      '720 dial-in in CALLING', '620 dial-in in CALLING', '620 dial-in out CALLING', '401 dial-in in CALLING', '620 answer out ANSWER', '401 answer in ANSWER',
      '401 hangup in ANSWER', '620 hangup out ANSWER', '620 hangup in ANSWER', '720 hangup in ANSWER',
      '720 dial-in in CALLING', '720 hangup in CANCEL',
    ]);
    expect(list[1]?.p).toMatchObject({ ...calling('720'), ...called('620') });
    expect(list[8]?.p.Bridged).toBe('yes');
    expect(list[9]?.p.Bridged).toBe('yes');
    expect(list[11]?.p).toMatchObject({ Bridged: 'no', Duration: '0' });
    expect(new Set(list.slice(0, 10).map((r) => r.p.CallID)).size).toBe(1);
  });

  it('D: callback with the owner as the only source: no self legs, only the dial-out set, CallID = call_id', async () => {
    const t0 = t.clock.now();
    const r = await client.api('POST', '/extension/@403/callback/', { dst_num: '+79817654321', src_num: ['403'] });
    expect(r.status).toBe(201);
    const { call_id, call_api_id } = r.json as { call_id: string; call_api_id: string };
    t.clock.advance(2_000); // the owner picks up
    t.clock.advance(3_000); // the destination answers
    t.clock.advance(40_000);
    const callId = t.sim.engine.calls()[0]?.callId ?? '';
    t.sim.engine.hangup(callId);
    const list = await rows();
    expect(brief(list)).toEqual(['403 dial-out out CALLING', '403 answer out ANSWER', '403 hangup out ANSWER']);
    const leg = {
      CallID: call_id, CallAPIID: call_api_id, SubCallID: `1403-${call_id}`, CallFlow: 'out', CallerIDNum: '0003*403', CallerIDName: 'Ольга Кузнецова',
      ...calling('403'), CalledNumber: '+79817654321',
    };
    expect(list.map((x) => x.p)).toEqual([
      { ...leg, EventType: 'dial-out', CallStatus: 'CALLING', EventTime: at(t0 + 2_000) },
      { ...leg, EventType: 'answer', CallStatus: 'ANSWER', EventTime: at(t0 + 5_000) },
      { ...leg, EventType: 'hangup', CallStatus: 'ANSWER', EventTime: at(t0 + 45_000), Duration: '40000000', RecID: rec('403') },
    ]);
  });

  it('D: callback with another source: its legs are normal dial-in legs with CallBackID; the owner sees nothing', async () => {
    const r = await client.api('POST', '/extension/1403/callback/', { dst_num: '0003*406', src_num: ['404'] });
    const { call_id } = r.json as { call_id: string };
    t.clock.advance(2_000);
    t.sim.engine.answer(t.sim.engine.calls()[0]?.callId ?? '', '406');
    t.clock.advance(10_000);
    t.sim.engine.hangup(t.sim.engine.calls()[0]?.callId ?? '');
    const list = await rows();
    expect(brief(list)).toEqual([
      '404 dial-in in CALLING', '404 answer in ANSWER', '406 dial-in in CALLING', '406 answer in ANSWER', '404 hangup in ANSWER', '406 hangup in ANSWER',
    ]);
    expect(list.every((x) => x.p.CallID === call_id && x.p.CallBackID === '52001')).toBe(true);
    expect(list[2]?.p).toMatchObject({ CallerIDNum: '0003*404', CallerIDName: 'Дмитрий Соколов', ...calling('404'), ...called('406') });
  });

  it('E: forwarded outside on no answer: the in leg closes NOANSWER, then the Transfered=yes dial-out set', async () => {
    await control(t.sim, 'PATCH', '/control/phones/401', { forward: { to: '+79035550000', when: 'no_answer' } });
    try {
      const call = t.sim.engine.placeCall(CALLER, '401');
      t.clock.advance(15_000);
      t.clock.advance(3_000);
      expect(t.sim.engine.call(call.callId)).toMatchObject({ phase: 'talking', forwardedBy: '401' });
      t.clock.advance(20_000);
      t.sim.engine.hangup(call.callId);
    } finally {
      await control(t.sim, 'PATCH', '/control/phones/401', { forward: null });
    }
    const list = await rows();
    expect(brief(list)).toEqual(['401 dial-in in CALLING', '401 hangup in NOANSWER', '401 dial-out out CALLING', '401 answer out ANSWER', '401 hangup out ANSWER']);
    const cid = list[0]?.p.CallID ?? '';
    expect(list.every((x) => x.p.CallID === cid)).toBe(true);
    const out = { CallID: cid, CallAPIID: uuid(cid), SubCallID: list[2]?.p.SubCallID, CallFlow: 'out', CallerIDNum: CALLER, CallerIDName: CALLER, ...calling('401'), CalledNumber: '+79035550000', Transfered: 'yes' };
    expect(out.SubCallID).not.toBe(list[0]?.p.SubCallID);
    expect(list.slice(2).map((x) => x.p)).toEqual([
      { ...out, EventType: 'dial-out', CallStatus: 'CALLING', EventTime: expect.any(String) },
      { ...out, EventType: 'answer', CallStatus: 'ANSWER', EventTime: expect.any(String) },
      { ...out, EventType: 'hangup', CallStatus: 'ANSWER', EventTime: expect.any(String), Duration: '20000000' },
    ]);
    expect(list.slice(0, 2).every((x) => x.p.Transfered === undefined)).toBe(true);
  });

  it('E: an unconditional rule sends only the flagged dial-out set', async () => {
    await control(t.sim, 'PATCH', '/control/phones/402', { forward: { to: '+79035550001', when: 'always', farEnd: { outcome: 'busy', afterMs: 1_000 } } });
    try {
      t.sim.engine.placeCall(CALLER, '402');
      t.clock.advance(1_000);
    } finally {
      await control(t.sim, 'PATCH', '/control/phones/402', { forward: null });
    }
    expect(brief(await rows())).toEqual(['402 dial-out out CALLING', '402 hangup out BUSY']);
  });
});

describe('telphin call rules beyond §6.5', () => {
  it('B with ring-all: every free agent is offered at once, each on its own SubCallID; the losers close CANCEL', async () => {
    const queue = t.sim.engine.directory.queues.find((q) => q.number === '620');
    if (!queue) throw new Error('no queue 620');
    queue.strategy = 'ringall';
    queue.agents = ['401', '402', '403'];
    try {
      const call = t.sim.engine.placeCall(CALLER, '620');
      t.sim.engine.answer(call.callId, '402');
      t.sim.engine.hangup(call.callId);
    } finally {
      queue.strategy = 'topdown';
      queue.agents = ['401', '402', '403', '404', '405', '406'];
    }
    const list = await rows();
    expect(brief(list)).toEqual([
      '620 dial-in in CALLING',
      '620 dial-in out CALLING', '401 dial-in in CALLING', '620 dial-in out CALLING', '402 dial-in in CALLING', '620 dial-in out CALLING', '403 dial-in in CALLING',
      '620 answer out ANSWER', '402 answer in ANSWER',
      '620 hangup out CANCEL', '401 hangup in CANCEL', '620 hangup out CANCEL', '403 hangup in CANCEL',
      '402 hangup in ANSWER', '620 hangup out ANSWER', '620 hangup in ANSWER',
    ]);
    const offers = list.filter((r) => r.ext === '620' && r.p.CallFlow === 'out' && r.p.EventType === 'dial-in');
    expect(offers.map((r) => r.p.CalledExtensionID)).toEqual(['1401', '1402', '1403']);
    expect(new Set(offers.map((r) => r.p.SubCallID)).size).toBe(3);
    expect(list.at(-1)?.p.Bridged).toBe('yes');
  });

  it('internal call: the caller leg reuses the CallID hex; the callee sees the caller as extension', async () => {
    const call = t.sim.engine.placeCall('402', '401');
    t.sim.engine.answer(call.callId, '401');
    t.clock.advance(7_000);
    t.sim.engine.hangup(call.callId, '401');
    const list = await rows();
    expect(brief(list)).toEqual(['402 dial-out out CALLING', '401 dial-in in CALLING', '401 answer in ANSWER', '402 answer out ANSWER', '401 hangup in ANSWER', '402 hangup out ANSWER']);
    const cid = list[0]?.p.CallID;
    expect(list[0]?.p).toMatchObject({ SubCallID: `1402-${cid}`, CallerIDNum: '0003*402', CallerIDName: 'Иван Петров', ...calling('402'), ...called('401'), CalledNumber: '0003*401' });
    expect(list[0]?.p.CalledDID).toBeUndefined();
    expect(list[1]?.p).toMatchObject({ CallerIDNum: '0003*402', CallerIDName: 'Иван Петров', ...calling('402'), CalledNumber: '0003*401' });
  });

  it('blind transfer: the target dial-in shows the transferer and RemoteNumber; CallID stays', async () => {
    const call = t.sim.engine.placeCall(CALLER, '401');
    t.sim.engine.answer(call.callId, '401');
    t.sim.engine.transfer(call.callId, '401', '402');
    t.sim.engine.answer(call.callId, '402');
    t.sim.engine.hangup(call.callId);
    const list = await rows();
    expect(brief(list)).toEqual(['401 dial-in in CALLING', '401 answer in ANSWER', '401 hangup in ANSWER', '402 dial-in in CALLING', '402 answer in ANSWER', '402 hangup in ANSWER']);
    expect(list[3]?.p).toMatchObject({ CallerIDNum: '0003*401', ...calling('401'), RemoteNumber: CALLER, CalledDID: DID });
    expect(list[4]?.p.RemoteNumber).toBeUndefined();
    expect(new Set(list.map((r) => r.p.CallID)).size).toBe(1);
  });

  it('blind transfer outside: the transferer emits the Transfered=yes set', async () => {
    const call = t.sim.engine.placeCall('403', '404');
    t.sim.engine.answer(call.callId, '404');
    t.sim.engine.transfer(call.callId, '404', '+79035551111');
    t.clock.advance(3_000);
    t.sim.engine.hangup(call.callId);
    const list = await rows();
    expect(brief(list).slice(4)).toEqual(['404 hangup in ANSWER', '404 dial-out out CALLING', '404 answer out ANSWER', '403 hangup out ANSWER', '404 hangup out ANSWER']);
    expect(list[5]?.p).toMatchObject({ Transfered: 'yes', CalledNumber: '+79035551111', CallerIDNum: '0003*403', ...calling('404') });
  });

  it('hangup statuses BUSY, CHANUNAVAIL and CONGESTION', async () => {
    const first = t.sim.engine.placeCall(CALLER, '407');
    t.sim.engine.answer(first.callId, '407');
    t.sim.engine.placeCall('408', '407');
    t.sim.engine.hangup(first.callId);
    await control(t.sim, 'PATCH', '/control/phones/409', { registered: false });
    try {
      t.sim.engine.placeCall('408', '409');
    } finally {
      await control(t.sim, 'PATCH', '/control/phones/409', { registered: true });
    }
    t.sim.engine.placeCall('408', '+74950000000', { farEnd: { outcome: 'failed', afterMs: 500 } });
    t.clock.advance(500);
    const list = await rows();
    expect(brief(list)).toEqual([
      '407 dial-in in CALLING', '407 answer in ANSWER',
      '408 dial-out out CALLING', '407 dial-in in CALLING', '407 hangup in BUSY', '408 hangup out BUSY',
      '407 hangup in ANSWER',
      '408 dial-out out CALLING', '409 dial-in in CALLING', '409 hangup in CHANUNAVAIL', '408 hangup out CHANUNAVAIL',
      '408 dial-out out CALLING', '408 hangup out CONGESTION',
    ]);
  });
});
