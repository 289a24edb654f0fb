import { describe, expect, it } from 'vitest';
import type { ExtensionView } from '@/lib/board';
import { QUEUE_UNKNOWN, type LegFacts, type PbxEvent } from '@/server/domain/pbx-event';
import { bindingDialingOut, checkStateIds, clickToDialNumber, emptyPoll, entry, hyphenatedId, reply, sample } from './fixtures';
import { LegMemory } from './leg-memory';
import { createNoojeeNormaliser } from './normalise';
import { ZSubscribeResponse } from './schema';

const at = new Date('2024-05-01T10:00:00.000Z');
const later = new Date('2024-05-01T10:00:05.000Z');

function setup(extensions = ['400', '410', '420'], storedLegEndedAt?: (legId: string) => Date | null) {
  const skipped: { reason: string; exten: string }[] = [];
  const n = createNoojeeNormaliser({ connectionId: 'hq', extensions, onSkip: (reason, d) => skipped.push({ reason, exten: d.exten }), storedLegEndedAt });
  const feed = (body: unknown, when = at) => n.entries(ZSubscribeResponse.parse(body).Data, when);
  /** A reply the subscribe loop knows holds only new entries (§4 model 2). */
  const feedFresh = (body: unknown, when = at) => n.entries(ZSubscribeResponse.parse(body).Data, when, { fresh: true });
  const snap = (body: unknown, when = at) => n.snapshot(ZSubscribeResponse.parse(body).Data, when);
  return { n, feed, feedFresh, snap, skipped };
}

const legEvents = (events: PbxEvent[]) =>
  events.map((e) => (e.type === 'leg.upsert' ? `upsert ${e.leg.legId}|${e.leg.state}` : e.type === 'leg.end' ? `end ${e.legId}|${e.outcome}` : e.type));

type Upsert = Extract<PbxEvent, { type: 'leg.upsert' }>;
type End = Extract<PbxEvent, { type: 'leg.end' }>;
type Resync = Extract<PbxEvent, { type: 'extensions.resync' }>;
const upserts = (events: PbxEvent[]) => events.filter((e): e is Upsert => e.type === 'leg.upsert');
const ends = (events: PbxEvent[]) => events.filter((e): e is End => e.type === 'leg.end');
const legOn = (events: PbxEvent[], ext: string): LegFacts | undefined => upserts(events).find((e) => e.leg.extension === ext)?.leg;
const endOn = (events: PbxEvent[], ext: string) => ends(events).filter((e) => e.extension === ext);

describe('Noojee normaliser: the vendor sample narrative (§2.1, §3.4 D)', () => {
  it('maps the first call ringing 410 from 400 and 400 dialling out', () => {
    const { feed } = setup();
    const events = feed(sample.first);
    expect(events).toHaveLength(2);
    expect(legOn(events, '410')).toEqual({
      extension: '410',
      legId: 'hq:410:1412750652.496',
      vendorCallId: '1412750652.496',
      direction: 'internal',
      peer: { number: '400', name: null },
      state: 'ringing',
      queueNumber: null,
      canAnswer: true,
    });
    expect(legOn(events, '400')).toMatchObject({ state: 'dialing', direction: 'internal', canAnswer: false, peer: { number: '410' } });
  });

  it('stamps events with the receive time and the raw entry (Noojee events carry no time)', () => {
    const { feed } = setup();
    const [event] = feed(sample.first);
    expect(event?.at).toBe('2024-05-01T10:00:00.000Z');
    expect(event?.connectionId).toBe('hq');
    const raw = event?.raw as { exten: string; entry: unknown };
    expect(raw.exten).toBe('400');
    expect(raw.entry).toEqual((sample.first.Data as Record<string, unknown[]>)['400']?.[0]);
  });

  it('ends both rejected calls, two entries in one extension array, as cancelled', () => {
    const { feed } = setup();
    feed(sample.first);
    expect(upserts(feed(sample.second)).map((e) => e.leg.legId).sort()).toEqual(['hq:400:1412750655.498', 'hq:410:1412750655.498']);
    const events = feed(sample.third, later);
    expect(ends(events).map((e) => [e.extension, e.legId, e.outcome])).toEqual([
      ['400', 'hq:400:1412750652.496', 'cancelled'],
      ['400', 'hq:400:1412750655.498', 'cancelled'],
      ['410', 'hq:410:1412750652.496', 'cancelled'],
      ['410', 'hq:410:1412750655.498', 'cancelled'],
    ]);
    expect(events.every((e) => e.at === later.toISOString())).toBe(true);
  });

  it('handles two ringing calls for one extension in one reply, in array order', () => {
    const { feed } = setup();
    const events = feed(
      reply(36, {
        '410': [
          entry({ status: 'Ringing', uniqueCallId: sample.call1, callerId: '400', canAnswer: true }, 10),
          entry({ status: 'Ringing', uniqueCallId: sample.call2, callerId: '400', canAnswer: true }, 27),
        ],
      }),
    );
    expect(upserts(events).map((e) => e.leg.vendorCallId)).toEqual([sample.call1, sample.call2]);
  });

  it('makes a replayed reply harmless: nothing the second time, same keys in a fresh normaliser', () => {
    const a = setup();
    const first = [...a.feed(sample.first), ...a.feed(sample.second), ...a.feed(sample.third)];
    expect([...a.feed(sample.first), ...a.feed(sample.second), ...a.feed(sample.third)]).toEqual([]);
    const b = setup();
    const again = [...b.feed(sample.first), ...b.feed(sample.second), ...b.feed(sample.third)];
    expect(again.map((e) => e.key)).toEqual(first.map((e) => e.key));
    expect(new Set(first.map((e) => e.key)).size).toBe(first.length);
  });
});

