import { describe, expect, it } from 'vitest';
import type { LegFacts, PbxEvent } from '@/server/domain/pbx-event';
import { ACCOUNTS, account, EXTERNAL, internal, line, notification, QUEUES, SERVER_UUID, sequences, steps, T0 } from './fixtures';
import { createSwitchvoxNormaliser, type SwitchvoxIssue } from './normalise';

type Upsert = Extract<PbxEvent, { type: 'leg.upsert' }>;
type End = Extract<PbxEvent, { type: 'leg.end' }>;
type Resync = Extract<PbxEvent, { type: 'extensions.resync' }>;
const upserts = (events: PbxEvent[]) => events.filter((e): e is Upsert => e.type === 'leg.upsert');
const ends = (events: PbxEvent[]) => events.filter((e): e is End => e.type === 'leg.end');
const legs = (events: PbxEvent[]): LegFacts[] => upserts(events).map((e) => e.leg);
const serverTimeOf = (message: unknown) => Number((message as { params?: { serverTime?: number } }).params?.serverTime ?? T0);
const iso = (ms: number) => new Date(ms).toISOString();

/** `skewMs`: how far the PBX clock runs ahead of ours; each message is received at its serverTime − skew. */
function setup(options: { tombstoneMs?: number } = {}) {
  const issues: SwitchvoxIssue[] = [];
  const n = createSwitchvoxNormaliser({ connectionId: 'sv', accounts: ACCOUNTS, queues: QUEUES, onIssue: (i) => issues.push(i), ...options });
  const feedOne = (message: unknown, receivedAt = new Date(serverTimeOf(message))) => n.notification(message, receivedAt);
  const feed = (messages: unknown[], skewMs = 0) => messages.flatMap((m) => n.notification(m, new Date(serverTimeOf(m) - skewMs)));
  return { n, feed, feedOne, issues };
}

