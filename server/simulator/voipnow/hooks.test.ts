import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../telphin/test-helpers';
import { control, startTestSim, type TestSim } from '../test-helpers';
import { errorOf, VoipNowTestClient } from './test-client';

let t: TestSim;
let c: VoipNowTestClient;
let rx: Receiver;
beforeAll(async () => {
  t = await startTestSim();
  c = new VoipNowTestClient(t.sim);
  rx = await startReceiver();
  await c.login();
});
afterAll(async () => {
  await t.sim.close();
  await rx.close();
});
beforeEach(async () => {
  t.sim.engine.reset();
  await t.sim.voipnow.idle();
  t.sim.voipnow.clearEvents();
  t.sim.voipnow.clearFaults();
  rx.reset();
});

const PARAMS = ['CallID', 'CallerIDNum', 'CallerIDName', 'CalledDID', 'CalledExtension', 'CallStatus', 'CallFlow', 'CallerExtension', 'CalledNumber', 'CallAPIID'].sort();

/** Registers hooks of `types` on `ext` at `${rx}/h/{ext}/{type}` (GET ones keep a query of their own). */
async function hookUp(ext: string, types: string[], method: '0' | '1' = '1'): Promise<void> {
  for (const type of types) {
    const url = `${rx.url}/h/${ext}/${type}${method === '0' ? '?mine=1' : ''}`;
    const r = await c.api('POST', `extensions/@me/0005*${ext}/phoneCallEvents`, { type, method, url, status: '1' });
    expect(r.status).toBe(201);
  }
}

const got = () => rx.received.map((r) => `${r.path.slice(3)} ${r.params.CallStatus ?? ''}`);
const ringing = (callId: string) => t.sim.engine.call(callId)?.legs.find((l) => l.state === 'ringing')?.extension;