describe('Noojee normaliser: §3.4 scenarios', () => {
  it('A: A calls B, B answers, A hangs up → answered on both', () => {
    const { feed } = setup();
    feed(sample.first);
    const connected = feed(
      reply(34, {
        '410': [entry({ status: 'Connected', uniqueCallId: sample.call1, callerId: '400', callStartTime: '2024-05-01 10:00:02' })],
        '400': [entry({ status: 'Connected', uniqueCallId: sample.call1, callerId: '410', inbound: false })],
      }),
    );
    expect(legOn(connected, '410')).toMatchObject({ state: 'talking', canAnswer: false, direction: 'internal' });
    expect(legOn(connected, '400')).toMatchObject({ state: 'talking', legId: 'hq:400:1412750652.496' });
    const hungup = feed(
      reply(36, {
        '400': [entry({ status: 'Hungup', uniqueCallId: sample.call1, callerId: '410', inbound: false })],
        '410': [entry({ status: 'Hungup', uniqueCallId: sample.call1, callerId: '400' })],
      }),
    );
    expect(ends(hungup).map((e) => e.outcome)).toEqual(['answered', 'answered']);
  });

  it('B: A calls B who is busy on a call with C → busy on B (offered leg recorded), cancelled on A, C untouched', () => {
    const { feed, snap } = setup();
    snap(
      reply(50, {
        '410': [entry({ status: 'Connected', uniqueCallId: 'W', callerId: '420' })],
        '420': [entry({ status: 'Connected', uniqueCallId: 'W', callerId: '410', inbound: false })],
      }),
    );
    const dial = feed(reply(51, { '400': [entry({ status: 'Dialing Out', uniqueCallId: 'X', callerId: '410', inbound: false })] }));
    expect(legOn(dial, '400')?.state).toBe('dialing');
    const busy = feed(reply(52, { '410': [entry({ status: 'Busy', uniqueCallId: 'X', callerId: '400' })] }));
    expect(busy.map((e) => e.type)).toEqual(['leg.upsert', 'leg.end']);
    expect(legOn(busy, '410')).toMatchObject({ legId: 'hq:410:X', state: 'ringing', direction: 'internal', peer: { number: '400' } });
    expect(endOn(busy, '410')[0]).toMatchObject({ legId: 'hq:410:X', outcome: 'busy' });
    expect(busy.some((e) => JSON.stringify(e).includes('hq:410:W'))).toBe(false);
    const hang = feed(reply(53, { '400': [entry({ status: 'Hungup', uniqueCallId: 'X', callerId: '410', inbound: false })] }));
    expect(endOn(hang, '400')[0]?.outcome).toBe('cancelled');
  });

  it('C: nobody answers → no_answer on B, cancelled on A; A14 extra Hungup on B is dropped', () => {
    const { feed } = setup();
    feed(
      reply(60, {
        '400': [entry({ status: 'Dialing Out', uniqueCallId: 'Y', callerId: '410', inbound: false })],
        '410': [entry({ status: 'Ringing', uniqueCallId: 'Y', callerId: '400', canAnswer: true })],
      }),
    );
    const noAnswer = feed(reply(61, { '410': [entry({ status: 'No Answer', uniqueCallId: 'Y', callerId: '400' })] }));
    expect(noAnswer.map((e) => e.type)).toEqual(['leg.end']);
    expect(endOn(noAnswer, '410')[0]).toMatchObject({ legId: 'hq:410:Y', outcome: 'no_answer' });
    const after = feed(
      reply(62, {
        '400': [entry({ status: 'Hungup', uniqueCallId: 'Y', callerId: '410', inbound: false })],
        '410': [entry({ status: 'Hungup', uniqueCallId: 'Y', callerId: '400' })],
      }),
    );
    expect(after).toHaveLength(1);
    expect(endOn(after, '400')[0]?.outcome).toBe('cancelled');
  });

  it('A14: Busy then Hungup on the same extension in one reply → one end', () => {
    const { feed } = setup();
    const events = feed(
      reply(70, {
        '410': [entry({ status: 'Busy', uniqueCallId: 'Z', callerId: '400' }), entry({ status: 'Hungup', uniqueCallId: 'Z', callerId: '400' })],
      }),
    );
    expect(ends(events)).toHaveLength(1);
    expect(ends(events)[0]?.outcome).toBe('busy');
  });

  it('E: click-to-dial rings the agent (inbound:false → outbound), dials out, connects, hangs up answered', () => {
    const { feed } = setup();
    const ring = feed(
      reply(80, {
        '400': [entry({ status: 'Ringing', uniqueCallId: 'E1', callerId: clickToDialNumber, inbound: false, isClickToDialCall: true })],
      }),
    );
    expect(legOn(ring, '400')).toMatchObject({ state: 'ringing', direction: 'outbound', peer: { number: clickToDialNumber } });
    const dialing = feed(
      reply(81, {
        '400': [
          entry({ status: 'Dialing Out', uniqueCallId: 'E1', callerId: clickToDialNumber, inbound: false, outboundDestination: clickToDialNumber }),
        ],
      }),
    );
    expect(legOn(dialing, '400')).toMatchObject({ state: 'dialing', direction: 'outbound', legId: 'hq:400:E1' });
    const talking = feed(
      reply(82, { '400': [entry({ status: 'Connected', uniqueCallId: 'E1', callerId: clickToDialNumber, inbound: false, callStartTime: '2024-05-01T10:00:09' })] }),
    );
    expect(legOn(talking, '400')).toMatchObject({ state: 'talking', direction: 'outbound' });
    const end = feed(reply(83, { '400': [entry({ status: 'Hungup', uniqueCallId: 'E1', callerId: clickToDialNumber, inbound: false })] }));
    expect(endOn(end, '400')[0]?.outcome).toBe('answered');
  });

  it('F: blind transfer of B’s call from A to C', () => {
    const { feed, snap } = setup();
    snap(
      reply(90, {
        '400': [entry({ status: 'Connected', uniqueCallId: 'U', callerId: '410', inbound: false })],
        '410': [entry({ status: 'Connected', uniqueCallId: 'U', callerId: '400' })],
      }),
    );
    const b = feed(
      reply(92, {
        '410': [entry({ status: 'Unlinked', uniqueCallId: 'U', callerId: '400' }), entry({ status: 'Hungup', uniqueCallId: 'U', callerId: '400' })],
      }),
    );
    expect(legOn(b, '410')?.state).toBe('held');
    expect(endOn(b, '410')[0]?.outcome).toBe('answered');
    const c = feed(reply(94, { '420': [entry({ status: 'Ringing', uniqueCallId: 'U', callerId: '400', canAnswer: true })] }));
    expect(legOn(c, '420')).toMatchObject({ state: 'ringing', direction: 'internal', canAnswer: true });
    const bridge = feed(
      reply(96, {
        '420': [entry({ status: 'Connected', uniqueCallId: 'U', callerId: '400' })],
        '400': [entry({ status: 'Unlinked', uniqueCallId: 'U', callerId: '410', inbound: false }), entry({ status: 'Connected', uniqueCallId: 'U', callerId: '420', inbound: false })],
      }),
    );
    const onA = upserts(bridge).filter((e) => e.leg.extension === '400');
    expect(onA.map((e) => [e.leg.state, e.leg.peer.number])).toEqual([
      ['held', '410'],
      ['talking', '420'],
    ]);
    expect(onA.every((e) => e.leg.legId === 'hq:400:U')).toBe(true);
    expect(legOn(bridge, '420')?.state).toBe('talking');
  });

  it('F: a transfer that comes back to the same peer still gets through (bridge generation in the key)', () => {
    const { feed } = setup();
    const connect = (seq: number) => reply(seq, { '410': [entry({ status: 'Connected', uniqueCallId: 'K', callerId: '0299990000' })] });
    const unlink = (seq: number) => reply(seq, { '410': [entry({ status: 'Unlinked', uniqueCallId: 'K', callerId: '0299990000' })] });
    const events = [...feed(connect(1)), ...feed(unlink(2)), ...feed(connect(3)), ...feed(unlink(4)), ...feed(connect(5))];
    expect(upserts(events).map((e) => e.leg.state)).toEqual(['talking', 'held', 'talking', 'held', 'talking']);
    expect(new Set(events.map((e) => e.key)).size).toBe(5);
  });

  it('F: a re-bridge reported under a new id after Unlinked keeps the leg (A5)', () => {
    const { n, feed } = setup();
    feed(reply(1, { '400': [entry({ status: 'Connected', uniqueCallId: 'U', callerId: '410', inbound: false })] }));
    feed(reply(2, { '400': [entry({ status: 'Unlinked', uniqueCallId: 'U', callerId: '410', inbound: false })] }));
    const events = feed(reply(3, { '400': [entry({ status: 'Connected', uniqueCallId: 'V', callerId: '420', inbound: false })] }));
    expect(legOn(events, '400')).toMatchObject({ legId: 'hq:400:U', vendorCallId: 'U', state: 'talking', peer: { number: '420' } });
    expect(n.vendorCallIdFor({ extension: '400', vendorCallId: 'U' })).toBe('V');
    const end = feed(reply(4, { '400': [entry({ status: 'Hungup', uniqueCallId: 'V', callerId: '420', inbound: false })] }));
    expect(endOn(end, '400')[0]).toMatchObject({ legId: 'hq:400:U', outcome: 'answered' });
  });

  it('G: external caller through a queue → inbound, queue unknown, answered', () => {
    const { feed } = setup();
    const ring = feed(reply(100, { '410': [entry({ status: 'Ringing', uniqueCallId: 'G1', callerId: '0298765432', canAnswer: true, isQueueCall: true })] }));
    expect(legOn(ring, '410')).toMatchObject({ direction: 'inbound', queueNumber: QUEUE_UNKNOWN, peer: { number: '0298765432' }, canAnswer: true });
    const talk = feed(reply(101, { '410': [entry({ status: 'Connected', uniqueCallId: 'G1', callerId: '0298765432', isQueueCall: true })] }));
    expect(legOn(talk, '410')).toMatchObject({ state: 'talking', queueNumber: QUEUE_UNKNOWN, canAnswer: false });
    expect(endOn(feed(reply(102, { '410': [entry({ status: 'Hungup', uniqueCallId: 'G1', callerId: '0298765432' })] })), '410')[0]?.outcome).toBe(
      'answered',
    );
  });
});

