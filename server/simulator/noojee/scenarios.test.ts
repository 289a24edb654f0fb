import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SCENARIO_DURATION_MS } from '../engine/scenarios';
import { control, startTestSim, statuses, subscribe, type SubscribeReply, type TestSim } from '../test-helpers';
import type { CallData } from './call-data';

let t: TestSim;
beforeAll(async () => {
  t = await startTestSim();
});
afterAll(() => t.sim.close());
beforeEach(() => t.sim.engine.reset());

const WATCHED = ['213', '214', '215', '216'];

async function play(name: string): Promise<{ reply: SubscribeReply; callIds: string[] }> {
  const { seq } = await subscribe(t.sim, WATCHED, 0);
  const started = await control(t.sim, 'POST', `/control/scenarios/${name}`);
  expect(started.status).toBe(200);
  t.clock.advance(SCENARIO_DURATION_MS);
  const reply = await subscribe(t.sim, WATCHED, seq);
  expect(t.sim.engine.calls()).toEqual([]);
  return { reply, callIds: started.json.callIds as string[] };
}

const data = (reply: SubscribeReply, ext: string): CallData[] => (reply.Data[ext] ?? []).map((e) => e.CallData);

describe('noojee.md §3.4 scenarios over HTTP (A = 213, B = 214, C = 215)', () => {
  it('A: A calls B, B answers, A hangs up', async () => {
    const { reply, callIds } = await play('A');
    expect(statuses(reply)).toEqual({ '213': ['Dialing Out', 'Connected', 'Hungup'], '214': ['Ringing', 'Connected', 'Hungup'] });
    const [a0] = data(reply, '213');
    const [b0] = data(reply, '214');
    expect(b0).toMatchObject({ inbound: true, canAnswer: true, callerId: '213' });
    expect(a0).toMatchObject({ inbound: false, canAnswer: false, callerId: '214', outboundDestination: '214' });
    const ids = new Set([...data(reply, '213'), ...data(reply, '214')].map((d) => d.uniqueCallId));
    expect([...ids]).toEqual(callIds);
    const callNos = new Set([...(reply.Data['213'] ?? []), ...(reply.Data['214'] ?? [])].map((e) => e.CallID));
    expect(callNos.size).toBe(1);
  });

  it('B: A calls B while B talks to C: Busy, terminal, other call untouched', async () => {
    const { reply, callIds } = await play('busy');
    const [withC, fromA] = callIds;
    expect(statuses(reply)).toEqual({
      '213': ['Dialing Out', 'Hungup'],
      '214': ['Ringing', 'Connected', 'Busy', 'Hungup'],
      '215': ['Dialing Out', 'Connected', 'Hungup'],
    });
    const b = data(reply, '214');
    expect(b[2]).toMatchObject({ status: 'Busy', inbound: true, callerId: '213', uniqueCallId: fromA });
    expect([b[0], b[1], b[3]].map((d) => d?.uniqueCallId)).toEqual([withC, withC, withC]);
  });

  it('C: nobody answers: No Answer is terminal, A Hungup', async () => {
    const { reply } = await play('C');
    expect(statuses(reply)).toEqual({ '213': ['Dialing Out', 'Hungup'], '214': ['Ringing', 'No Answer'] });
  });

  it('D: two calls A→B, both rejected (the vendor sample, poll by poll)', async () => {
    const { seq: s0 } = await subscribe(t.sim, WATCHED, 0);
    const { json } = await control(t.sim, 'POST', '/control/scenarios/two-rejected');
    const [first, second] = json.callIds as string[];
    t.clock.advance(500);
    const p1 = await subscribe(t.sim, WATCHED, s0);
    expect(statuses(p1)).toEqual({ '213': ['Dialing Out'], '214': ['Ringing'] });
    expect(data(p1, '214')[0]).toMatchObject({ canAnswer: true, callerId: '213', uniqueCallId: first });
    expect(data(p1, '213')[0]).toMatchObject({ canAnswer: false });
    t.clock.advance(1_000);
    const p2 = await subscribe(t.sim, WATCHED, p1.seq);
    expect(statuses(p2)).toEqual({ '213': ['Dialing Out'], '214': ['Ringing'] });
    expect(data(p2, '214')[0]?.uniqueCallId).toBe(second);
    expect(p2.seq - p1.seq).toBeGreaterThan(2);
    t.clock.advance(2_000);
    const p3 = await subscribe(t.sim, WATCHED, p2.seq);
    expect(statuses(p3)).toEqual({ '213': ['Hungup', 'Hungup'], '214': ['Hungup', 'Hungup'] });
    expect(data(p3, '213').map((d) => d.uniqueCallId)).toEqual([first, second]);
  });

  it('E: click-to-dial rings A first, then Dialing Out, Connected, Hungup', async () => {
    const { reply } = await play('click-to-dial');
    expect(statuses(reply)).toEqual({ '213': ['Ringing', 'Dialing Out', 'Connected', 'Hungup'] });
    const [ring, out, connected] = data(reply, '213');
    expect(ring).toMatchObject({ inbound: false, canAnswer: false, isClickToDialCall: true, callStartTime: '' });
    expect(out).toMatchObject({ outboundDestination: '0383208100', callerId: '0383208100', isClickToDialCall: true });
    expect(connected?.callStartTime).not.toBe('');
    expect(connected?.connectedCallerIdNum).toBe('0383208100');
  });

  it('F: blind transfer of B\'s call (from A) to C', async () => {
    const { reply } = await play('F');
    expect(statuses(reply)).toEqual({
      '213': ['Dialing Out', 'Connected', 'Unlinked', 'Connected', 'Hungup'],
      '214': ['Ringing', 'Connected', 'Unlinked', 'Hungup'],
      '215': ['Ringing', 'Connected', 'Hungup'],
    });
    expect(data(reply, '215')[0]).toMatchObject({ inbound: true, canAnswer: true, callerId: '213' });
    expect(data(reply, '213')[3]).toMatchObject({ callerId: '215' });
    const ids = new Set(Object.values(reply.Data).flat().map((e) => e.CallData.uniqueCallId));
    expect(ids.size).toBe(1);
  });

  it('G: an outside caller only produces entries on the internal extension', async () => {
    const { reply } = await play('external');
    expect(statuses(reply)).toEqual({ '214': ['Ringing', 'Connected', 'Hungup'] });
    expect(data(reply, '214')[0]).toMatchObject({ callerId: '0412555019', inbound: true, isQueueCall: false });
  });

  it('queue calls carry isQueueCall; agents rung one at a time show No Answer then the next rings', async () => {
    const { seq } = await subscribe(t.sim, ['201', '202'], 0);
    const call = t.sim.engine.placeCall('0412345678', '600');
    t.clock.advance(15_000);
    t.sim.engine.answer(call.callId, '202');
    const reply = await subscribe(t.sim, ['201', '202'], seq);
    expect(statuses(reply)).toEqual({ '201': ['Ringing', 'No Answer'], '202': ['Ringing', 'Connected'] });
    expect(data(reply, '202')[0]).toMatchObject({ isQueueCall: true, callerId: '0412345678' });
  });

  it('only the seven documented status strings ever appear under random traffic', async () => {
    // Traffic on site A only (the Noojee PBX): the mix of the single-site simulator.
    const phones = t.sim.directory.phones.filter((p) => p.site === 'A').map((p) => p.number);
    const { seq } = await subscribe(t.sim, phones, 0);
    t.sim.traffic.start({ callsPerMinute: 30, seed: 9, sites: ['A'] });
    for (let i = 0; i < 600; i++) t.clock.advance(1_000);
    t.sim.traffic.clear();
    const reply = await subscribe(t.sim, phones, seq);
    const seen = new Set(Object.values(reply.Data).flat().map((e) => e.CallData.status));
    expect([...seen].sort()).toEqual(['Busy', 'Connected', 'Dialing Out', 'Hungup', 'No Answer', 'Ringing', 'Unlinked']);
  });
});
