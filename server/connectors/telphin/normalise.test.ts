import { describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/client';
import { loadBoardState } from '@/db/queries/load-board-state';
import { createProjectorStore } from '@/db/queries/projector-store';
import { calls } from '@/db/schema';
import type { WebhookRequest } from '@/server/connectors/connector';
import type { LegFacts, PbxEvent } from '@/server/domain/pbx-event';
import { Projector } from '@/server/domain/projector';
import {
  CALLER, RECEIVED, T0_US, directory, ext, hookRequest, internalCall, observedDirectory, sequenceA, sequenceAUnanswered, sequenceB,
  sequenceBRingAll, sequenceC, sequenceD, sequenceDOtherSource, sequenceE, shuffled, sub,
} from './fixtures';
import { createTelphinNormaliser, type TelphinIssue } from './normalise';
import type { TelphinExtension } from './extension-directory';

type Upsert = Extract<PbxEvent, { type: 'leg.upsert' }>;
type End = Extract<PbxEvent, { type: 'leg.end' }>;

function setup(list: TelphinExtension[] = directory, monitored?: string[]) {
  const issues: TelphinIssue[] = [];
  const n = createTelphinNormaliser({ connectionId: 'ru', onIssue: (i) => issues.push(i) });
  n.setDirectory(list, new Set(monitored ?? list.map((e) => e.id)));
  const feed = (rows: WebhookRequest[]) => rows.flatMap((r) => n.hook(r));
  return { n, issues, feed };
}

/** `upsert 101 ringing` / `end 101 no_answer`: the board-relevant gist of a batch. */
function gist(events: PbxEvent[]): string[] {
  return events.map((e) => {
    if (e.type === 'leg.upsert') return `upsert ${e.leg.extension} ${e.leg.state}${e.leg.queueNumber ? ` q${e.leg.queueNumber}` : ''}`;
    if (e.type === 'leg.end') return `end ${e.extension} ${e.outcome}`;
    return e.type;
  });
}

const upserts = (events: PbxEvent[]) => events.filter((e): e is Upsert => e.type === 'leg.upsert');
const ends = (events: PbxEvent[]) => events.filter((e): e is End => e.type === 'leg.end');
const legOf = (events: PbxEvent[], extension: string): LegFacts | undefined => upserts(events).find((e) => e.leg.extension === extension)?.leg;
const iso = (us: number) => new Date(Math.floor(us / 1000)).toISOString();

describe('Telphin normaliser: §6.5 A, external call to a phone', () => {
  it('rings, talks and ends answered, keyed by SubCallID with CallID as callKey', () => {
    const { feed } = setup();
    const a = sequenceA();
    const events = feed(a.rows);
    expect(gist(events)).toEqual(['upsert 101 ringing', 'upsert 101 talking', 'end 101 answered']);
    const subCallId = sub('176', 'A-L1');
    expect(legOf(events, '101')).toEqual({
      extension: '101',
      legId: `ru:101:${subCallId}`,
      vendorCallId: subCallId,
      direction: 'inbound',
      // §5.2: the PBX repeats the number as the name of an external caller.
      peer: { number: CALLER, name: null },
      state: 'ringing',
      queueNumber: null,
      canAnswer: false,
      callKey: a.callId,
    });
    expect(events.map((e) => e.at)).toEqual([iso(T0_US), iso(T0_US + 1_000_000), iso(T0_US + 2_000_000)]);
    expect(events.map((e) => e.key)).toEqual([
      `${subCallId}:dial-in:${T0_US}`,
      `${subCallId}:answer:${T0_US + 1_000_000}`,
      `${subCallId}:hangup:${T0_US + 2_000_000}`,
    ]);
    expect(ends(events)[0]).toMatchObject({ legId: `ru:101:${subCallId}`, connectionId: 'ru' });
    expect(events[0]?.raw).toEqual({ event: 'dial-in', params: a.rows[0]?.params });
  });

  it.each([
    ['NOANSWER', 'no_answer'],
    ['CANCEL', 'cancelled'],
    ['BUSY', 'busy'],
    ['CONGESTION', 'failed'],
    ['CHANUNAVAIL', 'failed'],
  ])('unanswered with CallStatus %s ends %s', (status, outcome) => {
    const { feed } = setup();
    expect(gist(feed(sequenceAUnanswered(status).rows))).toEqual(['upsert 101 ringing', `end 101 ${outcome}`]);
  });
});

describe('Telphin normaliser: §6.5 B, queue with two agents, the second answers', () => {
  it('puts the caller on the queue (ringing → talking → answered) and each offer on the agent’s phone', () => {
    const { feed } = setup();
    const b = sequenceB();
    const perRow = b.rows.map((row) => gist(feed([row])));
    expect(perRow).toEqual([
      ['upsert 300 ringing'], // 1 in thread: the caller waits
      [], // 2 out thread: the agent's phone reports the offer itself
      ['upsert 101 ringing q300'], // 3
      [], // 4
      ['end 101 no_answer'], // 5
      [], // 6
      ['upsert 102 ringing q300'], // 7
      ['upsert 300 talking'], // 8 the queue's out-thread answer bridges the waiting caller
      ['upsert 102 talking q300'], // 9
      ['end 102 answered'], // 10
      [], // 11
      ['end 300 answered'], // 12 Bridged=yes
    ]);
  });

  it('keys the waiting caller by the in-thread SubCallID and groups every leg under the CallID', () => {
    const { feed } = setup();
    const b = sequenceB();
    const events = feed(b.rows);
    expect(legOf(events, '300')).toMatchObject({
      legId: `ru:300:${sub('180', 'B-Q0')}`,
      direction: 'inbound',
      peer: { number: CALLER, name: 'Иван Петров' },
      queueNumber: null,
      callKey: b.callId,
    });
    expect(new Set(upserts(events).map((e) => e.leg.callKey))).toEqual(new Set([b.callId]));
    expect(upserts(events).find((e) => e.leg.extension === '300' && e.leg.state === 'talking')?.key).toBe(`ru:300:${sub('180', 'B-Q0')}:bridged`);
  });

  it('ends the caller no_answer/cancelled when nobody answers (Bridged=no)', () => {
    const { feed } = setup();
    expect(gist(feed(sequenceB('B-none', { bridged: 'no' }).rows))).toEqual([
      'upsert 300 ringing',
      'upsert 101 ringing q300',
      'end 101 no_answer',
      'end 300 cancelled',
    ]);
  });

  it('ring-all: both agents ring, the loser ends cancelled, the caller is bridged once', () => {
    const { feed } = setup();
    expect(gist(feed(sequenceBRingAll().rows))).toEqual([
      'upsert 300 ringing',
      'upsert 101 ringing q300',
      'upsert 102 ringing q300',
      'upsert 102 talking q300', // the agent's own answer bridges the caller too…
      'upsert 300 talking',
      'end 101 cancelled', // …so the queue's answer (row 7) adds nothing
      'end 102 answered',
      'end 300 answered',
    ]);
  });

  it('bridges a caller whose arrival comes after the agent’s answer', () => {
    const { feed } = setup();
    const b = sequenceB('B-late');
    const events = feed([b.rows[7]!, b.rows[0]!]);
    expect(gist(events)).toEqual(['upsert 300 ringing', 'upsert 300 talking']);
    expect(events[1]?.at).toBe(iso(T0_US + 7_000_000));
  });

  it('shows the queue number of an offer even when the queue itself is not monitored', () => {
    const { feed } = setup(directory, ['176', '177']);
    expect(gist(feed(sequenceB('B-unwatched').rows))).toEqual([
      'upsert 101 ringing q300',
      'end 101 no_answer',
      'upsert 102 ringing q300',
      'upsert 102 talking q300',
      'end 102 answered',
    ]);
  });
});

describe('Telphin normaliser: §6.5 C, IVR', () => {
  it('keeps the caller talking on the IVR until the call ends, Bridged=yes → answered', () => {
    const { feed } = setup();
    const events = feed(sequenceC().rows);
    expect(gist(events)).toEqual(['upsert 099 talking', 'upsert 101 ringing', 'upsert 101 talking', 'end 101 answered', 'end 099 answered']);
    expect(legOf(events, '101')).toMatchObject({ direction: 'inbound', queueNumber: null, peer: { number: CALLER } });
  });

  it('a caller hanging up in the menu ends cancelled (Bridged=no)', () => {
    const { feed } = setup();
    expect(gist(feed(sequenceC('C-menu', { menuHangup: true }).rows))).toEqual(['upsert 099 talking', 'end 099 cancelled']);
  });

  it('without Bridged, an answer on a phone of the same call counts as answered', () => {
    const { feed } = setup();
    const c = sequenceC('C-nobridged');
    const last = c.rows[4]!;
    const { Bridged: _dropped, ...params } = last.params;
    expect(gist(feed([...c.rows.slice(0, 4), { ...last, params }]))).toContain('end 099 answered');
  });
});

describe('Telphin normaliser: §6.5 D, callback', () => {
  it('shows only the owner’s dial-out to the destination', () => {
    const { feed } = setup();
    const d = sequenceD();
    const events = feed(d.rows);
    expect(gist(events)).toEqual(['upsert 200 dialing', 'upsert 200 talking', 'end 200 answered']);
    expect(legOf(events, '200')).toMatchObject({ direction: 'outbound', peer: { number: '+79817654321', name: null }, vendorCallId: `190-${d.callId}` });
  });

  it('drops a self leg the PBX should have suppressed (§6.4)', () => {
    const { feed, issues } = setup();
    expect(feed(sequenceD('D-self').selfRows)).toEqual([]);
    expect(issues.map((i) => i.reason)).toContain('callback self leg (§6.4)');
  });

  it('rings another source normally, CallBackID or not', () => {
    const { feed } = setup();
    const events = feed(sequenceDOtherSource().rows);
    expect(gist(events)).toEqual(['upsert 101 ringing', 'upsert 101 talking', 'end 101 answered']);
    expect(legOf(events, '101')?.peer).toEqual({ number: '+79817654321', name: 'Website visitor' });
  });
});

describe('Telphin normaliser: §6.5 E, forwarded outside', () => {
  it('closes the ringing leg, then shows the flagged outbound leg', () => {
    const { feed } = setup();
    const events = feed(sequenceE().rows);
    expect(gist(events)).toEqual(['upsert 101 ringing', 'end 101 no_answer', 'upsert 101 dialing', 'upsert 101 talking', 'end 101 answered']);
    const forward = upserts(events)[1]?.leg;
    expect(forward).toMatchObject({ direction: 'outbound', peer: { number: '+79035550000', name: null }, vendorCallId: sub('176', 'E-E2') });
  });

  it('an unconditional rule shows only the flagged set', () => {
    const { feed } = setup();
    expect(gist(feed(sequenceE('E-unc', { unconditional: true }).rows))).toEqual(['upsert 101 dialing', 'upsert 101 talking', 'end 101 answered']);
  });

  it('a queue forwarding outside gets an outbound leg of its own', () => {
    const { feed } = setup();
    const fwd = {
      CallID: 'f'.repeat(32), SubCallID: sub('180', 'fwd'), CallFlow: 'out', CallerIDNum: CALLER, CallerExtension: ext('300'), CallerExtensionID: '180',
      CalledNumber: '+79035550000', Transfered: 'yes', EventTime: String(T0_US),
    };
    const events = feed([hookRequest({ ...fwd, EventType: 'answer', CallStatus: 'ANSWER' }, 'answer')]);
    expect(gist(events)).toEqual(['upsert 300 talking']);
    expect(legOf(events, '300')).toMatchObject({ direction: 'outbound', peer: { number: '+79035550000' } });
  });
});

describe('Telphin normaliser: an internal call', () => {
  it('is internal on both phones, with short numbers and labels as peers', () => {
    const { feed } = setup();
    const events = feed(internalCall().rows);
    expect(gist(events)).toEqual(['upsert 101 dialing', 'upsert 102 ringing', 'upsert 102 talking', 'upsert 101 talking', 'end 102 answered', 'end 101 answered']);
    expect(legOf(events, '101')).toMatchObject({ direction: 'internal', peer: { number: '102', name: 'Boris Ivanov' } });
    expect(legOf(events, '102')).toMatchObject({ direction: 'internal', peer: { number: '101', name: 'Anna Petrova' } });
  });

  it('uses RemoteNumber after an internal transfer', () => {
    const { feed } = setup();
    const params = {
      EventType: 'dial-in', CallID: 'a'.repeat(32), SubCallID: sub('177', 'xfer'), CallFlow: 'in', CallStatus: 'CALLING', EventTime: String(T0_US),
      CallerIDNum: '000*101', CallerIDName: 'Anna Petrova', CallerExtension: ext('101'), CallerExtensionID: '176',
      CalledNumber: '000*102', CalledExtension: ext('102'), CalledExtensionID: '177', RemoteNumber: '+79161112233',
    };
    expect(legOf(feed([hookRequest(params)]), '102')).toMatchObject({ direction: 'inbound', peer: { number: '+79161112233', name: null } });
  });
});

describe('Telphin normaliser: §5.2 observed values', () => {
  const observed = {
    CallID: '262077ef325f4868aa49bf22309229f7',
    SubCallID: '85219-e6bd7bb2622b424392a012e28473f91a',
    CallAPIID: '3584709739-262077ef-325f-4868-aa49-bf22309229f7',
    EventTime: '1502985686478202',
    CallFlow: 'in',
    CallerIDNum: '+79161112233',
    CallerIDName: '+79161112233',
    CalledNumber: '2566*102',
    CalledExtension: '2566*102@sipproxy.telphin.ru',
    CalledExtensionID: '85219',
    CallerExtension: '2566*887@sipproxy.telphin.ru',
    CallerExtensionID: '96857',
  };

  it('reads an agent offer from queue 887 on 2566*102, EventTime in µs', () => {
    const { feed } = setup(observedDirectory);
    const events = feed([hookRequest({ ...observed, EventType: 'dial-in', CallStatus: 'CALLING' })]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      at: '2017-08-17T16:01:26.478Z',
      leg: { extension: '102', legId: 'ru:102:85219-e6bd7bb2622b424392a012e28473f91a', queueNumber: '887', state: 'ringing', callKey: observed.CallID },
    });
  });

  it('times the outbound call’s hangup from EventTime, Duration being talk time', () => {
    const { feed } = setup(observedDirectory);
    const out = {
      CallID: 'b5187f38a9cc43f2ba068bce983a513e', SubCallID: '85219-b5187f38a9cc43f2ba068bce983a513e', CallAPIID: '3584709739-b5187f38-a9cc-43f2-ba06-8bce983a513e',
      CallFlow: 'out', CallerIDNum: '2566*102', CallerIDName: 'Reception', CallerExtension: '2566*102@sipproxy.telphin.ru', CallerExtensionID: '85219',
      CalledNumber: '+79161112233',
    };
    const events = feed([
      hookRequest({ ...out, EventType: 'dial-out', CallStatus: 'CALLING', EventTime: '1502985680000000' }),
      hookRequest({ ...out, EventType: 'answer', CallStatus: 'ANSWER', EventTime: '1502985686478202' }),
      hookRequest({ ...out, EventType: 'hangup', CallStatus: 'ANSWER', EventTime: '1502985697898220', Duration: '11420018' }),
    ]);
    expect(gist(events)).toEqual(['upsert 102 dialing', 'upsert 102 talking', 'end 102 answered']);
    expect(events[2]?.at).toBe('2017-08-17T16:01:37.898Z');
  });
});