describe('Noojee normaliser: A5 id switch (checkState sample ids)', () => {
  it('takes an unknown id in Connected as the single ringing call and keeps its legId', () => {
    const { n, feed } = setup(['102']);
    feed(reply(1, { '102': [entry({ status: 'Ringing', uniqueCallId: checkStateIds.ringing, callerId: '0312345678', canAnswer: true })] }));
    const talk = feed(reply(2, { '102': [entry({ status: 'Connected', uniqueCallId: checkStateIds.connected, callerId: '0312345678' })] }));
    expect(legOn(talk, '102')).toMatchObject({ legId: `hq:102:${checkStateIds.ringing}`, vendorCallId: checkStateIds.ringing, state: 'talking' });
    expect(n.vendorCallIdFor({ extension: '102', vendorCallId: checkStateIds.ringing })).toBe(checkStateIds.connected);
    const end = feed(reply(3, { '102': [entry({ status: 'Hungup', uniqueCallId: checkStateIds.ringing, callerId: '0312345678' })] }));
    expect(endOn(end, '102')[0]).toMatchObject({ legId: `hq:102:${checkStateIds.ringing}`, outcome: 'answered' });
    expect(feed(reply(4, { '102': [entry({ status: 'Hungup', uniqueCallId: checkStateIds.connected })] }))).toEqual([]);
  });

  it('does not guess when two calls were ringing', () => {
    const { feed } = setup(['102']);
    feed(
      reply(1, {
        '102': [entry({ status: 'Ringing', uniqueCallId: 'R1', callerId: '1' }), entry({ status: 'Ringing', uniqueCallId: 'R2', callerId: '2' })],
      }),
    );
    const talk = feed(reply(2, { '102': [entry({ status: 'Connected', uniqueCallId: 'R3', callerId: '1' })] }));
    expect(legOn(talk, '102')?.legId).toBe('hq:102:R3');
  });
});

