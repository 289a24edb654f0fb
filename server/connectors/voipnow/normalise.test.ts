import { describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/client';
import { loadBoardState } from '@/db/queries/load-board-state';
import { createProjectorStore } from '@/db/queries/projector-store';
import { calls, events as eventRows } from '@/db/schema';
import type { WebhookRequest } from '@/server/connectors/connector';
import type { PbxEvent } from '@/server/domain/pbx-event';
import { Projector } from '@/server/domain/projector';
import { createVoipnowNormaliser, parseCallerId, type VoipnowIssue } from './normalise';
import type { TPhoneCall } from './schema';

const T0 = new Date('2026-03-02T09:00:00.000Z');
const at = (s: number) => new Date(T0.getTime() + s * 1000);

function setup() {
  const issues: VoipnowIssue[] = [];
  const n = createVoipnowNormaliser({ connectionId: 'vn', extensions: ['0003*210', '0003*211'], onIssue: (i) => void issues.push(i) });
  return { n, issues };
}

/** A hook request with the ten §3.3 parameters (empty unless given). */
function req(event: string, params: Record<string, string>, s = 0): WebhookRequest {
  const base = { CallID: '', CallerIDNum: '', CallerIDName: '', CalledDID: '', CalledExtension: '', CallStatus: '', CallFlow: '', CallerExtension: '', CalledNumber: '', CallAPIID: '' };
  return { event, params: { ...base, ...params }, receivedAt: at(s) };
}

// §3.3 example: an answered inbound public call on 0003*210.
const inbound = { CallID: 'c1', CallerIDNum: '0040212345678', CallerIDName: 'John Doe', CalledDID: '0040319999999', CalledExtension: '0003*210', CallFlow: 'IN', CalledNumber: '0040319999999' };

const upserts = (events: PbxEvent[]) => events.flatMap((e) => (e.type === 'leg.upsert' ? [e.leg] : []));

describe('VoipNow hook normaliser', () => {
  it('Dial-In opens a ringing inbound leg on the called extension, timed on receipt', () => {
    const { n } = setup();
    const events = n.hook(req('0', { ...inbound, CallStatus: 'CALLING' }, 1));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'leg.upsert', at: at(1).toISOString(), key: 'hook:c1:210:0' });
    expect(upserts(events)[0]).toEqual({
      extension: '210', legId: 'vn:210:c1', vendorCallId: 'c1', direction: 'inbound', peer: { number: '0040212345678', name: 'John Doe' },
      state: 'ringing', queueNumber: null, canAnswer: false,
    });
  });

  it('Answer incoming makes it talking; Hangup ANSWER ends it answered', () => {
    const { n } = setup();
    n.hook(req('0', { ...inbound, CallStatus: 'CALLING' }));
    expect(upserts(n.hook(req('3', { ...inbound, CallStatus: 'ANSWER' }, 2)))[0]?.state).toBe('talking');
    const end = n.hook(req('2', { ...inbound, CallStatus: 'ANSWER' }, 30));
    expect(end).toEqual([expect.objectContaining({ type: 'leg.end', legId: 'vn:210:c1', extension: '210', outcome: 'answered', at: at(30).toISOString() })]);
    expect(n.liveLegs()).toEqual([]);
  });

  it('Dial-Out and Answer outgoing put a leg on the caller extension; internal calls show on both sides', () => {
    const { n } = setup();
    const out = n.hook(req('1', { CallID: 'c2', CallerIDNum: '0003*211', CallerIDName: 'Reception', CallerExtension: '0003*211', CalledExtension: '0003*210', CalledNumber: '210', CallFlow: 'OUT', CallStatus: 'CALLING' }));
    const leg = upserts(out)[0];
    expect(leg).toMatchObject({ extension: '211', legId: 'vn:211:c2', direction: 'internal', state: 'dialing', peer: { number: '210', name: null } });
    // The caller-id name on a Dial-Out is our own extension's name.
    expect(out.find((e) => e.type === 'extensions.known')).toMatchObject({ extensions: expect.arrayContaining([{ number: '211', name: 'Reception', kind: 'phone' }]) });
    const inn = n.hook(req('0', { CallID: 'c2', CallerIDNum: '0003*211', CallerIDName: 'Reception', CallerExtension: '0003*211', CalledExtension: '0003*210', CalledNumber: '210', CallFlow: 'IN', CallStatus: 'CALLING' }));
    expect(upserts(inn)[0]).toMatchObject({ extension: '210', direction: 'internal', state: 'ringing', peer: { number: '211', name: 'Reception' } });
    expect(upserts(n.hook(req('4', { CallID: 'c2', CallerExtension: '0003*211', CallFlow: 'OUT', CallStatus: 'ANSWER' })))[0]).toMatchObject({ extension: '211', state: 'talking' });
    const ends = [...n.hook(req('2', { CallID: 'c2', CallerExtension: '0003*211', CalledExtension: '0003*210', CallFlow: 'OUT', CallStatus: 'ANSWER' })), ...n.hook(req('2', { CallID: 'c2', CallerExtension: '0003*211', CalledExtension: '0003*210', CallFlow: 'IN', CallStatus: 'ANSWER' }))];
    expect(ends.map((e) => e.type === 'leg.end' && e.legId)).toEqual(['vn:211:c2', 'vn:210:c2']);
  });

  it('outbound public calls are outbound with the dialled number as peer', () => {
    const { n } = setup();
    const leg = upserts(n.hook(req('1', { CallID: 'c3', CallerExtension: '0003*210', CalledNumber: '003258422544', CallFlow: 'OUT', CallStatus: 'CALLING' })))[0];
    expect(leg).toMatchObject({ direction: 'outbound', peer: { number: '003258422544', name: null }, state: 'dialing' });
  });

  it.each([
    ['BUSY', 'busy'], ['NOANSWER', 'no_answer'], ['CANCEL', 'cancelled'], ['CONGESTION', 'failed'], ['CHANUNAVAIL', 'failed'],
  ])('Hangup %s → %s', (status, outcome) => {
    const { n } = setup();
    n.hook(req('0', inbound));
    expect(n.hook(req('2', { ...inbound, CallStatus: status }))[0]).toMatchObject({ type: 'leg.end', outcome });
  });

  it('tolerates an unknown CallStatus: outcome from what we saw, issue reported', () => {
    const { n, issues } = setup();
    n.hook(req('0', inbound));
    n.hook(req('3', inbound));
    expect(n.hook(req('2', { ...inbound, CallStatus: 'TRANSFERRED' }))[0]).toMatchObject({ outcome: 'answered' });
    expect(issues.some((i) => i.reason.includes('TRANSFERRED'))).toBe(true);
    const { n: m } = setup();
    m.hook(req('0', inbound));
    expect(m.hook(req('2', { ...inbound, CallStatus: 'UNKNOWN' }))[0]).toMatchObject({ outcome: 'failed' });
  });

  it('empty parameters: no CallID or no extension is dropped; an empty caller id is kept empty; nothing throws', () => {
    const { n, issues } = setup();
    expect(n.hook(req('0', {}))).toEqual([]);
    expect(n.hook(req('0', { CallID: 'c9' }))).toEqual([]);
    expect(n.hook(req('2', { CallID: 'c9' }))).toEqual([]);
    const leg = upserts(n.hook(req('0', { CallID: 'c9', CalledExtension: '0003*210' })))[0];
    expect(leg).toMatchObject({ direction: 'inbound', peer: { number: '', name: null } });
    expect(n.hook({ event: '0', params: undefined as never, receivedAt: undefined as never })).toEqual([]);
    expect(n.hook(null as never)).toEqual([]);
    expect(issues.length).toBeGreaterThanOrEqual(4);
  });

  it('unknown event segments and extensions we do not watch are ignored', () => {
    const { n, issues } = setup();
    expect(n.hook(req('dial-in', inbound))).toEqual([]);
    expect(n.hook(req('0', { ...inbound, CalledExtension: '0003*999' }))).toEqual([]);
    expect(issues.map((i) => i.kind)).toEqual(['ignored', 'ignored']);
  });

  it('duplicates are harmless: same key or nothing, and a late Dial-In never un-answers', () => {
    const { n } = setup();
    const first = n.hook(req('0', inbound));
    expect(n.hook(req('0', inbound, 1))).toEqual([]);
    n.hook(req('3', inbound, 2));
    const again = n.hook(req('3', inbound, 3));
    expect(again).toEqual([]);
    expect(n.liveLegs()[0]?.state).toBe('talking');
    const end = n.hook(req('2', { ...inbound, CallStatus: 'ANSWER' }, 4));
    expect(n.hook(req('2', { ...inbound, CallStatus: 'ANSWER' }, 5))).toEqual([]);
    expect(n.hook(req('0', { ...inbound, CallID: 'c1' }, 6))).toEqual([]);
    expect(first[0]?.key).not.toBe(end[0]?.key);
  });
});

