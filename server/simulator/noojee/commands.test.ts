import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { noojee, startTestSim, statuses, subscribe, type TestSim } from '../test-helpers';

let t: TestSim;
beforeAll(async () => {
  t = await startTestSim();
});
afterAll(() => t.sim.close());
beforeEach(() => t.sim.engine.reset());

const answerString = 'Call-info:answer-after=0';

describe('noojee answer (§2.2)', () => {
  it('answers an inbound Ringing call on that extension (bare or SIP/ exten) → Connected', async () => {
    const call = t.sim.engine.placeCall('213', '214');
    const { seq } = await subscribe(t.sim, ['213', '214'], 0);
    const wrongExt = await noojee(t.sim, 'answer', { uniqueId: call.callId, exten: '215', answerString });
    expect(wrongExt.json.Code).toBeLessThan(0);
    const caller = await noojee(t.sim, 'answer', { uniqueId: call.callId, exten: '213', answerString });
    expect(caller.json.Code).toBeLessThan(0);
    const ok = await noojee(t.sim, 'answer', { uniqueId: call.callId, exten: 'SIP/214', answerString });
    expect(ok.json).toEqual({ Message: 'Call answered', Code: 0 });
    expect(statuses(await subscribe(t.sim, ['213', '214'], seq))).toEqual({ '213': ['Connected'], '214': ['Connected'] });
    const twice = await noojee(t.sim, 'answer', { uniqueId: call.callId, exten: '214', answerString });
    expect(twice.json.Code).toBeLessThan(0);
    expect((await noojee(t.sim, 'answer', { exten: '214' })).json.Code).toBeLessThan(0);
  });
});

describe('noojee dial (§2.3)', () => {
  it('requires a tech-prefixed known extension and a number', async () => {
    expect((await noojee(t.sim, 'dial', { number: '0383208100', extenOrUniqueId: '213' })).json.Code).toBeLessThan(0);
    expect((await noojee(t.sim, 'dial', { number: '0383208100', extenOrUniqueId: 'SIP/999' })).json.Code).toBeLessThan(0);
    expect((await noojee(t.sim, 'dial', { extenOrUniqueId: 'SIP/213' })).json.Code).toBeLessThan(0);
  });

  it('rings the agent first, then Dialing Out; record=true records on answer', async () => {
    const { seq } = await subscribe(t.sim, ['213'], 0);
    const r = await noojee(t.sim, 'dial', { number: '0383208100', extenOrUniqueId: 'PJSIP/213', record: 'true', tag: 'crm-7', monitored: 'yes' });
    expect(r.json).toEqual({ SessionID: expect.any(Number), Message: expect.any(String), Code: 0 });
    const ring = await subscribe(t.sim, ['213'], seq);
    expect(ring.Data['213']?.[0]?.CallData).toMatchObject({ status: 'Ringing', inbound: false, canAnswer: false, isClickToDialCall: true });
    expect(ring.Data['213']?.[0]?.CallID).toBe(r.json.SessionID);
    const callId = ring.Data['213']?.[0]?.CallData.uniqueCallId ?? '';
    t.clock.advance(2_000);
    const out = await subscribe(t.sim, ['213'], ring.seq);
    expect(out.Data['213']?.[0]?.CallData).toMatchObject({ status: 'Dialing Out', outboundDestination: '0383208100' });
    expect(t.sim.engine.call(callId)?.recording.active).toBe(false);
    t.clock.advance(3_000);
    expect(statuses(await subscribe(t.sim, ['213'], out.seq))).toEqual({ '213': ['Connected'] });
    expect(t.sim.engine.call(callId)?.recording).toEqual({ active: true, legs: 1, tag: 'crm-7', owner: 'grace' });
  });

  it('autoAnswer takes the handset off-hook at once; a busy agent is refused', async () => {
    const { seq } = await subscribe(t.sim, ['213', '214'], 0);
    await noojee(t.sim, 'dial', { number: '214', extenOrUniqueId: 'SIP/213', autoAnswer: answerString });
    const reply = await subscribe(t.sim, ['213', '214'], seq);
    expect(statuses(reply)).toEqual({ '213': ['Ringing', 'Dialing Out'], '214': ['Ringing'] });
    expect(reply.Data['214']?.[0]?.CallData).toMatchObject({ inbound: true, isClickToDialCall: true, callerId: '213' });
    t.sim.engine.answer(reply.Data['214']?.[0]?.CallData.uniqueCallId ?? '', '214');
    expect((await noojee(t.sim, 'dial', { number: '0383208100', extenOrUniqueId: 'SIP/213' })).json.Code).toBeLessThan(0);
  });
});