describe('Noojee normaliser: statuses and replays', () => {
  it.each([
    ['Ringing', 'ringing'],
    ['Dialing Out', 'dialing'],
    ['Connected', 'talking'],
    ['Unlinked', 'held'],
  ])('maps %s to leg state %s', (status, state) => {
    const { feed } = setup();
    expect(legOn(feed(reply(1, { '410': [entry({ status, uniqueCallId: 'S', callerId: '0311112222' })] })), '410')?.state).toBe(state);
  });

  it.each([
    ['Busy', 'Ringing', 'busy'],
    ['No Answer', 'Ringing', 'no_answer'],
    ['Hungup', 'Ringing', 'cancelled'],
    ['Hungup', 'Dialing Out', 'cancelled'],
    ['Hungup', 'Connected', 'answered'],
    ['Hungup', 'Unlinked', 'answered'],
  ])('maps %s after %s to outcome %s', (status, before, outcome) => {
    const { feed } = setup();
    feed(reply(1, { '410': [entry({ status: before, uniqueCallId: 'S', callerId: '0311112222' })] }));
    expect(endOn(feed(reply(2, { '410': [entry({ status, uniqueCallId: 'S' })] })), '410')[0]?.outcome).toBe(outcome);
  });

  it('Hungup without any earlier entry ends the leg as cancelled without inventing a live leg', () => {
    const { feed } = setup();
    const events = feed(reply(1, { '410': [entry({ status: 'Hungup', uniqueCallId: 'Q' })] }));
    expect(events.map((e) => e.type)).toEqual(['leg.end']);
    expect(endOn(events, '410')[0]?.outcome).toBe('cancelled');
  });

  it('drops a Ringing or Dialing Out replayed after Connected, and anything after the end', () => {
    const { feed } = setup();
    feed(reply(1, { '410': [entry({ status: 'Ringing', uniqueCallId: 'P', callerId: '400' })] }));
    feed(reply(2, { '410': [entry({ status: 'Connected', uniqueCallId: 'P', callerId: '400' })] }));
    expect(feed(reply(3, { '410': [entry({ status: 'Ringing', uniqueCallId: 'P', callerId: '400' })] }))).toEqual([]);
    expect(feed(reply(3, { '410': [entry({ status: 'Dialing Out', uniqueCallId: 'P', callerId: '400' })] }))).toEqual([]);
    feed(reply(4, { '410': [entry({ status: 'Hungup', uniqueCallId: 'P', callerId: '400' })] }));
    expect(feed(reply(5, { '410': [entry({ status: 'Connected', uniqueCallId: 'P', callerId: '400' })] }))).toEqual([]);
    expect(feed(reply(5, { '410': [entry({ status: 'Ringing', uniqueCallId: 'P', callerId: '400' })] }))).toEqual([]);
  });

  it('drops a duplicated entry in the same reply', () => {
    const { feed } = setup();
    const e = entry({ status: 'Ringing', uniqueCallId: 'D', callerId: '400' });
    expect(feed(reply(1, { '410': [e, e] }))).toHaveLength(1);
  });

  it('logs and skips an unknown status, a malformed entry and an unwatched extension, keeping the rest', () => {
    const { feed, skipped } = setup();
    const events = feed(
      reply(1, {
        '410': [
          entry({ status: 'On Hold', uniqueCallId: 'H' }),
          { CallID: 3, Code: 0 },
          entry({ status: 'Ringing', uniqueCallId: 'H2', callerId: '400' }),
        ],
        '999': [entry({ status: 'Ringing', uniqueCallId: 'H3' })],
      }),
    );
    expect(upserts(events).map((e) => e.leg.vendorCallId)).toEqual(['H2']);
    expect(skipped).toEqual([
      { reason: 'unknown status "On Hold"', exten: '410' },
      { reason: 'malformed entry', exten: '410' },
      { reason: 'extension not watched', exten: '999' },
    ]);
  });

  it('treats uniqueCallIds as opaque strings (§2.4 hyphenated example, numeric ids)', () => {
    const { feed } = setup();
    const events = feed(
      reply(1, {
        '410': [entry({ status: 'Ringing', uniqueCallId: hyphenatedId }), { CallData: { status: 'Ringing', uniqueCallId: 1412750652.5 }, CallID: 1, Code: 0 }],
      }),
    );
    expect(upserts(events).map((e) => e.leg.legId)).toEqual([`hq:410:${hyphenatedId}`, 'hq:410:1412750652.5']);
  });

  it('accepts the binding sample: canAnswer absent → false, newer keys, peer from callerId', () => {
    const { feed } = setup(['115']);
    expect(legOn(feed(bindingDialingOut), '115')).toMatchObject({ state: 'dialing', direction: 'outbound', canAnswer: false, peer: { number: '106' } });
  });

  it('uses otherPartyCallerId / outboundDestination when callerId is empty', () => {
    const { feed } = setup(['115']);
    const data = reply(1, { '115': [entry({ status: 'Dialing Out', uniqueCallId: 'O', callerId: '', inbound: false, outboundDestination: '106' })] });
    expect(legOn(feed(data), '115')?.peer.number).toBe('106');
  });

  it('does not call a leg internal when the peer is the extension itself or not watched', () => {
    const { feed } = setup();
    const events = feed(
      reply(1, {
        '400': [entry({ status: 'Ringing', uniqueCallId: 'I1', callerId: '400', inbound: false, isClickToDialCall: true })],
        '410': [entry({ status: 'Ringing', uniqueCallId: 'I2', callerId: '430' })],
      }),
    );
    expect(legOn(events, '400')?.direction).toBe('outbound');
    expect(legOn(events, '410')?.direction).toBe('inbound');
  });

  it('returns nothing for an empty poll, a missing Data and null entries', () => {
    const { feed } = setup();
    expect(feed(emptyPoll)).toEqual([]);
    expect(feed({ seq: 40, Code: 0 })).toEqual([]);
    expect(feed({ Data: null, seq: 40, Code: 0 })).toEqual([]);
    expect(feed({ Data: { '410': null, '400': [] }, seq: 40, Code: 0 })).toEqual([]);
  });
});