describe('Switchvox normaliser: §7.2 sequences', () => {
  it('inbound answered: ringing → talking → end answered, one leg keyed by account extension and uniqueId', () => {
    const { feed } = setup();
    const events = feed(sequences.inboundAnswered);
    expect(events.map((e) => e.type)).toEqual(['leg.upsert', 'leg.upsert', 'leg.end']);
    expect(legs(events)[0]).toEqual({
      extension: '101',
      legId: 'sv:101:1714557600.101',
      vendorCallId: '1714557600.101',
      direction: 'inbound',
      peer: { number: '8585551212', name: 'Jane Doe' },
      state: 'ringing',
      queueNumber: null,
      canAnswer: false,
    });
    expect(legs(events)[1]?.state).toBe('talking');
    expect(ends(events)).toEqual([
      expect.objectContaining({
        extension: '101',
        legId: 'sv:101:1714557600.101',
        outcome: 'answered',
        key: '101:1714557600.101:end',
        at: iso(T0 + 2000),
      }),
    ]);
    expect(events[0]).toMatchObject({ connectionId: 'sv', key: `101:1714557600.101:${T0}:ringing`, at: iso(T0), raw: sequences.inboundAnswered[0] });
  });

  it('a line first seen mid-call (a subscription the PBX refused for a while) starts at its startTime, not when we heard of it', () => {
    const { feed } = setup();
    const [first] = upserts(feed([notification(line({ uniqueId: '1700000000.77', accountId: ACCOUNTS[0]!.accountId, status: 'onThePhone', startTime: T0, serverTime: T0 + 17_000 }))]));
    expect(first?.at).toBe(iso(T0));
    // Later notifications of the line are timed by their own serverTime.
    const [next] = upserts(feed([notification(line({ uniqueId: '1700000000.77', accountId: ACCOUNTS[0]!.accountId, status: 'onHold', startTime: T0, serverTime: T0 + 20_000 }))]));
    expect(next?.at).toBe(iso(T0 + 20_000));
  });

  it('inbound missed: ringing → idle ends as no_answer', () => {
    const { feed } = setup();
    const events = feed(sequences.inboundMissed);
    expect(ends(events).map((e) => e.outcome)).toEqual(['no_answer']);
  });

  it('outbound between extensions: dialing outbound, then internal once the remote is an account; the callee rings internal', () => {
    const { feed } = setup();
    const caller = legs(feed(sequences.outbound101));
    expect(caller.map((l) => [l.state, l.direction, l.peer.number, l.peer.name])).toEqual([
      ['dialing', 'outbound', '', null],
      ['dialing', 'internal', '102', 'Bob'],
      ['talking', 'internal', '102', 'Bob'],
    ]);
    const callee = feed(sequences.outbound102);
    expect(legs(callee).map((l) => [l.extension, l.state, l.direction, l.peer.name])).toEqual([
      ['102', 'ringing', 'internal', 'Zoë Ångström'],
      ['102', 'talking', 'internal', 'Zoë Ångström'],
    ]);
    expect(ends(callee)[0]?.outcome).toBe('answered');
  });

  it('outbound unanswered (busy / no answer): ends as cancelled', () => {
    const { feed } = setup();
    const events = feed(sequences.outboundExternalUnanswered);
    expect(legs(events).map((l) => [l.state, l.direction, l.peer.number])).toEqual([
      ['dialing', 'outbound', ''],
      ['dialing', 'outbound', '8585551212'],
    ]);
    expect(ends(events)[0]?.outcome).toBe('cancelled');
  });

  it('hold: talking → held → talking, answered', () => {
    const { feed } = setup();
    const events = feed(sequences.hold);
    expect(legs(events).map((l) => l.state)).toEqual(['ringing', 'talking', 'held', 'talking']);
    expect(ends(events)[0]?.outcome).toBe('answered');
  });

  it('blind transfer: the transferor’s line ends, the target gets a new inbound leg from the caller', () => {
    const { feed } = setup();
    const events = feed([...sequences.blindTransfer101, ...sequences.blindTransfer102].sort((a, b) => serverTimeOf(a) - serverTimeOf(b)));
    expect(ends(events).map((e) => [e.legId, e.outcome])).toEqual([
      ['sv:101:1714557600.130', 'answered'],
      ['sv:102:1714557600.131', 'answered'],
    ]);
    expect(legs(events).filter((l) => l.extension === '102')[0]).toMatchObject({ state: 'ringing', direction: 'inbound', peer: EXTERNAL });
  });

  it('attended transfer: A held, B consults 102, 102 keeps its leg while its remote changes to the caller', () => {
    const { feed } = setup();
    const events = feed(sequences.attended);
    const on102 = upserts(events).filter((e) => e.leg.extension === '102');
    expect(on102.map((e) => [e.leg.legId, e.leg.state, e.leg.direction, e.leg.peer.number])).toEqual([
      ['sv:102:1714557600.142', 'ringing', 'internal', '101'],
      ['sv:102:1714557600.142', 'talking', 'internal', '101'],
      // Same status, new remote (§7.1): applied, under its own key.
      ['sv:102:1714557600.142', 'talking', 'inbound', '8585551212'],
    ]);
    expect(new Set(on102.map((e) => e.key)).size).toBe(3);
    expect(legs(events).filter((l) => l.legId === 'sv:101:1714557600.140').map((l) => l.state)).toEqual(['talking', 'held']);
    expect(ends(events).map((e) => [e.legId, e.outcome])).toEqual([
      ['sv:101:1714557600.140', 'answered'],
      ['sv:101:1714557600.141', 'answered'],
    ]);
  });

  it('conference: the peer is the bridge; participants joining change nothing visible', () => {
    const { feed } = setup();
    const events = feed(sequences.conference);
    expect(legs(events).map((l) => [l.state, l.peer])).toEqual([
      ['dialing', { number: '', name: null }],
      ['talking', { number: '8000', name: 'Sales bridge' }],
    ]);
    expect(ends(events)[0]?.outcome).toBe('answered');
  });

  it('conference given as a bare `true`: shown as a conference', () => {
    const { feedOne } = setup();
    const events = feedOne(notification(line({ uniqueId: '9.1', accountId: 1101, status: 'onThePhone', serverTime: T0, conference: true })));
    expect(legs(events)[0]?.peer).toEqual({ number: '', name: 'Conference' });
  });

  it('queue ring-all: both agents ring through queue 600; the one that answers talks, the other misses', () => {
    const { feed } = setup();
    const events = feed(sequences.queueRingAll);
    expect(legs(events).map((l) => [l.extension, l.state, l.queueNumber])).toEqual([
      ['101', 'ringing', '600'],
      ['102', 'ringing', '600'],
      ['101', 'talking', '600'],
    ]);
    expect(ends(events).map((e) => [e.extension, e.outcome])).toEqual([
      ['102', 'no_answer'],
      ['101', 'answered'],
    ]);
  });

  it('a queue that is not configured shows as q<accountId>', () => {
    const { feedOne } = setup();
    const events = feedOne(notification(line({ uniqueId: '9.2', accountId: 1101, status: 'ringing', serverTime: T0, queueId: account(1777) })));
    expect(legs(events)[0]?.queueNumber).toBe('q1777');
  });

  it('intercom: the originator dials; the target goes straight to talking (auto-answer)', () => {
    const { feed } = setup();
    expect(legs(feed(sequences.intercomOriginator)).map((l) => l.state)).toEqual(['dialing', 'dialing', 'talking']);
    const target = feed(sequences.intercomTarget);
    expect(legs(target)).toEqual([expect.objectContaining({ extension: '102', state: 'talking', direction: 'internal' })]);
    expect(ends(target)[0]?.outcome).toBe('answered');
  });
});