/** The real projector on an in-memory database: what a batch of events leaves stored. */
function storage() {
  const db = openDatabase(':memory:');
  const projector = new Projector({ store: createProjectorStore(db), state: loadBoardState(db, T0), reload: () => loadBoardState(db, T0), publish: () => {}, now: () => T0 });
  const row = (id: string) => db.select().from(calls).all().find((r) => r.id === id);
  return { projector, row, rows: () => db.select().from(calls).all(), eventCount: () => db.select().from(eventRows).all().length };
}

// Chaos run, site D, 507 (call 4b57c97e0a1e6cca53cc, ×7): webhooks are delayed and reordered, so a
// Hangup came before the call's Dial-Out. The bare leg.end stored the call with no peer and as
// inbound; the late Dial-Out was then dropped as a hook of an ended call.
describe('VoipNow Hangup of a leg no hook showed (hooks reordered)', () => {
  const outbound = { CallID: 'r1', CallerIDNum: '0003*211', CallerIDName: 'Reception', CallerExtension: '0003*211', CalledNumber: '003258422544', CallFlow: 'OUT' };

  it('stores the leg from the Hangup itself: peer, direction and outcome; the late Dial-Out and a repeat change nothing', () => {
    const { n } = setup();
    const { projector, row, rows, eventCount } = storage();
    const hangup = n.hook(req('2', { ...outbound, CallStatus: 'BUSY' }, 5));
    expect(hangup.map((e) => e.type)).toEqual(['leg.upsert', 'leg.end']);
    projector.apply(hangup);
    // Never live on the board: the upsert and the end share a batch.
    expect(projector.board(0).extensions.flatMap((e) => e.calls)).toEqual([]);
    const stored = row('vn:211:r1');
    expect(stored).toMatchObject({ direction: 'outbound', peerNumber: '003258422544', peerName: null, outcome: 'busy', answeredAt: null, startedAt: at(5).toISOString(), endedAt: at(5).toISOString() });

    projector.apply(n.hook(req('1', { ...outbound, CallStatus: 'CALLING' }, 7)));
    expect(n.hook(req('2', { ...outbound, CallStatus: 'BUSY' }, 8))).toEqual([]);
    // The same Hangup replayed to a restarted process: the same keys, so nothing new is stored.
    const events = eventCount();
    projector.apply(setup().n.hook(req('2', { ...outbound, CallStatus: 'BUSY' }, 9)));
    expect(eventCount()).toBe(events);
    expect(rows()).toEqual([stored]);
    expect(n.liveLegs()).toEqual([]);
  });

  it('an answered inbound leg is stored answered, with the caller as peer', () => {
    const { n } = setup();
    const { projector, row } = storage();
    projector.apply(n.hook(req('2', { ...inbound, CallStatus: 'ANSWER' }, 40)));
    expect(row('vn:210:c1')).toMatchObject({ direction: 'inbound', peerNumber: '0040212345678', peerName: 'John Doe', outcome: 'answered', answeredAt: at(40).toISOString() });
    expect(n.hook(req('0', { ...inbound, CallStatus: 'CALLING' }, 41))).toEqual([]);
  });

  it('an internal call hung up without CallFlow gives each configured side its own view of the other', () => {
    const { n } = setup();
    const { projector, row } = storage();
    projector.apply(n.hook(req('2', { CallID: 'r3', CallerIDNum: '0003*211', CallerIDName: 'Reception', CallerExtension: '0003*211', CalledExtension: '0003*210', CalledNumber: '210', CallStatus: 'NOANSWER' }, 20)));
    expect(row('vn:211:r3')).toMatchObject({ direction: 'internal', peerNumber: '210', outcome: 'no_answer', answeredAt: null });
    expect(row('vn:210:r3')).toMatchObject({ direction: 'internal', peerNumber: '211', peerName: 'Reception', outcome: 'no_answer', answeredAt: null });
  });
});