describe('Noojee normaliser: snapshot (§4 step 1)', () => {
  it('emits one extensions.resync for every requested extension, idle ones included', () => {
    const { snap } = setup(['400', '410', '410', '420']);
    const events = snap(reply(28, { '410': [entry({ status: 'Ringing', uniqueCallId: sample.call1, callerId: '400', canAnswer: true })] }));
    expect(events).toHaveLength(1);
    const resync = events[0] as Resync;
    expect(resync.type).toBe('extensions.resync');
    expect(resync.extensions).toEqual(['400', '410', '420']);
    expect(resync.legs).toEqual([expect.objectContaining({ legId: 'hq:410:1412750652.496', state: 'ringing', canAnswer: true })]);
  });

  it('replaces, not merges: legs it no longer lists are gone and their replays dropped', () => {
    const { feed, snap } = setup();
    feed(reply(1, { '410': [entry({ status: 'Connected', uniqueCallId: 'OLD', callerId: '400' })] }));
    const resync = snap(reply(5, {}))[0] as Resync;
    expect(resync.legs).toEqual([]);
    expect(feed(reply(6, { '410': [entry({ status: 'Connected', uniqueCallId: 'OLD', callerId: '400' })] }))).toEqual([]);
  });

  it('remembers snapshot legs: a later Hungup of a connected one is answered, duplicates collapse', () => {
    const { feed, snap } = setup();
    const connected = entry({ status: 'Connected', uniqueCallId: 'S1', callerId: '0255554444', isQueueCall: true, callStartTime: '2024-05-01 09:58' });
    const resync = snap(reply(7, { '410': [connected, connected] }))[0] as Resync;
    expect(resync.legs).toHaveLength(1);
    expect(resync.legs[0]).toMatchObject({ state: 'talking', queueNumber: QUEUE_UNKNOWN, direction: 'inbound' });
    expect(feed(reply(8, { '410': [connected] }))).toEqual([]);
    expect(endOn(feed(reply(9, { '410': [entry({ status: 'Hungup', uniqueCallId: 'S1' })] })), '410')[0]?.outcome).toBe('answered');
  });

  it('skips terminal entries and unrequested extensions in a snapshot, and gives each snapshot a new key', () => {
    const { snap, skipped } = setup(['410']);
    const body = reply(7, { '410': [entry({ status: 'Hungup', uniqueCallId: 'T' })], '999': [entry({ status: 'Ringing', uniqueCallId: 'X' })] });
    const first = snap(body)[0] as Resync;
    const second = snap(body)[0] as Resync;
    expect(first.legs).toEqual([]);
    expect(first.key).not.toBe(second.key);
    expect(skipped).toContainEqual({ reason: 'extension not requested', exten: '999' });
  });

  it('can snapshot a subset of extensions (§4 step 5) without touching the others', () => {
    const { n, feed } = setup();
    feed(reply(1, { '400': [entry({ status: 'Connected', uniqueCallId: 'KEEP', callerId: '0211112222' })] }));
    const resync = n.snapshot({}, at, ['420'])[0] as Resync;
    expect(resync.extensions).toEqual(['420']);
    expect(feed(reply(2, { '400': [entry({ status: 'Hungup', uniqueCallId: 'KEEP' })] }))[0]).toMatchObject({ type: 'leg.end', outcome: 'answered' });
  });

  it('announces the watched extensions as phones', () => {
    const { n } = setup(['400', '410', '400']);
    expect(n.known(at)).toMatchObject({ type: 'extensions.known', extensions: [{ number: '400', name: null, kind: 'phone' }, { number: '410', name: null, kind: 'phone' }] });
  });
});