describe('Switchvox normaliser: dial (§7.3)', () => {
  it('the ringing leg on the caller’s own device is outbound, showing the number we asked to dial', () => {
    const { n, feed } = setup();
    n.noteDial('req-1', '8585551212');
    const events = feed(sequences.dial);
    expect(legs(events).map((l) => [l.state, l.direction, l.peer.number])).toEqual([
      ['ringing', 'outbound', '8585551212'],
      ['dialing', 'outbound', '8585551212'],
      ['talking', 'outbound', '8585551212'],
    ]);
    expect(ends(events)[0]?.outcome).toBe('answered');
  });

  it('an unanswered dial (the caller never picked up) is cancelled, not a missed call', () => {
    const { feed } = setup();
    const events = feed(sequences.dialUnanswered);
    expect(legs(events)[0]).toMatchObject({ direction: 'outbound', peer: { number: '' } });
    expect(ends(events)[0]?.outcome).toBe('cancelled');
  });
});

describe('Switchvox normaliser: ordering, idempotence, tombstones (§11.6, §11.7)', () => {
  const [ringing, talking, idle] = sequences.inboundAnswered as [unknown, unknown, unknown];

  it('drops a notification older than the last applied one', () => {
    const { feedOne, issues } = setup();
    expect(upserts(feedOne(talking))).toHaveLength(1);
    expect(feedOne(ringing, new Date(T0 + 1500))).toEqual([]);
    expect(issues).toEqual([expect.objectContaining({ kind: 'dropped', reason: 'older than the last applied notification' })]);
  });

  it('an exact duplicate changes nothing; so does a newer repeat with the same facts', () => {
    const { feedOne } = setup();
    expect(feedOne(ringing)).toHaveLength(1);
    expect(feedOne(ringing)).toEqual([]);
    const repeat = notification(line({ uniqueId: '1714557600.101', accountId: 1101, status: 'ringing', serverTime: T0 + 500, remotes: [EXTERNAL] }));
    expect(feedOne(repeat)).toEqual([]);
    expect(legs(feedOne(talking))[0]?.state).toBe('talking');
  });

  it('equal serverTime with different facts: later arrival wins, under a distinct key', () => {
    const { feedOne } = setup();
    const a = notification(line({ uniqueId: '7.1', accountId: 1101, status: 'onThePhone', serverTime: T0, remotes: [EXTERNAL] }));
    const bo = { name: 'Bo', number: '555' };
    const b = notification(line({ uniqueId: '7.1', accountId: 1101, status: 'onThePhone', serverTime: T0, remotes: [bo] }));
    const [first] = upserts(feedOne(a));
    const [second] = upserts(feedOne(b));
    expect(second?.leg.peer).toEqual({ number: '555', name: 'Bo' });
    expect(first?.key).toBe(`101:7.1:${T0}:onThePhone`);
    expect(second?.key).toBe(`101:7.1:${T0}:onThePhone#1`);
  });

  it('a queueId change without a status change is applied', () => {
    const { feedOne } = setup();
    feedOne(notification(line({ uniqueId: '7.2', accountId: 1101, status: 'onThePhone', serverTime: T0, remotes: [EXTERNAL] })));
    const queued = line({ uniqueId: '7.2', accountId: 1101, status: 'onThePhone', serverTime: T0 + 1, remotes: [EXTERNAL], queueId: account(1600) });
    const events = feedOne(notification(queued));
    expect(legs(events)[0]?.queueNumber).toBe('600');
  });

  it('ignores a line after its idle (tombstone), including a duplicate idle, until the tombstone expires', () => {
    const { feedOne, issues } = setup({ tombstoneMs: 60_000 });
    feedOne(ringing);
    expect(ends(feedOne(idle))).toHaveLength(1);
    expect(feedOne(idle)).toEqual([]);
    expect(feedOne(talking, new Date(T0 + 30_000))).toEqual([]);
    expect(issues.map((i) => i.reason)).toEqual(['line already ended', 'line already ended']);
    // uniqueIds are never reused (§5.2); after the tombstone the memory is simply gone.
    expect(upserts(feedOne(talking, new Date(T0 + 2000 + 60_001)))).toHaveLength(1);
  });

  it('an idle for a line never seen live that lasted long enough to be answered emits nothing (the stale sweep owns such legs)', () => {
    const { feedOne, issues } = setup();
    expect(feedOne(idle)).toEqual([]);
    expect(issues[0]).toMatchObject({ kind: 'dropped', reason: 'idle for a line never seen live' });
  });

  it('a brief line whose idle came alone (its starting reordered behind it: chaos B 311) is stored, ended unanswered', () => {
    const { feedOne } = setup();
    const base = { uniqueId: '1714557600.300', accountId: 1101, direction: 'toPbx', startTime: T0, remotes: [internal('102')] };
    const alone = notification(line({ ...base, status: 'idle', serverTime: T0 + 40 }));
    const events = feedOne(alone);
    expect(events.map((e) => e.type)).toEqual(['leg.upsert', 'leg.end']);
    expect(legs(events)[0]).toMatchObject({ legId: 'sv:101:1714557600.300', state: 'dialing', direction: 'internal', peer: { number: '102' } });
    expect(upserts(events)[0]?.at).toBe(iso(T0));
    expect(ends(events)[0]).toMatchObject({ outcome: 'cancelled' });
    // The starting that was held back comes after its idle: the line has ended.
    expect(feedOne(notification(line({ ...base, status: 'starting', serverTime: T0 }))), 'late starting').toEqual([]);
  });

  it('keeps lines of different accounts apart even with the same uniqueId', () => {
    const { feedOne } = setup();
    const a = feedOne(notification(line({ uniqueId: '5.5', accountId: 1101, status: 'ringing', serverTime: T0 })));
    const b = feedOne(notification(line({ uniqueId: '5.5', accountId: 1102, status: 'ringing', serverTime: T0 })));
    expect([...legs(a), ...legs(b)].map((l) => l.legId)).toEqual(['sv:101:5.5', 'sv:102:5.5']);
  });

  it('compares uniqueIds as text: 99.100 and 99.1 are different lines', () => {
    const { feedOne } = setup();
    feedOne(notification(line({ uniqueId: '99.100', accountId: 1101, status: 'ringing', serverTime: T0 })));
    const events = feedOne(notification(line({ uniqueId: '99.1', accountId: 1101, status: 'ringing', serverTime: T0 })));
    expect(legs(events)[0]?.legId).toBe('sv:101:99.1');
  });
});