const view = (v: Record<string, unknown>) => v as TPhoneCall['phoneCallView'][number];
const call = (id: string, views: Record<string, unknown>[]): TPhoneCall => ({ id, phoneCallView: views.map((v, i) => view({ id: `0${i}`, ...v })) });

describe('VoipNow phoneCalls reconciliation', () => {

  it('completes answer state and caller name of a hooked leg, matching by far-end number (A23)', () => {
    const { n } = setup();
    n.hook(req('0', { CallID: 'hookid', CalledExtension: '0003*210', CallerIDNum: '0040212345678', CallFlow: 'IN' }));
    const snap = [call('b817d2618fe6f1804333', [{ extension: '0003*210', source: ['0040212345678'], destination: ['0003*210'], flow: '8', status: '5', callerId: 'John Doe <0040212345678>', answered: '2026-03-02T09:00:05Z' }])];
    const r = n.poll(snap, { requestedAt: at(5), now: at(5) });
    expect(r.opened).toBe(0);
    expect(upserts(r.events)[0]).toMatchObject({ legId: 'vn:210:hookid', state: 'talking', peer: { number: '0040212345678', name: 'John Doe' } });
    expect(n.recordingTarget({ extension: '210', vendorCallId: 'hookid' })).toEqual({ legId: 'vn:210:hookid', extension: '0003*210', phoneCallId: 'b817d2618fe6f1804333', phoneCallViewId: '00' });
    // Same snapshot again: nothing new.
    expect(n.poll(snap, { requestedAt: at(7), now: at(7) }).events).toEqual([]);
  });

  it('a leg the hooks missed starts when the PBX says it began ringing, not at the poll', () => {
    const { n } = setup();
    const r = n.poll([call('p9', [{ extension: '0003*210', source: ['0040212345678'], destination: ['0003*210'], flow: '8', status: '3', ringing: '2026-03-02T09:00:03+00:00' }])], { requestedAt: at(9), now: at(9) });
    expect(r.events[0]).toMatchObject({ type: 'leg.upsert', at: at(3).toISOString() });
  });

  it('opens a leg the hooks missed, reports recording from the view, and ends legs the server no longer has', () => {
    const { n } = setup();
    const snap = [call('p1', [{ extension: '0003*211', source: ['0003*211'], destination: ['0040311111111'], flow: '4', status: '4', recording: '2026-03-02T09:00:01Z' }])];
    const r = n.poll(snap, { requestedAt: at(1), now: at(1) });
    expect(r.opened).toBe(1);
    expect(upserts(r.events)[0]).toMatchObject({ legId: 'vn:211:p1', vendorCallId: 'p1', direction: 'outbound', state: 'dialing', peer: { number: '0040311111111' } });
    expect(r.events.find((e) => e.type === 'leg.recording')).toMatchObject({ legId: 'vn:211:p1', recording: 'on' });
    expect(n.poll([], { requestedAt: at(3), now: at(3) }).ended).toBe(0);
    const gone = n.poll([], { requestedAt: at(5), now: at(5) });
    expect(gone.events).toEqual([expect.objectContaining({ type: 'leg.end', legId: 'vn:211:p1', outcome: 'cancelled', key: 'vn:211:p1:reconciled' })]);
  });

  it('does not judge a leg by a snapshot requested before the leg began', () => {
    const { n } = setup();
    n.hook(req('0', inbound, 10));
    expect(n.poll([], { requestedAt: at(9), now: at(11) }).ended).toBe(0);
    expect(n.poll([], { requestedAt: at(9), now: at(11) }).ended).toBe(0);
    expect(n.liveLegs()).toHaveLength(1);
  });

  it('a hook arriving after the poll opened the leg adopts it instead of doubling it', () => {
    const { n } = setup();
    n.poll([call('p7', [{ extension: '0003*210', source: ['0040212345678'], destination: ['0003*210'], flow: '8', status: '3' }])], { requestedAt: at(1), now: at(1) });
    const late = upserts(n.hook(req('3', { ...inbound, CallID: 'h7' }, 2)));
    expect(late[0]).toMatchObject({ legId: 'vn:210:p7', state: 'talking' });
    expect(n.hook(req('2', { ...inbound, CallID: 'h7', CallStatus: 'ANSWER' }, 3))[0]).toMatchObject({ legId: 'vn:210:p7', outcome: 'answered' });
  });

  it('reads caller ids', () => {
    expect(parseCallerId('John Doe <3334444>')).toEqual({ name: 'John Doe', number: '3334444' });
    expect(parseCallerId('3334444')).toEqual({ name: null, number: '3334444' });
    expect(parseCallerId(undefined)).toEqual({ name: null, number: null });
  });
});