describe('Noojee normaliser: a queue ringing the same agent again on one call (rounds, A5 ids)', () => {
  const Q = '1700000000.42';
  const caller = '0299990000';
  const on410 = (status: string) => entry({ status, uniqueCallId: Q, callerId: caller, isQueueCall: true, canAnswer: status === 'Ringing' });
  const confirmWith = (n: ReturnType<typeof setup>['n'], body: unknown, extensions = n.revivalCandidates(), when = later) =>
    n.confirmRevivals(ZSubscribeResponse.parse(body).Data, when, extensions);

  /** Round 1 rings 410 and is not answered; round 2 is answered and confirmed by the PBX's snapshot. */
  function roundTwoTalking() {
    const t = setup();
    t.feed(reply(1, { '410': [on410('Ringing')] }));
    const missed = t.feed(reply(2, { '410': [on410('No Answer')] }));
    expect(endOn(missed, '410')).toEqual([expect.objectContaining({ legId: `hq:410:${Q}`, outcome: 'no_answer' })]);
    expect(t.feed(reply(3, { '410': [on410('Ringing'), on410('Connected')] }))).toEqual([]);
    expect(t.n.revivalCandidates()).toEqual(['410']);
    const confirmed = confirmWith(t.n, reply(4, { '410': [on410('Connected')] }));
    return { ...t, missed, confirmed };
  }

  it('a re-ring the snapshot confirms becomes a second leg with its own legId and keys, talking', () => {
    const { n, feed, missed, confirmed } = roundTwoTalking();
    expect(confirmed).toHaveLength(1);
    expect(legOn(confirmed, '410')).toMatchObject({
      legId: `hq:410:${Q}~r2`,
      vendorCallId: Q,
      state: 'talking',
      direction: 'inbound',
      queueNumber: QUEUE_UNKNOWN,
      peer: { number: caller },
    });
    expect(confirmed[0]?.key).toContain(`${Q}~r2`);
    expect(missed.map((e) => e.key)).not.toContain(confirmed[0]?.key);
    expect(n.revivalCandidates()).toEqual([]);
    // The PBX keeps using the same uniqueCallId for commands on the new round.
    expect(n.vendorCallIdFor({ extension: '410', vendorCallId: Q })).toBe(Q);
    // Round 2 ends only when the PBX confirms it: answered, with a key of its own.
    expect(feed(reply(5, { '410': [on410('Hungup')] }))).toEqual([]);
    const ended = confirmWith(n, reply(6, {}));
    expect(ended).toEqual([expect.objectContaining({ type: 'leg.end', legId: `hq:410:${Q}~r2`, outcome: 'answered', key: `410:${Q}~r2:end` })]);
    // Round 2's end is final as well: its replayed entries, unconfirmed, change nothing.
    expect(feed(reply(7, { '410': [on410('Connected'), on410('Hungup')] }))).toEqual([]);
    expect(confirmWith(n, reply(8, {}))).toEqual([]);
  });

  it('replayed Ringing / Connected after the end with a snapshot not listing the call → nothing (§4 step 6)', () => {
    const { n, feed } = setup();
    feed(reply(1, { '410': [on410('Ringing')] }));
    feed(reply(2, { '410': [on410('Connected')] }));
    expect(endOn(feed(reply(3, { '410': [on410('Hungup')] })), '410')[0]?.outcome).toBe('answered');
    // The replay fault resends the whole history: nothing is applied straight away.
    expect(feed(reply(4, { '410': [on410('Ringing'), on410('Connected'), on410('Hungup')] }))).toEqual([]);
    expect(n.revivalCandidates()).toEqual(['410']);
    // The PBX has other calls on 410, but not this one: it was a replay, and the others are left alone.
    const other = entry({ status: 'Ringing', uniqueCallId: 'OTHER', callerId: '400' });
    expect(confirmWith(n, reply(5, { '410': [other] }))).toEqual([]);
    expect(n.revivalCandidates()).toEqual([]);
    expect(feed(reply(6, { '410': [on410('Connected')] }))).toEqual([]);
    expect(confirmWith(n, reply(7, {}))).toEqual([]);
  });

  it('an extra terminal after the end (A14) is no candidate: no snapshot is asked for', () => {
    const { n, feed } = setup();
    feed(reply(1, { '410': [on410('Ringing'), on410('No Answer')] }));
    expect(feed(reply(2, { '410': [on410('Hungup'), on410('Busy')] }))).toEqual([]);
    expect(n.revivalCandidates()).toEqual([]);
  });

  it('a replayed No Answer of round 1 during round 2 → round 2 stays live when the snapshot lists it', () => {
    const { n, feed } = roundTwoTalking();
    expect(feed(reply(9, { '410': [on410('Ringing'), on410('No Answer'), on410('Ringing'), on410('Connected')] }))).toEqual([]);
    expect(n.revivalCandidates()).toEqual(['410']);
    expect(confirmWith(n, reply(10, { '410': [on410('Connected')] }))).toEqual([]);
    // Still live: the real end later is round 2's, answered.
    feed(reply(11, { '410': [on410('Hungup')] }));
    expect(ends(confirmWith(n, reply(12, {})))).toEqual([expect.objectContaining({ legId: `hq:410:${Q}~r2`, outcome: 'answered' })]);
  });

  it('a round-2 ring that times out ends with no_answer once the snapshot no longer lists it', () => {
    const t = setup();
    t.feed(reply(1, { '410': [on410('Ringing'), on410('No Answer'), on410('Ringing')] }));
    expect(legOn(confirmWith(t.n, reply(2, { '410': [on410('Ringing')] })), '410')).toMatchObject({ legId: `hq:410:${Q}~r2`, state: 'ringing', canAnswer: true });
    expect(t.feed(reply(3, { '410': [on410('No Answer')] }))).toEqual([]);
    expect(ends(confirmWith(t.n, reply(4, {})))).toEqual([expect.objectContaining({ legId: `hq:410:${Q}~r2`, outcome: 'no_answer' })]);
  });

  it('a replayed Connected of an earlier round does not make a ringing round 2 talk; the snapshot status wins', () => {
    const t = setup();
    t.feed(reply(1, { '410': [on410('Ringing'), on410('Connected'), on410('Hungup'), on410('Ringing')] }));
    expect(legOn(confirmWith(t.n, reply(2, { '410': [on410('Ringing')] })), '410')?.state).toBe('ringing');
    expect(t.feed(reply(3, { '410': [on410('Connected')] }))).toEqual([]);
    expect(confirmWith(t.n, reply(4, { '410': [on410('Ringing')] }))).toEqual([]);
    // The real answer: the snapshot now lists the call Connected.
    expect(t.feed(reply(5, { '410': [on410('Connected')] }))).toEqual([]);
    expect(legOn(confirmWith(t.n, reply(6, { '410': [on410('Connected')] })), '410')).toMatchObject({ legId: `hq:410:${Q}~r2`, state: 'talking' });
  });

  it('A5 on a later round: Connected under a new id is confirmed against the leg it aliases', () => {
    const t = setup();
    t.feed(reply(1, { '410': [on410('Ringing'), on410('No Answer'), on410('Ringing')] }));
    confirmWith(t.n, reply(2, { '410': [on410('Ringing')] }));
    const switched = entry({ status: 'Connected', uniqueCallId: 'SWITCHED.1', callerId: caller, isQueueCall: true });
    expect(t.feed(reply(3, { '410': [switched] }))).toEqual([]);
    expect(legOn(confirmWith(t.n, reply(4, { '410': [switched] })), '410')).toMatchObject({ legId: `hq:410:${Q}~r2`, state: 'talking' });
    expect(t.n.vendorCallIdFor({ extension: '410', vendorCallId: Q })).toBe('SWITCHED.1');
  });

  it('keeps candidates pending until a snapshot of their extension judges them (a failed fetch loses nothing)', () => {
    const { n, feed } = setup();
    feed(reply(1, { '410': [on410('Ringing'), on410('No Answer')] }));
    feed(reply(2, { '410': [on410('Ringing')] }));
    expect(n.revivalCandidates()).toEqual(['410']);
    expect(n.revivalCandidates()).toEqual(['410']);
    // A snapshot of another extension does not settle them.
    expect(n.confirmRevivals({}, later, ['400'])).toEqual([]);
    expect(n.revivalCandidates()).toEqual(['410']);
  });

  /** Round 1 missed, round 2 ringing and confirmed by the PBX. */
  function roundTwoRinging() {
    const t = setup();
    t.feed(reply(1, { '410': [on410('Ringing'), on410('No Answer'), on410('Ringing')] }));
    expect(legOn(confirmWith(t.n, reply(2, { '410': [on410('Ringing')] })), '410')).toMatchObject({ legId: `hq:410:${Q}~r2`, state: 'ringing' });
    return t;
  }

  it("a fresh reply with round 2's No Answer and the queue's re-ring: round 2 ends no_answer, round 3 opens once the snapshot lists the call", () => {
    const t = roundTwoRinging();
    expect(t.feedFresh(reply(5, { '410': [on410('No Answer'), on410('Ringing')] }))).toEqual([]);
    expect(t.n.revivalCandidates()).toEqual(['410']);
    const confirmed = confirmWith(t.n, reply(6, { '410': [on410('Ringing')] }));
    expect(legEvents(confirmed)).toEqual([`end hq:410:${Q}~r2|no_answer`, `upsert hq:410:${Q}~r3|ringing`]);
    expect(confirmed.map((e) => e.key)).toEqual([`410:${Q}~r2:end`, `410:${Q}~r3:Ringing:${caller}`]);
    // Round 3 is a later round like any other: answered (the snapshot confirms it), then hung up.
    expect(t.feedFresh(reply(7, { '410': [on410('Connected')] }))).toEqual([]);
    expect(legEvents(confirmWith(t.n, reply(8, { '410': [on410('Connected')] })))).toEqual([`upsert hq:410:${Q}~r3|talking`]);
    t.feedFresh(reply(9, { '410': [on410('Hungup')] }));
    expect(legEvents(confirmWith(t.n, reply(10, {})))).toEqual([`end hq:410:${Q}~r3|answered`]);
  });

  it('a fresh end + re-ring the snapshot does not list: round 2 ends with its outcome, no round 3 is made up', () => {
    const t = roundTwoRinging();
    t.feedFresh(reply(5, { '410': [on410('No Answer'), on410('Ringing')] }));
    expect(legEvents(confirmWith(t.n, reply(6, {})))).toEqual([`end hq:410:${Q}~r2|no_answer`]);
  });

  it('the same entries in a reply that may be a replay (round 1’s No Answer, round 2’s Ringing) change nothing', () => {
    const t = roundTwoRinging();
    expect(t.feed(reply(5, { '410': [on410('No Answer'), on410('Ringing')] }))).toEqual([]);
    expect(confirmWith(t.n, reply(6, { '410': [on410('Ringing')] }))).toEqual([]);
  });

  it("a fresh-looking reply with round 1's replayed No Answer and round 2's own Connected: round 2 is answered, no round 3", () => {
    const t = roundTwoRinging();
    expect(t.feedFresh(reply(5, { '410': [on410('No Answer'), on410('Connected')] }))).toEqual([]);
    expect(legEvents(confirmWith(t.n, reply(6, { '410': [on410('Connected')] })))).toEqual([`upsert hq:410:${Q}~r2|talking`]);
    t.feedFresh(reply(7, { '410': [on410('Hungup')] }));
    expect(legEvents(confirmWith(t.n, reply(8, {})))).toEqual([`end hq:410:${Q}~r2|answered`]);
  });

  it('a fresh-looking end + re-ring, then the snapshot lists the call Connected: round 2 answered, no round 3 (chaos A 202)', () => {
    const t = roundTwoRinging();
    // A replay resent round 1's No Answer and round 2's Ringing past the count and repeat-window tests.
    expect(t.feedFresh(reply(5, { '410': [on410('No Answer'), on410('Ringing')] }))).toEqual([]);
    expect(legEvents(confirmWith(t.n, reply(6, { '410': [on410('Connected')] })))).toEqual([`upsert hq:410:${Q}~r2|talking`]);
    t.feedFresh(reply(7, { '410': [on410('Hungup')] }));
    expect(legEvents(confirmWith(t.n, reply(8, {})))).toEqual([`end hq:410:${Q}~r2|answered`]);
  });

  it('a fresh end, re-ring and answer in one reply: round 2 ends no_answer, round 3 is talking', () => {
    const t = roundTwoRinging();
    expect(t.feedFresh(reply(5, { '410': [on410('No Answer'), on410('Ringing'), on410('Connected')] }))).toEqual([]);
    expect(legEvents(confirmWith(t.n, reply(6, { '410': [on410('Connected')] })))).toEqual([`end hq:410:${Q}~r2|no_answer`, `upsert hq:410:${Q}~r3|talking`]);
  });

  it('a fresh reply whose terminal cannot end the live round (No Answer after Connected, §3.3) is no re-ring', () => {
    const t = roundTwoTalking();
    expect(t.feedFresh(reply(9, { '410': [on410('No Answer'), on410('Ringing'), on410('Connected')] }))).toEqual([]);
    expect(confirmWith(t.n, reply(10, { '410': [on410('Connected')] }))).toEqual([]);
  });

  it('a full snapshot listing an ended call on the extension starts the next round, never the ended legId', () => {
    const { n, feed, snap } = setup();
    feed(reply(1, { '410': [on410('Ringing'), on410('No Answer'), on410('Ringing')] }));
    const resync = snap(reply(2, { '410': [on410('Ringing')] }))[0] as Resync;
    expect(resync.legs).toEqual([expect.objectContaining({ legId: `hq:410:${Q}~r2`, state: 'ringing' })]);
    // The snapshot settled the pending candidate too.
    expect(n.revivalCandidates()).toEqual([]);
  });
});

