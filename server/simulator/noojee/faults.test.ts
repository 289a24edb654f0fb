import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { control, noojee, startTestSim, statuses, subscribe, type TestSim } from '../test-helpers';

let t: TestSim;
beforeAll(async () => {
  t = await startTestSim();
});
afterAll(() => t.sim.close());
beforeEach(async () => {
  await control(t.sim, 'POST', '/control/reset');
});

const fault = (body: Record<string, unknown>) => control(t.sim, 'POST', '/control/faults', { target: 'noojee', ...body });
const poll = (last: number) => noojee(t.sim, 'subscribe', { exten: '213,214', lastSequenceNumber: String(last), timeOut: '0' });

describe('noojee fault injection (noojee.md §6.10)', () => {
  it('a fault with forMs lapses after that long even when no request used it up (an outage has a length)', async () => {
    expect((await fault({ kind: 'http500', count: 5, forMs: 150 })).status).toBe(201);
    expect((await poll(0)).status).toBe(500);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await poll(0)).status).toBe(200);
    expect((await control(t.sim, 'GET', '/control/faults')).json).toMatchObject({ noojee: [] });
  });

  it('http500 for the next N replies, then normal', async () => {
    expect((await fault({ kind: 'http500', count: 2 })).status).toBe(201);
    for (let i = 0; i < 2; i++) {
      const r = await poll(0);
      expect(r.status).toBe(500);
      expect(r.type).toContain('text/html');
    }
    expect((await poll(0)).json.Code).toBe(0);
  });

  it('drop destroys the connection mid-poll', async () => {
    await fault({ kind: 'drop', delayMs: 30 });
    await expect(poll(0)).rejects.toThrow();
    expect((await poll(0)).status).toBe(200);
  });

  it('nonjson answers 200 with an HTML body', async () => {
    await fault({ kind: 'nonjson' });
    const r = await poll(0);
    expect(r.status).toBe(200);
    expect(r.type).toContain('text/html');
    expect(() => JSON.parse(r.text) as unknown).toThrow();
  });

  it('delay adds latency; method narrows a fault to one API method', async () => {
    await fault({ kind: 'delay', delayMs: 200, method: 'hangup' });
    expect((await poll(0)).ms).toBeLessThan(150);
    const r = await noojee(t.sim, 'hangup', { extenOrUniqueId: '214' });
    expect(r.ms).toBeGreaterThanOrEqual(190);
    expect(r.json.Code).toBeLessThan(0);
  });

  it('duplicate doubles the entries of the next reply that has any', async () => {
    const { seq } = await subscribe(t.sim, ['213', '214'], 0);
    await fault({ kind: 'duplicate' });
    expect((await poll(seq)).json.Data).toEqual({});
    t.sim.engine.placeCall('213', '214');
    const reply = await subscribe(t.sim, ['213', '214'], seq);
    expect(statuses(reply)).toEqual({ '213': ['Dialing Out', 'Dialing Out'], '214': ['Ringing', 'Ringing'] });
    expect(statuses(await subscribe(t.sim, ['213', '214'], seq))).toEqual({ '213': ['Dialing Out'], '214': ['Ringing'] });
  });

  it('replay re-sends older events as if lastSequenceNumber were lower', async () => {
    const { seq } = await subscribe(t.sim, ['213', '214'], 0);
    const call = t.sim.engine.placeCall('213', '214');
    const r1 = await subscribe(t.sim, ['213', '214'], seq);
    t.sim.engine.answer(call.callId, '214');
    await fault({ kind: 'replay' });
    const replayed = await subscribe(t.sim, ['213', '214'], r1.seq);
    expect(statuses(replayed)['214']?.slice(-2)).toEqual(['Ringing', 'Connected']);
    expect(replayed.seq).toBe(t.sim.noojee.log.current);
    expect(statuses(await subscribe(t.sim, ['213', '214'], r1.seq))).toEqual({ '213': ['Connected'], '214': ['Connected'] });
  });

  it('seqReset: history cleared, counter restarts low, a waiting poll gets a snapshot', async () => {
    t.sim.engine.placeCall('213', '214');
    const { seq } = await subscribe(t.sim, ['213', '214'], 0);
    expect(seq).toBeGreaterThan(5);
    const waiting = subscribe(t.sim, ['213', '214'], seq, 10);
    await new Promise((r) => setTimeout(r, 30));
    await fault({ kind: 'seqReset' });
    const reply = await waiting;
    expect(reply.ms).toBeLessThan(2_000);
    expect(reply.seq).toBeLessThan(seq);
    expect(statuses(reply)).toEqual({ '213': ['Dialing Out'], '214': ['Ringing'] });
  });

  it('seqReset records the span whose entries no reply had carried (a call wholly inside it was never visible)', async () => {
    const { seq } = await subscribe(t.sim, ['213', '214'], 0);
    await subscribe(t.sim, ['213', '214'], seq, 0);
    const earlier = t.sim.noojee.log.untold().length;
    const before = t.sim.engine.clock.now();
    const call = t.sim.engine.placeCall('213', '214');
    t.sim.engine.hangup(call.callId, '213');
    await fault({ kind: 'seqReset' });
    const spans = t.sim.noojee.log.untold();
    expect(spans).toHaveLength(earlier + 1);
    expect(spans.at(-1)!.from).toBeGreaterThanOrEqual(before);
    expect(spans.at(-1)!.to).toBeGreaterThanOrEqual(spans.at(-1)!.from);
    // A reset right after a reply carried everything loses nothing.
    const after = await subscribe(t.sim, ['213', '214'], 0);
    await subscribe(t.sim, ['213', '214'], after.seq, 0);
    await fault({ kind: 'seqReset' });
    expect(t.sim.noojee.log.untold()).toHaveLength(earlier + 1);
  });

  it('control API validates faults, lists and clears them', async () => {
    expect((await fault({ kind: 'meltdown' })).status).toBe(400);
    expect((await control(t.sim, 'POST', '/control/faults', { target: 'switchvox', kind: 'http500' })).status).toBe(400);
    await fault({ kind: 'http500', count: 3 });
    expect((await control(t.sim, 'GET', '/control/faults')).json).toEqual({ noojee: [{ kind: 'http500', count: 3, remaining: 3 }], switchvox: [], telphin: [], voipnow: [] });
    expect((await control(t.sim, 'DELETE', '/control/faults')).status).toBe(200);
    expect((await poll(0)).status).toBe(200);
  });
});