describe('Telphin normaliser: parsing (§11.1)', () => {
  it('reads parameter names in any case, CallFlow in upper case, and values with spaces', () => {
    const { feed } = setup();
    const a = sequenceA('case');
    const lower = a.rows.map((row) => ({
      ...row,
      params: Object.fromEntries(Object.entries(row.params).map(([k, v]) => [k === 'CallFlow' ? 'CALLFLOW' : k.toLowerCase(), k === 'CallFlow' ? 'IN' : ` ${v} `])),
    }));
    const canonical = setup().feed(a.rows);
    expect(feed(lower).map(({ raw: _raw, ...rest }) => rest)).toEqual(canonical.map(({ raw: _raw, ...rest }) => rest));
  });

  it('prefers the exact-case name when both spellings arrive, and accepts Transferred with two r', () => {
    const { feed } = setup();
    const e = sequenceE('two-r', { unconditional: true });
    const [dialOut] = e.rows;
    const { Transfered: _t, ...rest } = dialOut!.params;
    const events = feed([{ ...dialOut!, params: { ...rest, Transferred: 'yes', eventtype: 'hangup', EventType: 'dial-out' } }]);
    expect(gist(events)).toEqual(['upsert 101 dialing']);
  });

  it('strips @domain from extension fields', () => {
    const { feed } = setup();
    const events = feed(internalCall('dom').rows.slice(0, 2));
    expect(legOf(events, '101')?.peer.number).toBe('102');
  });

  it.each(['message-in', 'message-out', 'voicemail', 'call_interactive', 'extension-call-status'])('skips EventType %s with a note', (eventType) => {
    const { feed, issues } = setup();
    const row = sequenceA(`skip-${eventType}`).rows[0]!;
    expect(feed([{ ...row, event: eventType, params: { ...row.params, EventType: eventType } }])).toEqual([]);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.kind).toBe('ignored');
  });

  it('falls back to the URL event when EventType is missing, and keeps both in the key when they differ', () => {
    const { feed } = setup();
    const [dialIn, answer] = sequenceA('url-event').rows;
    const { EventType: _e, ...noType } = dialIn!.params;
    const events = feed([{ ...dialIn!, params: noType }, { ...answer!, event: 'hangup' }]);
    expect(gist(events)).toEqual(['upsert 101 ringing', 'upsert 101 talking']);
    expect(events[1]?.key.endsWith(':hangup')).toBe(true);
  });

  it('uses the receive time when EventTime is missing or not a number', () => {
    const { feed } = setup();
    const [dialIn] = sequenceA('no-time').rows;
    const events = feed([{ ...dialIn!, params: { ...dialIn!.params, EventTime: 'soon' } }]);
    expect(events[0]?.at).toBe(RECEIVED.toISOString());
  });

  it('skips malformed requests and extensions it does not monitor, never throwing', () => {
    const { n, feed, issues } = setup(directory, ['176']);
    const garbage: unknown[] = [
      { event: 'dial-in', params: {}, receivedAt: RECEIVED },
      { event: 'hangup', params: { EventType: 'hangup', CallID: 'x' }, receivedAt: RECEIVED },
      { event: 'dial-in', params: { EventType: 'dial-in', CallID: 'x', SubCallID: '999-abc' }, receivedAt: RECEIVED },
      { event: 'dial-in', params: null, receivedAt: RECEIVED },
      { event: undefined, params: { EventType: { nested: true } }, receivedAt: 'yesterday' },
      { event: 'answer', params: { EventType: 'answer', CallID: 'x', SubCallID: 'y', CallFlow: 'in', CalledExtension: '000*102@d' }, receivedAt: new Date(NaN) },
    ];
    for (const request of garbage) expect(n.hook(request as WebhookRequest)).toEqual([]);
    expect(issues.map((i) => i.kind)).toEqual(['invalid', 'invalid', 'ignored', 'invalid', 'ignored', 'ignored']);
    expect(feed(sequenceB('B-only-101').rows).every((e) => e.type === 'leg.upsert' || e.type === 'leg.end')).toBe(true);
  });
});