describe('Switchvox normaliser: time (§6.4, §7.4)', () => {
  it('reads serverTime in seconds and as ISO-8601', () => {
    const { feedOne } = setup();
    const seconds = notification(line({ uniqueId: '8.1', accountId: 1101, status: 'ringing', serverTime: T0 / 1000 }));
    const isoTime = notification(line({ uniqueId: '8.2', accountId: 1101, status: 'ringing', serverTime: '2024-05-01T10:00:01.000Z' }));
    expect(feedOne(seconds, new Date(T0))[0]).toMatchObject({ at: iso(T0), key: `101:8.1:${T0}:ringing` });
    expect(feedOne(isoTime, new Date(T0 + 1000))[0]?.at).toBe(iso(T0 + 1000));
  });

  it('converts serverTime to our clock with the offset of the latest notification', () => {
    const { n, feed, feedOne } = setup();
    // The PBX clock runs 5 s ahead of ours.
    const events = feed(sequences.inboundAnswered.slice(0, 2), 5_000);
    expect(events.map((e) => e.at)).toEqual([iso(T0 - 5_000), iso(T0 + 1000 - 5_000)]);
    expect(n.clockOffsetMs()).toBe(5_000);
    // A delayed, older notification (another line) keeps its own time on our clock.
    const late = notification(line({ uniqueId: '8.3', accountId: 1102, status: 'ringing', serverTime: T0 + 200 }));
    expect(feedOne(late, new Date(T0 + 3_000 - 5_000))[0]?.at).toBe(iso(T0 + 200 - 5_000));
    expect(n.clockOffsetMs()).toBe(5_000);
  });

  it('skips a notification whose serverTime is not a Timestamp', () => {
    const { feedOne, issues } = setup();
    expect(feedOne(notification(line({ uniqueId: '8.4', accountId: 1101, status: 'ringing', serverTime: 'yesterday' })), new Date(T0))).toEqual([]);
    expect(issues[0]).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('serverTime') });
  });
});