describe('Noojee normaliser: a restart (kill -9) during a later round keeps that round (chaos A 201/203/204/207)', () => {
  const Q = '1700000000.42';
  const caller = '0299990000';
  const on410 = (status: string) => entry({ status, uniqueCallId: Q, callerId: caller, isQueueCall: true, canAnswer: status === 'Ringing' });
  const confirmWith = (n: ReturnType<typeof setup>['n'], body: unknown, extensions = n.revivalCandidates(), when = later) =>
    n.confirmRevivals(ZSubscribeResponse.parse(body).Data, when, extensions);
  const round1 = `hq:410:${Q}`;
  const round2 = `hq:410:${Q}~r2`;

  /** What `ConnectorContext.storedLiveLegs` gives after a restart: the board's live legs of the connection. */
  function stored(legs: (LegFacts & { answered?: boolean })[], connectionId = 'hq'): ExtensionView[] {
    return legs.map((leg) => ({
      id: `${connectionId}:${leg.extension}`, connectionId, number: leg.extension, name: null, kind: 'phone', state: leg.state, since: at.toISOString(),
      calls: [{
        id: leg.legId, vendorCallId: leg.vendorCallId, direction: leg.direction, peer: leg.peer, state: leg.state, startedAt: at.toISOString(),
        answeredAt: leg.answered || leg.state === 'talking' ? at.toISOString() : null, queueId: leg.queueNumber ? `${connectionId}:${leg.queueNumber}` : null,
        recording: 'off', canAnswer: leg.canAnswer,
      }],
    }));
  }

  /** The first process: round 1 not answered, round 2 confirmed by the PBX; its last word on round 2. */
  function firstProcess(round2Status: 'Ringing' | 'Connected') {
    const t = setup();
    t.feed(reply(1, { '410': [on410('Ringing')] }));
    t.feed(reply(2, { '410': [on410('No Answer')] }));
    t.feed(reply(3, { '410': [on410('Ringing')] }));
    const confirmed = legOn(confirmWith(t.n, reply(4, { '410': [on410('Ringing')] })), '410')!;
    if (round2Status === 'Ringing') return confirmed;
    t.feed(reply(5, { '410': [on410('Connected')] }));
    return legOn(confirmWith(t.n, reply(6, { '410': [on410('Connected')] })), '410')!;
  }

  it('round 2 talking at the kill: the restart snapshot keeps ~r2, never reopening round 1; its end is answered', () => {
    const leg = firstProcess('Connected');
    expect(leg).toMatchObject({ legId: round2, state: 'talking' });
    const { n, feed, snap } = setup();
    expect(n.restore(stored([leg]))).toBe(1);
    const resync = snap(reply(1, { '410': [on410('Connected')] }))[0] as Resync;
    expect(resync.legs).toEqual([expect.objectContaining({ legId: round2, state: 'talking' })]);
    // A replay fault after the restart resends the whole history: it must not end or move round 2.
    expect(feed(reply(5, { '410': [on410('Ringing'), on410('No Answer'), on410('Ringing'), on410('Connected')] }))).toEqual([]);
    expect(confirmWith(n, reply(6, { '410': [on410('Connected')] }))).toEqual([]);
    feed(reply(7, { '410': [on410('Hungup')] }));
    const ended = confirmWith(n, reply(8, {}));
    expect(ended).toEqual([expect.objectContaining({ type: 'leg.end', legId: round2, outcome: 'answered', key: `410:${Q}~r2:end` })]);
  });

  it('round 2 ringing at the kill and answered after the restart: ~r2 talks (the snapshot confirms it), round 1 untouched', () => {
    const leg = firstProcess('Ringing');
    const { n, feed, snap } = setup();
    n.restore(stored([leg]));
    const resync = snap(reply(1, { '410': [on410('Ringing')] }))[0] as Resync;
    expect(resync.legs).toEqual([expect.objectContaining({ legId: round2, state: 'ringing' })]);
    expect(feed(reply(2, { '410': [on410('Connected')] }))).toEqual([]);
    const talking = confirmWith(n, reply(3, { '410': [on410('Connected')] }));
    expect(upserts(talking).map((e) => [e.leg.legId, e.leg.state])).toEqual([[round2, 'talking']]);
    const all = [...resync.legs.map((l) => l.legId), ...upserts(talking).map((e) => e.leg.legId)];
    expect(all).not.toContain(round1);
  });

  it('a stored round the restart snapshot no longer lists stays ended: its replayed entries change nothing', () => {
    const leg = firstProcess('Connected');
    const { n, feed, snap } = setup();
    n.restore(stored([leg]));
    expect((snap(reply(1, {}))[0] as Resync).legs).toEqual([]);
    expect(feed(reply(2, { '410': [on410('Ringing'), on410('Connected'), on410('Hungup')] }))).toEqual([]);
    expect(confirmWith(n, reply(3, {}))).toEqual([]);
  });

  /** ConnectorContext.storedLegEndedAt over a set of legIds the previous process stored as ended. */
  const endedIn = (...legIds: string[]) => {
    const asked: string[] = [];
    const lookup = (legId: string) => (asked.push(legId), legIds.includes(legId) ? at : null);
    return { lookup, asked };
  };

  it('round 1 ended before the outage and the queue re-rang 410 during it: the restart snapshot opens ~r2, not round 1 again', () => {
    const stored = endedIn(round1);
    const { snap } = setup(undefined, stored.lookup);
    const resync = snap(reply(1, { '410': [on410('Ringing')] }))[0] as Resync;
    expect(resync.legs).toEqual([expect.objectContaining({ legId: round2, state: 'ringing' })]);
    expect(stored.asked).toEqual([round1, round2]);
  });

  it('rounds 1 and 2 stored as ended: the next is ~r3; nothing stored: round 1 as always', () => {
    const { snap } = setup(undefined, endedIn(round1, round2).lookup);
    expect((snap(reply(1, { '410': [on410('Ringing')] }))[0] as Resync).legs).toEqual([expect.objectContaining({ legId: `${round1}~r3` })]);
    const plain = setup(undefined, endedIn().lookup);
    expect((plain.snap(reply(1, { '410': [on410('Ringing')] }))[0] as Resync).legs).toEqual([expect.objectContaining({ legId: round1 })]);
  });

  it('an opening entry after the restart for a call whose round 1 ended in storage proposes ~r2; the snapshot decides (chaos A 204/210: a replay made phantom rounds)', () => {
    const t = setup(undefined, endedIn(round1).lookup);
    t.snap(reply(1, {}));
    // Replayed or a real re-ring: the entry alone cannot tell.
    expect(legEvents(t.feed(reply(2, { '410': [on410('Ringing')] })))).toEqual([]);
    expect(t.n.revivalCandidates()).toEqual(['410']);
    expect(legEvents(confirmWith(t.n, reply(3, { '410': [on410('Ringing')] })))).toEqual([`upsert ${round2}|ringing`]);
    expect(legEvents(t.feed(reply(4, { '410': [on410('No Answer')] })))).toEqual([]);
    expect(legEvents(confirmWith(t.n, reply(5, {})))).toEqual([`end ${round2}|no_answer`]);

    // A replay the snapshot does not confirm opens nothing.
    const replayed = setup(undefined, endedIn(round1).lookup);
    replayed.snap(reply(1, {}));
    expect(legEvents(replayed.feed(reply(2, { '410': [on410('Ringing')] })))).toEqual([]);
    expect(legEvents(confirmWith(replayed.n, reply(3, {})))).toEqual([]);

    // A terminal of a call whose round 1 ended in storage is that round's, replayed: final, nothing new.
    const offered = setup(undefined, endedIn(`hq:420:${Q}`).lookup);
    offered.snap(reply(1, {}));
    expect(legEvents(offered.feed(reply(2, { '420': [entry({ status: 'No Answer', uniqueCallId: Q, callerId: caller })] })))).toEqual([]);
  });

  it('takes over only legs it would have named itself, on its own watched extensions', () => {
    const leg = firstProcess('Connected');
    const { n } = setup();
    const foreign = { ...leg, legId: `other:410:${Q}` };
    const unwatched = { ...leg, extension: '499', legId: `hq:499:${Q}~r2` };
    const mangled = { ...leg, legId: `hq:410:${Q}~rX` };
    expect(n.restore([...stored([foreign]), ...stored([unwatched]), ...stored([mangled]), ...stored([leg], 'other')])).toBe(0);
    expect(n.restore(stored([leg, { ...firstProcess('Ringing'), extension: '420', legId: `hq:420:${Q}~r2` }]))).toBe(2);
  });
});

describe('Noojee leg memory stays bounded with rounds and candidates', () => {
  it('forgets the oldest ended rounds and candidates past its limits', () => {
    const memory = new LegMemory(2, 2);
    memory.alias('410', 'a2', 'a');
    memory.alias('410', 'c2', 'c');
    for (const id of ['a', 'b', 'c']) memory.end('410', id);
    expect(memory.endedRound('410', 'a')).toBeUndefined();
    expect(memory.endedRound('410', 'c')).toBe(1);
    // The id switch to a forgotten leg goes with it; the one to a remembered leg stays.
    expect(memory.resolve('410', 'a2')).toBe('a2');
    expect(memory.resolve('410', 'c2')).toBe('c');
    // Ending a remembered leg again makes it the newest: 'b' is dropped next, not 'c'.
    memory.end('410', 'c');
    memory.end('410', 'd');
    expect([memory.isEnded('410', 'b'), memory.isEnded('410', 'c'), memory.isEnded('410', 'd')]).toEqual([false, true, true]);
    for (const id of ['a', 'b', 'c']) memory.propose('410', id, 1);
    expect(memory.takeCandidates('410').map((c) => c.id)).toEqual(['b', 'c']);
    expect(memory.candidateExtensions()).toEqual([]);
  });
});