describe('Telphin normaliser: order and duplicates (§11.3–§11.5)', () => {
  it('a duplicated request changes nothing', () => {
    const { feed, issues } = setup();
    const [dialIn, answer] = sequenceA('dup').rows;
    expect(gist(feed([dialIn!, dialIn!, answer!, answer!, dialIn!]))).toEqual(['upsert 101 ringing', 'upsert 101 talking']);
    expect(issues.filter((i) => i.kind === 'dropped')).toHaveLength(3);
  });

  it('a late dial-in never reopens a leg closed by hangup', () => {
    const { feed } = setup();
    const [dialIn, answer, hangup] = sequenceA('late').rows;
    const events = feed([hangup!, answer!, dialIn!]);
    expect(gist(events)).toEqual(['upsert 101 talking', 'end 101 answered']);
    // Recorded from the hangup's own fields, started at hangup − Duration.
    expect(events[0]).toMatchObject({ at: iso(T0_US + 2_000_000 - 95_000_000), key: `${sub('176', 'late-L1')}:hangup:${T0_US + 2_000_000}:open` });
    expect(legOf(events, '101')).toMatchObject({ direction: 'inbound', peer: { number: CALLER } });
  });

  it('an answer overtaking its dial-in opens the leg talking, and the dial-in is dropped', () => {
    const { n, feed } = setup();
    const [dialIn, answer] = sequenceA('overtake').rows;
    expect(gist(feed([answer!, dialIn!]))).toEqual(['upsert 101 talking']);
    expect(n.takeLossSuspected()).toBe(true);
    expect(n.takeLossSuspected()).toBe(false);
  });

  const scenarios: [string, () => WebhookRequest[]][] = [
    ['A', () => sequenceA('sA').rows],
    ['A busy', () => sequenceAUnanswered('BUSY', 'sAb').rows],
    ['B', () => sequenceB('sB').rows],
    ['B nobody', () => sequenceB('sBn', { bridged: 'no' }).rows],
    ['B ring-all', () => sequenceBRingAll('sBr').rows],
    ['C', () => sequenceC('sC').rows],
    ['C menu', () => sequenceC('sCm', { menuHangup: true }).rows],
    ['D', () => sequenceD('sD').rows],
    ['E', () => sequenceE('sE').rows],
    ['internal', () => internalCall('sI').rows],
    [
      'all at once',
      () => [
        ...sequenceA('all-A').rows, ...sequenceB('all-B').rows, ...sequenceC('all-C').rows, ...sequenceD('all-D').rows, ...sequenceE('all-E').rows,
      ],
    ],
  ];

  it.each(scenarios)('%s: shuffled and duplicated deliveries end with the same board and history', (_name, rows) => {
    const inOrder = project(rows());
    expect(inOrder.live).toEqual([]);
    for (let seed = 1; seed <= 25; seed++) {
      const base = rows();
      const delivered = shuffled([...base, ...shuffled(base, seed * 7).slice(0, Math.ceil(base.length / 2))], seed);
      const got = project(delivered);
      expect({ seed, ...got }).toEqual({ seed, ...inOrder });
    }
  });
});