describe('noojee hangup (§2.4)', () => {
  it('by uniqueCallId, or by bare extension (its most recent call)', async () => {
    const first = t.sim.engine.placeCall('213', '214');
    const second = t.sim.engine.placeCall('213', '214');
    const { seq } = await subscribe(t.sim, ['213', '214'], 0);
    expect((await noojee(t.sim, 'hangup', { extenOrUniqueId: '214' })).json).toEqual({ Message: 'Channel Hungup', Code: 0 });
    expect(t.sim.engine.call(second.callId)).toBeNull();
    expect(t.sim.engine.call(first.callId)).not.toBeNull();
    const reply = await subscribe(t.sim, ['213', '214'], seq);
    expect(statuses(reply)).toEqual({ '213': ['Hungup'], '214': ['Hungup'] });
    expect(reply.Data['214']?.[0]?.CallData.uniqueCallId).toBe(second.callId);
    expect((await noojee(t.sim, 'hangup', { extenOrUniqueId: first.callId })).json).toEqual({ Message: 'Channel Hungup', Code: 0 });
    expect((await noojee(t.sim, 'hangup', { extenOrUniqueId: first.callId })).json.Code).toBeLessThan(0);
    expect((await noojee(t.sim, 'hangup', { extenOrUniqueId: '214' })).json.Code).toBeLessThan(0);
    expect((await noojee(t.sim, 'hangup', {})).json.Code).toBeLessThan(0);
  });
});

describe('noojee start/stop recording (§2.5, §2.6)', () => {
  it('start/stop by uniqueCallId or extension, with tag and owner; never in subscribe events', async () => {
    const call = t.sim.engine.placeCall('0412345678', '214');
    t.sim.engine.answer(call.callId);
    const { seq } = await subscribe(t.sim, ['214'], 0);
    expect((await noojee(t.sim, 'start', { extenOrUniqueId: call.callId, tag: '22', agentLoginName: 'Fred' })).json).toEqual({ Message: 'Recording started', Code: 0 });
    expect(t.sim.engine.call(call.callId)?.recording).toEqual({ active: true, legs: 1, tag: '22', owner: 'Fred' });
    const again = await noojee(t.sim, 'start', { extenOrUniqueId: 'SIP/214-12FA7B' });
    expect(again.json.Code).toBe(0);
    expect(t.sim.engine.call(call.callId)?.recording.legs).toBe(2);
    expect((await noojee(t.sim, 'stop', { extenOrUniqueId: '214', agentLoginName: 'nobody' })).json.Code).toBeLessThan(0);
    const stopped = await fetch(`${t.sim.urls.noojee}/servicemanager/rest/CallManagementAPI/stop?apiKey=${encodeURIComponent('f863246a-973e-11e6-8784-08002718f5b5')}&extenOrUniqueId=214&agentLoginName=fred`);
    expect(await stopped.json()).toEqual({ Message: 'Recording stopped', Code: 0 });
    expect(t.sim.engine.call(call.callId)?.recording.active).toBe(false);
    expect((await noojee(t.sim, 'stop', { extenOrUniqueId: call.callId })).json.Code).toBeLessThan(0);
    expect((await subscribe(t.sim, ['214'], seq)).Data).toEqual({});
  });

  it('is an error when there is no active channel', async () => {
    expect((await noojee(t.sim, 'start', { extenOrUniqueId: '214' })).json.Code).toBeLessThan(0);
    expect((await noojee(t.sim, 'start', { extenOrUniqueId: '1717372800.999' })).json.Code).toBeLessThan(0);
    expect((await noojee(t.sim, 'stop', { extenOrUniqueId: '214' })).json.Code).toBeLessThan(0);
    expect((await noojee(t.sim, 'start', {})).json.Code).toBeLessThan(0);
  });
});