describe('Switchvox normaliser: tolerance (§5.1, §11.8)', () => {
  const yamada = { name: '山田 太郎', number: '0312345678' };
  const params = line({ uniqueId: '6.1', accountId: 1101, status: 'ringing', serverTime: T0, remotes: [yamada] });

  it('accepts the event data under `result` instead of `params`', () => {
    const { feedOne } = setup();
    const events = feedOne({ jsonrpc: '2.0', method: 'state.change.extension.line', result: params });
    expect(legs(events)[0]?.peer).toEqual({ number: '0312345678', name: '山田 太郎' });
  });

  it('processes a notification that carries an id, reporting the deviation', () => {
    const { feedOne, issues } = setup();
    expect(upserts(feedOne({ ...notification(params), id: 12 }))).toHaveLength(1);
    expect(issues).toEqual([expect.objectContaining({ kind: 'deviation', reason: 'notification carries an id (§5.1)' })]);
  });

  it('takes the only subscribed topic when `method` is missing; skips other topics', () => {
    const { feedOne, issues } = setup();
    expect(upserts(feedOne({ jsonrpc: '2.0', params }))).toHaveLength(1);
    expect(feedOne({ jsonrpc: '2.0', method: 'state.change.parkingSpace', params: { ...params, uniqueId: '6.2' } })).toEqual([]);
    expect(issues[0]?.reason).toBe('topic "state.change.parkingSpace" not subscribed');
  });

  it.each<[string, unknown]>([
    ['no jsonrpc', { method: 'state.change.extension.line', params }],
    ['jsonrpc 1.0', { jsonrpc: '1.0', method: 'state.change.extension.line', params }],
    ['no data', { jsonrpc: '2.0', method: 'state.change.extension.line' }],
    ['no uniqueId', notification({ ...params, uniqueId: undefined })],
    ['a numeric uniqueId', notification({ ...params, uniqueId: 99.1 })],
    ['no status', notification({ ...params, status: undefined })],
    ['no account', notification({ ...params, account: undefined })],
    ['a string', 'hello'],
  ])('skips a notification with %s, never throwing', (_name, message) => {
    const { feedOne, issues } = setup();
    expect(feedOne(message, new Date(T0))).toEqual([]);
    expect(issues[0]?.kind).toBe('invalid');
  });

  it('skips an account that is not watched', () => {
    const { feedOne, issues } = setup();
    expect(feedOne(notification({ ...params, account: account(4242) }))).toEqual([]);
    expect(issues[0]?.reason).toBe('account 4242 is not watched');
  });

  it('accepts accountId as a numeric string and learns the serverUuid', () => {
    const { n, feedOne } = setup();
    expect(n.serverUuid()).toBeNull();
    const events = feedOne(notification({ ...params, account: { accountId: '1102', serverUuid: SERVER_UUID } }));
    expect(legs(events)[0]?.extension).toBe('102');
    expect(n.serverUuid()).toBe(SERVER_UUID);
  });

  it('keeps a line with an unknown status active: its previous state, or talking when new', () => {
    const { feedOne, issues } = setup();
    feedOne(notification(params));
    const odd = feedOne(notification({ ...params, status: 'parked', serverTime: T0 + 1000 }));
    expect(odd).toEqual([]);
    const fresh = feedOne(notification({ ...params, uniqueId: '6.3', status: 'parked', serverTime: T0 + 1000 }));
    expect(legs(fresh)[0]?.state).toBe('talking');
    expect(issues.map((i) => [i.kind, i.reason])).toEqual([
      ['deviation', 'unknown status "parked" kept as an active line'],
      ['deviation', 'unknown status "parked" kept as an active line'],
    ]);
    // …and it still ends on idle.
    expect(ends(feedOne(notification({ ...params, status: 'idle', serverTime: T0 + 2000 })))).toHaveLength(1);
  });

  it('keeps an unknown direction raw: reported, and the leg guessed from its state', () => {
    const { feedOne, issues } = setup();
    const events = feedOne(notification({ ...params, direction: 'sideways' }));
    expect(legs(events)[0]?.direction).toBe('inbound');
    expect(issues[0]).toMatchObject({ kind: 'deviation', reason: 'unknown direction "sideways"' });
    const out = feedOne(notification({ ...params, uniqueId: '6.4', direction: 'sideways', status: 'calling' }));
    expect(legs(out)[0]?.direction).toBe('outbound');
  });

  it('tolerates missing optional members and unknown members', () => {
    const { feedOne } = setup();
    const minimal = { uniqueId: '6.5', account: { accountId: 1101 }, status: 'ringing', serverTime: T0, somethingNew: { a: 1 } };
    const events = feedOne(notification(minimal));
    expect(legs(events)[0]).toMatchObject({ state: 'ringing', direction: 'inbound', peer: { number: '', name: null }, queueNumber: null });
  });
});