describe('VoipNow queue re-ring rounds (the same call rings the same agent again)', () => {
  // The hooks of round 2 repeat round 1's exactly; the view id in phoneCalls is what differs.
  const q = { CallID: 'qc1', CallerIDNum: '0040212345678', CalledDID: '0040319999999', CalledExtension: '0003*210', CallFlow: 'IN', CalledNumber: '0040319999999' };
  const ringing = (viewId: string, extra: Record<string, unknown> = {}) =>
    [{ id: 'qc1', phoneCallView: [view({ id: viewId, extension: '0003*210', source: ['0040212345678'], destination: ['0040319999999'], flow: '8', status: '3', ...extra })] }] as TPhoneCall[];
  const talking = (viewId: string) => ringing(viewId, { status: '5', answered: '2026-03-02T09:00:20Z' });

  function roundOneRangOut() {
    const t = setup();
    t.n.hook(req('0', { ...q, CallStatus: 'CALLING' }, 0));
    t.n.poll(ringing('01'), { requestedAt: at(2), now: at(2) });
    const end = t.n.hook(req('2', { ...q, CallStatus: 'NOANSWER' }, 15));
    expect(end).toEqual([expect.objectContaining({ type: 'leg.end', legId: 'vn:210:qc1', outcome: 'no_answer' })]);
    return t;
  }

  it('a new view after round 1 ended opens round 2; its answer and hangup go to it', () => {
    const { n } = roundOneRangOut();
    // Round 2's Dial-In repeats round 1's: nothing to tell it from a duplicate yet.
    expect(n.hook(req('0', { ...q, CallStatus: 'CALLING' }, 16))).toEqual([]);
    const r = n.poll(ringing('03'), { requestedAt: at(17), now: at(17) });
    expect(r.opened).toBe(1);
    expect(upserts(r.events)[0]).toMatchObject({ legId: 'vn:210:qc1~r2', vendorCallId: 'qc1', state: 'ringing' });
    expect(upserts(n.hook(req('3', { ...q, CallStatus: 'ANSWER' }, 20)))[0]).toMatchObject({ legId: 'vn:210:qc1~r2', state: 'talking' });
    // Round 1's NOANSWER hangup delivered again must not end the answered round 2.
    expect(n.hook(req('2', { ...q, CallStatus: 'NOANSWER' }, 25))).toEqual([]);
    // Its own event keys: the projector applies a key once, and round 1's hangup already used `…:2`.
    expect(n.hook(req('2', { ...q, CallStatus: 'ANSWER' }, 80))).toEqual([
      expect.objectContaining({ type: 'leg.end', legId: 'vn:210:qc1~r2', outcome: 'answered', key: 'hook:qc1:210~r2:2' }),
    ]);
    expect(n.liveLegs()).toEqual([]);
  });

  it("a snapshot taken before round 1's hangup arrived, or showing round 1's own view, opens nothing", () => {
    const { n } = roundOneRangOut();
    expect(n.poll(ringing('01'), { requestedAt: at(16), now: at(16) }).events).toEqual([]);
    expect(n.poll(ringing('03'), { requestedAt: at(14), now: at(16) }).events).toEqual([]);
    expect(n.liveLegs()).toEqual([]);
  });

  it('with every hook of round 2 lost, the polls still open it talking and end it answered', () => {
    const { n } = roundOneRangOut();
    expect(upserts(n.poll(talking('03'), { requestedAt: at(21), now: at(21) }).events)[0]).toMatchObject({ legId: 'vn:210:qc1~r2', state: 'talking' });
    n.poll([], { requestedAt: at(90), now: at(90) });
    expect(n.poll([], { requestedAt: at(92), now: at(92) }).events).toEqual([expect.objectContaining({ type: 'leg.end', legId: 'vn:210:qc1~r2', outcome: 'answered' })]);
  });

  it("round 1's hangup lost: a new view of the call on the same extension ends round 1 unanswered and opens round 2", () => {
    const { n } = setup();
    n.hook(req('0', { ...q, CallStatus: 'CALLING' }, 0));
    n.poll(ringing('01'), { requestedAt: at(2), now: at(2) });
    const r = n.poll(talking('03'), { requestedAt: at(21), now: at(21) });
    expect(r.events.map((e) => [e.type, e.type === 'leg.end' ? e.outcome : e.type === 'leg.upsert' ? e.leg.legId : ''])).toEqual([
      ['leg.end', 'no_answer'],
      ['leg.upsert', 'vn:210:qc1~r2'],
    ]);
    // A third round after round 2 rang out too.
    n.hook(req('2', { ...q, CallStatus: 'NOANSWER' }, 36));
    expect(upserts(n.poll(ringing('05'), { requestedAt: at(37), now: at(37) }).events)[0]).toMatchObject({ legId: 'vn:210:qc1~r3' });
  });

  // Chaos run 10, site D, 504 (calls 41a919f4… and 01ba8bc5…): the hooks lag the PBX, so a snapshot
  // showed round 2's view before round 1's NOANSWER hangup arrived; that hangup then ended round 2,
  // round 2's Answer was dropped as a hook of an ended call, and the tile stayed idle until a restart.
  it("round 1's hangup arriving after a snapshot opened round 2 is round 1's: round 2 lives on, answered", () => {
    const { n } = setup();
    n.hook(req('0', { ...q, CallStatus: 'CALLING' }, 0));
    n.poll(ringing('01'), { requestedAt: at(2), now: at(2) });
    expect(n.poll(ringing('03'), { requestedAt: at(15), now: at(15) }).events.map((e) => e.type === 'leg.upsert' && e.leg.legId)).toEqual([false, 'vn:210:qc1~r2']);
    expect(n.hook(req('2', { ...q, CallStatus: 'NOANSWER' }, 17))).toEqual([]);
    // Sent twice (a duplicate), before round 2's first hook: still round 1's.
    expect(n.hook(req('2', { ...q, CallStatus: 'NOANSWER' }, 17))).toEqual([]);
    expect(n.hook(req('0', { ...q, CallStatus: 'CALLING' }, 17))).toEqual([]);
    expect(upserts(n.hook(req('3', { ...q, CallStatus: 'ANSWER' }, 23)))[0]).toMatchObject({ legId: 'vn:210:qc1~r2', state: 'talking' });
    expect(n.hook(req('2', { ...q, CallStatus: 'ANSWER' }, 90))).toEqual([expect.objectContaining({ type: 'leg.end', legId: 'vn:210:qc1~r2', outcome: 'answered' })]);
    expect(n.liveLegs()).toEqual([]);
  });

  it('the same when round 1 was only ever seen by snapshots (its Dial-In sent while we were down)', () => {
    const { n } = setup();
    n.poll(ringing('01'), { requestedAt: at(4), now: at(4) });
    n.poll(ringing('03'), { requestedAt: at(16), now: at(16) });
    expect(n.hook(req('2', { ...q, CallStatus: 'NOANSWER' }, 17))).toEqual([]);
    // Round 2's Dial-In is the first this process sees of the call: it goes to round 2.
    expect(upserts(n.hook(req('0', { ...q, CallStatus: 'CALLING' }, 17)))[0]).toMatchObject({ legId: 'vn:210:qc1~r2', state: 'ringing' });
    expect(upserts(n.hook(req('3', { ...q, CallStatus: 'ANSWER' }, 25)))[0]).toMatchObject({ legId: 'vn:210:qc1~r2', state: 'talking' });
    expect(n.poll(talking('03'), { requestedAt: at(26), now: at(26) }).events).toEqual([]);
  });

  it("a round 2 opened by a snapshot after round 1's hangup still ends by its own NOANSWER hangup", () => {
    const { n } = roundOneRangOut();
    expect(n.hook(req('0', { ...q, CallStatus: 'CALLING' }, 16))).toEqual([]);
    n.poll(ringing('03'), { requestedAt: at(17), now: at(17) });
    expect(n.hook(req('2', { ...q, CallStatus: 'NOANSWER' }, 32))).toEqual([expect.objectContaining({ type: 'leg.end', legId: 'vn:210:qc1~r2', outcome: 'no_answer' })]);
  });

  it("round 1's hangup repeated before any hook of round 2 leaves the ringing round 2 alone", () => {
    const { n } = roundOneRangOut();
    n.poll(ringing('03'), { requestedAt: at(16), now: at(16) });
    expect(n.hook(req('2', { ...q, CallStatus: 'NOANSWER' }, 16))).toEqual([]);
    expect(n.hook(req('0', { ...q, CallStatus: 'CALLING' }, 17))).toEqual([]);
    expect(n.hook(req('2', { ...q, CallStatus: 'NOANSWER' }, 32))).toEqual([expect.objectContaining({ type: 'leg.end', legId: 'vn:210:qc1~r2', outcome: 'no_answer' })]);
  });

  it('after a restart, rounds the previous process saw end are read from storage: the next view is the next round', () => {
    const stored = new Map([['vn:210:qc1', at(15).getTime()], ['vn:210:qc1~r2', at(30).getTime()]]);
    const n = createVoipnowNormaliser({ connectionId: 'vn', extensions: ['0003*210'], storedEndedAt: (legId) => stored.get(legId) ?? null });
    expect(upserts(n.poll(talking('05'), { requestedAt: at(40), now: at(40) }).events)[0]).toMatchObject({ legId: 'vn:210:qc1~r3', state: 'talking' });
    // After the restart, round 3's Dial-In (identical to round 1's) must not reopen round 1's final leg.
    const m = createVoipnowNormaliser({ connectionId: 'vn', extensions: ['0003*210'], storedEndedAt: (legId) => stored.get(legId) ?? null });
    expect(m.hook(req('0', { ...q, CallStatus: 'CALLING' }, 39))).toEqual([]);
    expect(upserts(m.poll(ringing('05'), { requestedAt: at(40), now: at(40) }).events)[0]).toMatchObject({ legId: 'vn:210:qc1~r3' });
    // A call the store never saw opens as round 1.
    const other = [{ id: 'qc9', phoneCallView: [view({ id: '00', extension: '0003*210', source: ['0040212345679'], destination: ['0040319999999'], flow: '8', status: '3' })] }] as TPhoneCall[];
    expect(upserts(n.poll([...talking('05'), ...other], { requestedAt: at(42), now: at(42) }).events).map((l) => l.legId)).toEqual(['vn:210:qc9']);
  });
});