/** Runs requests through a fresh normaliser and the real projector; the board-relevant outcome. */
function project(rows: WebhookRequest[]) {
  const n = createTelphinNormaliser({ connectionId: 'ru' });
  n.setDirectory(directory, new Set(directory.map((e) => e.id)));
  const db = openDatabase(':memory:');
  const projector = new Projector({
    store: createProjectorStore(db),
    state: loadBoardState(db, RECEIVED),
    reload: () => loadBoardState(db, RECEIVED),
    publish: () => {},
    now: () => RECEIVED,
  });
  projector.apply([n.known(RECEIVED)]);
  for (const row of rows) projector.apply(n.hook(row));
  const board = projector.board(0);
  const history = db
    .select()
    .from(calls)
    .all()
    .map((r) => ({
      id: r.id, extension: r.extensionId, outcome: r.outcome, ended: r.endedAt !== null, answered: r.answeredAt !== null,
      direction: r.direction, peer: r.peerNumber, name: r.peerName, queue: r.queueId, callKey: r.callKey,
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
  return {
    live: board.extensions.flatMap((e) => e.calls.map((c) => c.id)),
    history,
    queues: board.queues.map((q) => ({ id: q.id, offered: q.today.offered, answered: q.today.answered, abandoned: q.today.abandoned })),
  };
}