describe('Switchvox normaliser: resync after reconnect (§11.5)', () => {
  it('ends lines not revived since markAllStale, then states the live ones authoritatively', () => {
    const { n, feed, feedOne } = setup();
    feed([sequences.inboundAnswered[0], ...sequences.hold.slice(0, 2), ...sequences.dial.slice(0, 1)]);
    expect(n.markAllStale()).toBe(3);
    n.subscribed(new Date(T0 + 60_000));
    expect(n.nextStaleDeadline()).toEqual(new Date(T0 + 120_000));
    // The held call is replayed (initial snapshot): revived.
    feedOne(notification(line({ uniqueId: '1714557600.120', accountId: 1101, status: 'onThePhone', serverTime: T0 + 60_000, remotes: [EXTERNAL] })));
    const now = new Date(T0 + 120_000);
    const events = n.endStale(now);
    expect(ends(events).map((e) => [e.legId, e.outcome, e.at, e.key])).toEqual([
      ['sv:101:1714557600.101', 'no_answer', iso(T0 + 120_000), '101:1714557600.101:end'],
      ['sv:101:1714557600.180', 'cancelled', iso(T0 + 120_000), '101:1714557600.180:end'],
    ]);
    const resync = events.at(-1) as Resync;
    expect(resync).toMatchObject({ type: 'extensions.resync', extensions: ['101', '102', '103'], at: iso(T0 + 120_000) });
    expect(resync.legs.map((l) => l.legId)).toEqual(['sv:101:1714557600.120']);
    // The ended lines are tombstoned: a late notification cannot bring them back.
    expect(feedOne(sequences.inboundAnswered[1], new Date(T0 + 121_000))).toEqual([]);
    expect(n.nextStaleDeadline()).toBeNull();
  });

  it('with nothing stale, the sweep is just a resync of what is live', () => {
    const { n, feed } = setup();
    feed(sequences.inboundAnswered.slice(0, 2));
    n.subscribed(new Date(T0));
    expect(n.endStale(new Date(T0 + 60_000)).map((e) => e.type)).toEqual(['extensions.resync']);
  });

  it('a reconnect does not restart the wait of a line already stale; a line new since then gets its own', () => {
    const { n, feed } = setup();
    feed(sequences.inboundAnswered.slice(0, 2));
    n.markAllStale();
    n.subscribed(new Date(T0 + 10_000));
    feed(sequences.hold.slice(0, 2));
    // Dropped and re-subscribed 20 s later: the answered call is still not named.
    n.markAllStale();
    n.subscribed(new Date(T0 + 30_000));
    expect(n.endStale(new Date(T0 + 69_999))).toEqual([]);
    expect(ends(n.endStale(new Date(T0 + 70_000))).map((e) => [e.legId, e.outcome])).toEqual([['sv:101:1714557600.101', 'answered']]);
    expect(n.nextStaleDeadline()).toEqual(new Date(T0 + 90_000));
    expect(ends(n.endStale(new Date(T0 + 90_000))).map((e) => e.legId)).toEqual(['sv:101:1714557600.120']);
  });

  it('nothing is ended before a subscribe has been answered', () => {
    const { n, feed } = setup();
    feed(sequences.inboundAnswered.slice(0, 2));
    n.markAllStale();
    expect(n.nextStaleDeadline()).toBeNull();
    expect(n.endStale(new Date(T0 + 3_600_000))).toEqual([]);
  });
});