describe('VoipNow call history (CDR): legs every hook and snapshot missed', () => {
  const cdrCall = (id: string, views: Record<string, unknown>[]): TPhoneCall => ({ id, published: '2026-03-02T09:00:00+00:00', phoneCallView: views.map((v) => view(v)) });
  const missed = cdrCall('h1', [
    { id: '00', extension: '0003*211', source: ['0003*211'], destination: ['210'], flow: '2', status: '4', ringing: '2026-03-02T09:00:01+00:00', disposition: '3' },
    { id: '01', extension: '0003*210', source: ['0003*211'], destination: ['210'], flow: '2', status: '3', ringing: '2026-03-02T09:00:01+00:00', disposition: '3' },
  ]);

  it('stores each configured party of a call nobody saw, already ended with the disposition as outcome', () => {
    const { n } = setup();
    const r = n.history([missed]);
    expect(r.recovered).toBe(2);
    expect(r.events.map((e) => `${e.type} ${e.type === 'leg.upsert' ? `${e.leg.legId} ${e.leg.state}` : e.type === 'leg.end' ? `${e.legId} ${e.outcome}` : ''} ${e.at}`)).toEqual([
      'leg.upsert vn:211:h1 dialing 2026-03-02T09:00:01.000Z',
      'leg.end vn:211:h1 no_answer 2026-03-02T09:00:01.000Z',
      'leg.upsert vn:210:h1 ringing 2026-03-02T09:00:01.000Z',
      'leg.end vn:210:h1 no_answer 2026-03-02T09:00:01.000Z',
    ]);
    // Read again (the windows overlap), or its late hooks: nothing more.
    expect(n.history([missed]).events).toEqual([]);
    expect(n.hook(req('1', { CallID: 'h1', CallerExtension: '0003*211', CalledExtension: '0003*210', CalledNumber: '210', CallFlow: 'OUT', CallStatus: 'CALLING' }, 9))).toEqual([]);
  });

  it('an answered leg gets its answer time; legs we saw, or still show, are left alone', () => {
    const { n } = setup();
    n.hook(req('0', { ...inbound, CallID: 'h2', CallStatus: 'CALLING' }, 0));
    n.hook(req('2', { ...inbound, CallID: 'h2', CallStatus: 'NOANSWER' }, 15));
    n.hook(req('0', { ...inbound, CallID: 'h3', CalledExtension: '0003*211', CallStatus: 'CALLING' }, 20));
    const r = n.history([
      cdrCall('h2', [{ id: '00', extension: '0003*210', source: ['0040212345678'], destination: ['0040319999999'], flow: '8', ringing: '2026-03-02T09:00:00+00:00', disposition: '3' }]),
      cdrCall('h3', [{ id: '00', extension: '0003*211', source: ['0040212345678'], destination: ['0040319999999'], flow: '8', ringing: '2026-03-02T09:00:20+00:00', disposition: '3' }]),
      cdrCall('h4', [{ id: '00', extension: '0003*210', source: ['0040212340000'], destination: ['0040319999999'], flow: '8', ringing: '2026-03-02T09:00:30+00:00', answered: '2026-03-02T09:00:34+00:00', disposition: '0' }]),
    ]);
    expect(r.events.map((e) => `${e.type} ${e.type === 'leg.upsert' ? e.leg.state : e.type === 'leg.end' ? e.outcome : ''} ${e.at}`)).toEqual([
      'leg.upsert ringing 2026-03-02T09:00:30.000Z',
      'leg.upsert talking 2026-03-02T09:00:34.000Z',
      'leg.end answered 2026-03-02T09:00:34.000Z',
    ]);
  });

  it('a re-rung agent: the views after the rounds we know become the next rounds', () => {
    const { n } = setup();
    n.hook(req('0', { ...inbound, CallID: 'h5', CallStatus: 'CALLING' }, 0));
    n.hook(req('2', { ...inbound, CallID: 'h5', CallStatus: 'NOANSWER' }, 15));
    const r = n.history([
      cdrCall('h5', [
        { id: '01', extension: '0003*210', source: ['0040212345678'], destination: ['0040319999999'], flow: '8', ringing: '2026-03-02T09:00:00+00:00', disposition: '3' },
        { id: '03', extension: '0003*210', source: ['0040212345678'], destination: ['0040319999999'], flow: '8', ringing: '2026-03-02T09:00:16+00:00', answered: '2026-03-02T09:00:20+00:00', disposition: '0' },
      ]),
    ]);
    expect(r.recovered).toBe(1);
    expect(r.events.at(-1)).toMatchObject({ type: 'leg.end', legId: 'vn:210:h5~r2', outcome: 'answered' });
  });

  it('a hook CallID other than the PhoneCall id (A23): a leg we ended with that party at that time counts as seen', () => {
    const { n } = setup();
    n.hook(req('0', { ...inbound, CallID: 'hook-side-id', CallStatus: 'CALLING' }, 0));
    n.hook(req('2', { ...inbound, CallID: 'hook-side-id', CallStatus: 'NOANSWER' }, 15));
    const r = n.history([cdrCall('pc-id', [{ id: '00', extension: '0003*210', source: ['0040212345678'], destination: ['0040319999999'], flow: '8', ringing: '2026-03-02T09:00:01+00:00', disposition: '3' }])]);
    expect(r.events).toEqual([]);
  });
});

