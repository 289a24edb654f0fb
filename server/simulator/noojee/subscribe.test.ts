import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CallEngine } from '../engine/call-engine';
import { ManualClock } from '../engine/clock';
import { startTestSim, statuses, subscribe, type TestSim } from '../test-helpers';
import { NoojeeEventLog } from './event-log';

let t: TestSim;
beforeAll(async () => {
  t = await startTestSim();
});
afterAll(() => t.sim.close());
beforeEach(() => t.sim.engine.reset());

const ALL = ['213', '214', '215', '216'];

describe('noojee subscribe long-poll (noojee.md §2.1, §4)', () => {
  it('lastSequenceNumber=0 returns a snapshot at once, idle extensions omitted', async () => {
    const { engine } = t.sim;
    const one = engine.placeCall('213', '214');
    engine.answer(one.callId, '214');
    const two = engine.placeCall('0412345678', '215');
    const snap = await subscribe(t.sim, ALL, 0, 10);
    expect(snap.ms).toBeLessThan(1_000);
    expect(snap.Code).toBe(0);
    expect(Object.keys(snap.Data)).toEqual(['213', '214', '215']);
    expect(statuses(snap)).toEqual({ '213': ['Connected'], '214': ['Connected'], '215': ['Ringing'] });
    expect(snap.Data['215']?.[0]).toEqual({
      CallData: {
        canAnswer: true, callerId: '0412345678', uniqueCallId: two.callId, callStartTime: '', isQueueCall: false,
        isClickToDialCall: false, inbound: true, status: 'Ringing', otherPartyCallerId: '0412345678', connectedCallerIdNum: '', outboundDestination: '',
      },
      CallID: expect.any(Number),
      Code: 0,
    });
    expect(snap.Data['214']?.[0]?.CallData.callStartTime).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(snap.Data['213']?.[0]?.CallData.uniqueCallId).toBe(one.callId);
  });

  it('returns early on the first event and batches events a few ms apart', async () => {
    const { seq } = await subscribe(t.sim, ALL, 0);
    const poll = subscribe(t.sim, ALL, seq, 5);
    await new Promise((r) => setTimeout(r, 50));
    t.sim.engine.placeCall('213', '214');
    const reply = await poll;
    expect(reply.ms).toBeLessThan(1_000);
    expect(statuses(reply)).toEqual({ '213': ['Dialing Out'], '214': ['Ringing'] });
    // Three engine events (call created, two legs) for two entries: seq jumps by more than the entries.
    expect(reply.seq - seq).toBeGreaterThan(2);
  });

  it('times out with an empty Data and the current seq', async () => {
    const { seq } = await subscribe(t.sim, ALL, 0);
    t.sim.engine.placeCall('201', '202');
    const after = t.sim.noojee.log.current;
    expect(after).toBeGreaterThan(seq);
    const reply = await subscribe(t.sim, ALL, seq, 1);
    expect(reply.ms).toBeGreaterThanOrEqual(950);
    expect(reply).toMatchObject({ Data: {}, seq: after, Code: 0 });
  });

  it('seq is monotonic; an older lastSequenceNumber replays retained events', async () => {
    const { engine } = t.sim;
    const { seq: s0 } = await subscribe(t.sim, ALL, 0);
    const call = engine.placeCall('213', '214');
    const r1 = await subscribe(t.sim, ALL, s0);
    engine.answer(call.callId, '214');
    const r2 = await subscribe(t.sim, ALL, r1.seq);
    expect(r2.seq).toBeGreaterThan(r1.seq);
    expect(statuses(r2)).toEqual({ '213': ['Connected'], '214': ['Connected'] });
    const again = await subscribe(t.sim, ALL, s0);
    expect(statuses(again)).toEqual({ '213': ['Dialing Out', 'Connected'], '214': ['Ringing', 'Connected'] });
    expect(again.seq).toBe(r2.seq);
    const none = await subscribe(t.sim, ALL, r2.seq);
    expect(none.Data).toEqual({});
  });

  it('de-duplicates extensions and filters to the requested ones', async () => {
    const { seq } = await subscribe(t.sim, ALL, 0);
    t.sim.engine.placeCall('213', '214');
    const reply = await subscribe(t.sim, ['214', '214', 'SIP/214', '216'], seq);
    expect(statuses(reply)).toEqual({ '214': ['Ringing'] });
  });

  it('rejects malformed parameters with a negative Code', async () => {
    const r = await subscribe(t.sim, [''], 0);
    expect(r.Code).toBeLessThan(0);
    const bad = await subscribe(t.sim, ['214'], -1 as number);
    expect(bad.Code).toBeLessThan(0);
  });

  it('honours the minimum reply latency (A4)', async () => {
    const slow = await startTestSim({ noojeeMinReplyMs: 150 });
    try {
      const r = await subscribe(slow.sim, ['214'], 0, 0);
      expect(r.ms).toBeGreaterThanOrEqual(140);
    } finally {
      await slow.sim.close();
    }
  });

  it('close() answers pending long-polls promptly', async () => {
    const other = await startTestSim();
    const { seq } = await subscribe(other.sim, ['214'], 0);
    const poll = subscribe(other.sim, ['214'], seq, 30);
    await new Promise((r) => setTimeout(r, 30));
    const started = Date.now();
    await other.sim.close();
    const reply = await poll;
    expect(reply).toMatchObject({ Data: {}, Code: 0 });
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe('noojee event log retention (§4 rule 4)', () => {
  it('a lastSequenceNumber older than retained history, or newer than seq, gets a snapshot', () => {
    const clock = new ManualClock();
    const engine = new CallEngine({ clock });
    const log = new NoojeeEventLog(engine, clock, { maxEvents: 3, maxAgeMs: 60_000 });
    engine.on((e) => log.add(e));
    const start = log.current;
    const watched = new Set(['213', '214']);
    const call = engine.placeCall('213', '214');
    expect(log.query(start, watched)).toMatchObject({ kind: 'events', items: [{ extension: '213' }, { extension: '214' }] });
    engine.answer(call.callId, '214');
    expect(log.query(start, watched)).toEqual({ kind: 'snapshot' });
    expect(log.query(log.oldest, watched).kind).toBe('events');
    clock.advance(61_000);
    expect(log.oldest).toBe(log.current - 1);
    expect(log.query(log.current + 5, watched)).toEqual({ kind: 'snapshot' });
    expect(log.query(0, watched)).toEqual({ kind: 'snapshot' });
  });
  it('the Noojee PBX is site A: calls on the Switchvox site (B) never reach it', async () => {
    const { seq } = await subscribe(t.sim, ['213', '301'], 0);
    const call = t.sim.engine.placeCall('8585551212', '301');
    t.sim.engine.answer(call.callId);
    t.sim.engine.placeCall('302', '610');
    expect(t.sim.noojee.log.current).toBe(seq);
    expect((await subscribe(t.sim, ['301', '302'], 0)).Data).toEqual({});
    t.sim.engine.placeCall('213', '301');
    const reply = await subscribe(t.sim, ['213', '301'], seq);
    expect(statuses(reply)).toEqual({ '213': ['Dialing Out'] });
  });
});