describe('voipnow hooks (voipnow.md §3)', () => {
  it('internal call: Dial-Out/Dial-In, Answer out/in, Hangup with exactly the ten parameters', async () => {
    await hookUp('501', ['0', '1', '2', '3', '4']);
    await hookUp('502', ['0', '1', '2', '3', '4'], '0');
    await c.api('POST', 'extensions/@me/0005*502/phoneCallEvents', { type: '2', method: '1', url: `${rx.url}/h/disabled`, status: '0' });
    const call = t.sim.engine.placeCall('501', '502');
    t.sim.engine.answer(call.callId);
    t.sim.engine.hangup(call.callId, '501');
    await t.sim.voipnow.idle();
    expect(got()).toEqual(['501/1 CALLING', '502/0 CALLING', '502/3 ANSWER', '501/4 ANSWER', '501/2 ANSWER', '502/2 ANSWER']);
    const ids = new Set(rx.received.map((r) => r.params.CallID));
    expect(ids.size).toBe(1);
    for (const r of rx.received) {
      const keys = Object.keys(r.params).filter((k) => k !== 'mine').sort();
      expect(keys).toEqual(PARAMS);
      expect(r.headers['x-signature']).toBeUndefined();
      if (r.method === 'GET') expect(r.query.startsWith('mine=1&')).toBe(true);
      else expect(r.headers['content-type']).toBe('application/x-www-form-urlencoded');
    }
    const out = rx.received[0]?.params;
    expect(out).toEqual({
      CallID: expect.stringMatching(/^[0-9a-f]{20}$/), CallerIDNum: '0005*501', CallerIDName: 'Andrei Popescu', CalledDID: '', CalledExtension: '0005*502',
      CallStatus: 'CALLING', CallFlow: 'OUT', CallerExtension: '0005*501', CalledNumber: '502', CallAPIID: '',
    });
    expect(rx.received[1]?.params).toMatchObject({ CallFlow: 'IN', CalledExtension: '0005*502', CallerExtension: '0005*501', mine: '1' });
  });

  it('outside caller into queue 630: queue and agent hooks, phoneCalls, recording actions, hang-up, CDR', async () => {
    await hookUp('630', ['0', '2', '3']);
    await hookUp('501', ['0', '3', '2']);
    const call = t.sim.engine.placeCall('0040721000111', '630', { callerName: 'Ion Ionescu' });
    const agent = ringing(call.callId);
    expect(agent).toBe('501');
    t.sim.engine.answer(call.callId);
    await t.sim.voipnow.idle();
    expect(got()).toEqual(['630/0 CALLING', '501/0 CALLING', '501/3 ANSWER', '630/3 ANSWER']);
    expect(rx.received[0]?.params).toEqual({
      CallID: expect.any(String), CallerIDNum: '0040721000111', CallerIDName: 'Ion Ionescu', CalledDID: '0040319999999', CalledExtension: '0005*630',
      CallStatus: 'CALLING', CallFlow: 'IN', CallerExtension: '', CalledNumber: '0040319999999', CallAPIID: '',
    });
    const list = await c.api('GET', 'phoneCalls/@me/@self');
    const pcs = (list.json as { entry: { id: string; phoneCallView: Record<string, unknown>[] }[] }).entry;
    expect(pcs).toHaveLength(1);
    const pc = pcs[0];
    expect(pc?.id).toBe(rx.received[0]?.params.CallID);
    expect(pc?.phoneCallView).toEqual([expect.objectContaining({ id: '00', extension: '0005*501', flow: '8', status: '5', source: ['0040721000111'], answered: expect.any(String) })]);
    expect((await c.api('GET', 'phoneCalls/@me/0005*502')).status).toBe(204);
    expect((await c.api('GET', `phoneCalls/@me/0005*501/${pc?.id}`)).status).toBe(200);
    const path = `phoneCalls/@me/0005*501/${pc?.id}`;
    const rec = await c.api('PUT', path, { action: 'StartRecording', phoneCallViewId: '00', format: 'wav' });
    expect(rec.status).toBe(200);
    expect((rec.json as { phoneCallView: { recording?: string }[] }).phoneCallView[0]?.recording).toEqual(expect.any(String));
    expect(t.sim.engine.truth().legs[0]).toMatchObject({ site: 'D', recording: true });
    const stop = await c.api('PUT', path, { action: 'StopRecording', phoneCallViewId: '00' });
    expect((stop.json as { phoneCallView: { recording?: string }[] }).phoneCallView[0]?.recording).toBeUndefined();
    expect(errorOf(await c.api('PUT', path, { action: 'StopRecording', phoneCallViewId: '00' }))).toBe('action_invalid');
    expect(errorOf(await c.api('PUT', path, { action: 'Dance', phoneCallViewId: '00' }))).toBe('action_invalid');
    expect(errorOf(await c.api('PUT', path, { action: 'StartRecording', phoneCallViewId: '07' }))).toBe('phonecallview_id_invalid');
    expect(errorOf(await c.api('PUT', 'phoneCalls/@me/0005*501/ffff', { action: 'StartRecording', phoneCallViewId: '00' }))).toBe('phonecall_id_invalid');
    rx.reset();
    const hung = await c.api('DELETE', `phoneCalls/@me/@self/${pc?.id}`);
    expect(hung.json).toEqual([{ id: pc?.id }]);
    await t.sim.voipnow.idle();
    expect(got().sort()).toEqual(['501/2 ANSWER', '630/2 ANSWER']);
    expect((await c.api('GET', 'phoneCalls/@me/@self')).status).toBe(204);
    const cdr = (await c.api('GET', 'cdr/@me')).json as { entry: Record<string, { phoneCallView: { disposition: string }[] }>; phoneCallStat: { type: string; answered: string }[] };
    expect(cdr.entry[pc?.id ?? '']?.phoneCallView[0]?.disposition).toBe('0');
    expect(cdr.phoneCallStat[0]).toMatchObject({ type: '0', answered: expect.stringMatching(/^[1-9]/) });
  });

  it('Hangup CallStatus: CANCEL, BUSY, NOANSWER, CHANUNAVAIL, CONGESTION', async () => {
    await hookUp('503', ['2']);
    await hookUp('504', ['2']);
    const a = t.sim.engine.placeCall('503', '504');
    t.sim.engine.hangup(a.callId);
    const b = t.sim.engine.placeCall('503', '504');
    t.sim.engine.hangup(b.callId, '504');
    await t.sim.voipnow.idle();
    expect(got()).toEqual(['504/2 CANCEL', '503/2 CANCEL', '504/2 BUSY', '503/2 BUSY']);
    rx.reset();
    t.sim.engine.placeCall('503', '504');
    t.clock.advance(16_000);
    t.sim.engine.configurePhone('504', { registered: false });
    t.sim.engine.placeCall('503', '504');
    t.sim.engine.configurePhone('504', { registered: true });
    t.sim.engine.placeCall('503', '0040211234567', { farEnd: { outcome: 'failed', afterMs: 0 } });
    t.clock.advance(1_000);
    await t.sim.voipnow.idle();
    expect(got()).toEqual(['504/2 NOANSWER', '503/2 NOANSWER', '503/2 CHANUNAVAIL', '503/2 CONGESTION']);
  });
});