describe('VoipNow restart: legs a previous process stored', () => {
  const stored = (legId: string, vendorCallId: string) => [
    {
      id: 'vn:210', connectionId: 'vn', number: '210', name: null, kind: 'phone' as const, state: 'talking' as const, since: T0.toISOString(),
      calls: [{ id: legId, vendorCallId, direction: 'inbound' as const, peer: { number: '0040212345678', name: null }, state: 'talking' as const, startedAt: T0.toISOString(),
        answeredAt: T0.toISOString(), queueId: null, recording: 'off' as const, canAnswer: false }],
    },
  ];

  it('keeps a stored leg the server still lists, under its id, and its hangup ends it answered', () => {
    const { n } = setup();
    expect(n.restore(stored('vn:210:c1', 'c1'), at(1))).toBe(1);
    const snap = [call('c1', [{ extension: '0003*210', source: ['0040212345678'], destination: ['0003*210'], flow: '8', status: '4' }])];
    expect(n.poll(snap, { requestedAt: at(2), now: at(2) }).opened).toBe(0);
    const hangup = n.hook(req('2', { ...inbound, CallStatus: 'ANSWER' }, 3));
    expect(hangup).toEqual([expect.objectContaining({ type: 'leg.end', legId: 'vn:210:c1', outcome: 'answered' })]);
  });

  it('ends a stored leg the server no longer has, as answered since it was', () => {
    const { n } = setup();
    n.restore(stored('vn:210:gone', 'gone'), at(1));
    expect(n.poll([], { requestedAt: at(2), now: at(2) }).ended).toBe(0);
    const r = n.poll([], { requestedAt: at(4), now: at(4) });
    expect(r.events).toEqual([expect.objectContaining({ type: 'leg.end', legId: 'vn:210:gone', outcome: 'answered' })]);
  });
});