describe('Switchvox normaliser: known extensions', () => {
  it('lists accounts as phones and queues as queues, with their names', () => {
    const { n } = setup();
    expect(n.known(new Date(T0))).toMatchObject({
      type: 'extensions.known',
      connectionId: 'sv',
      at: iso(T0),
      extensions: [
        { number: '101', name: 'Zoë Ångström', kind: 'phone' },
        { number: '102', name: 'Bob', kind: 'phone' },
        { number: '103', name: null, kind: 'phone' },
        { number: '600', name: 'Sales', kind: 'queue' },
      ],
    });
  });
});

describe('fixtures', () => {
  it('every sequence carries the full §5.2 member set and one idle per line at most', () => {
    for (const [name, list] of Object.entries(sequences)) {
      const idles = new Map<string, number>();
      for (const message of list) {
        const p = (message as { params: Record<string, unknown> }).params;
        const members = ['uniqueId', 'account', 'endpoint', 'status', 'direction', 'remotes', 'startTime', 'serverTime', 'queueId'];
        expect(Object.keys(p), name).toEqual(expect.arrayContaining(members));
        if (p.status === 'idle') idles.set(String(p.uniqueId), (idles.get(String(p.uniqueId)) ?? 0) + 1);
      }
      expect([...idles.values()].every((count) => count === 1), name).toBe(true);
    }
    expect(steps({ uniqueId: 'x', accountId: 1101 }, T0, [['ringing'], ['idle']])).toHaveLength(2);
    expect(internal('102').account.accountId).toBe(1102);
  });
});