describe('voipnow faults (control API)', () => {
  it('drop, duplicate, delay', async () => {
    await hookUp('505', ['1', '2']);
    await control(t.sim, 'POST', '/control/faults', { target: 'voipnow', kind: 'drop' });
    let call = t.sim.engine.placeCall('505', '0040211234567', { farEnd: { outcome: 'answer', afterMs: null } });
    t.sim.engine.hangup(call.callId);
    await t.sim.voipnow.idle();
    expect(got()).toEqual(['505/2 CANCEL']);
    rx.reset();
    await control(t.sim, 'POST', '/control/faults', { target: 'voipnow', kind: 'duplicate' });
    call = t.sim.engine.placeCall('505', '0040211234567', { farEnd: { outcome: 'answer', afterMs: null } });
    t.sim.engine.hangup(call.callId);
    await t.sim.voipnow.idle();
    expect(got()).toEqual(['505/1 CALLING', '505/1 CALLING', '505/2 CANCEL']);
    rx.reset();
    await control(t.sim, 'POST', '/control/faults', { target: 'voipnow', kind: 'delay', delayMs: 150 });
    call = t.sim.engine.placeCall('505', '0040211234567', { farEnd: { outcome: 'answer', afterMs: null } });
    t.sim.engine.hangup(call.callId);
    await t.sim.voipnow.idle();
    expect(got()).toEqual(['505/2 CANCEL', '505/1 CALLING']);
    expect(t.sim.voipnow.deliveries().at(-1)?.outcome).toBe('delivered');
  });

  it('http500, expireTokens; GET / DELETE faults and reset include voipnow', async () => {
    await control(t.sim, 'POST', '/control/faults', { target: 'voipnow', kind: 'http500', count: 2 });
    expect((await control(t.sim, 'GET', '/control/faults')).json.voipnow).toEqual([{ kind: 'http500', count: 2, remaining: 2 }]);
    const r = await c.api('GET', 'phoneCalls/@me/@self');
    expect([r.status, errorOf(r)]).toEqual([500, 'internal_server_error']);
    await control(t.sim, 'DELETE', '/control/faults');
    expect((await c.api('GET', 'phoneCalls/@me/@self')).status).toBe(204);
    await control(t.sim, 'POST', '/control/faults', { target: 'voipnow', kind: 'drop', count: 3 });
    await control(t.sim, 'POST', '/control/reset');
    expect(t.sim.voipnow.faults()).toEqual([]);
    expect((await control(t.sim, 'POST', '/control/faults', { target: 'voipnow', kind: 'reorder' })).status).toBe(400);
    await control(t.sim, 'POST', '/control/faults', { target: 'voipnow', kind: 'expireTokens' });
    expect(errorOf(await c.api('GET', 'phoneCalls/@me/@self'))).toBe('access_denied');
    await c.login();
    expect((await c.api('GET', 'phoneCalls/@me/@self')).status).toBe(204);
  });
});
