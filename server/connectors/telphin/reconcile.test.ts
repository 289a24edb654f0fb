import { describe, expect, it } from 'vitest';
import type { PbxEvent } from '@/server/domain/pbx-event';
import { CALLER, RECEIVED, directory, internalCall, sequenceA, sequenceB, sequenceD, sub } from './fixtures';
import { createTelphinNormaliser } from './normalise';
import { callIdFromApiId } from './reconcile';
import { ZCurrentCall, type TCurrentCall } from './schema';

function setup() {
  const n = createTelphinNormaliser({ connectionId: 'ru' });
  n.setDirectory(directory, new Set(directory.map((e) => e.id)));
  return n;
}

const at = (seconds: number) => new Date(RECEIVED.getTime() + seconds * 1000);
const look = (seconds: number, full = false) => ({ requestedAt: at(seconds), now: at(seconds), full, confirmMs: 5_000 });
const current = (entry: Record<string, unknown>): TCurrentCall => ZCurrentCall.parse(entry);

describe('Telphin reconcile: legs the PBX no longer has', () => {
  it('ends a stuck leg on the second look at least confirmMs after the first', () => {
    const n = setup();
    const a = sequenceA('stuck');
    n.hook(a.rows[0]!);
    n.hook(a.rows[1]!);
    expect(n.reconcile([], look(10))).toMatchObject({ events: [], ended: 0, suspects: 1 });
    expect(n.reconcile([], look(12))).toMatchObject({ events: [], ended: 0, suspects: 1 });
    const { events, ended } = n.reconcile([], look(15));
    expect(ended).toBe(1);
    expect(events).toEqual([
      expect.objectContaining({ type: 'leg.end', legId: `ru:101:${sub('176', 'stuck-L1')}`, outcome: 'answered', key: `ru:101:${sub('176', 'stuck-L1')}:reconciled`, at: at(15).toISOString() }),
    ]);
    expect(n.liveLegs()).toEqual([]);
    // The hangup that finally arrives is a late request for an ended leg.
    expect(n.hook(a.rows[2]!)).toEqual([]);
  });

  it('keeps a leg whose call is still listed, and clears its suspicion', () => {
    const n = setup();
    const a = sequenceA('listed');
    n.hook(a.rows[0]!);
    expect(n.reconcile([], look(10)).suspects).toBe(1);
    expect(n.reconcile([current({ call_api_id: a.apiId })], look(20)).suspects).toBe(0);
    expect(n.reconcile([], look(30)).ended).toBe(0);
    expect(n.reconcile([], look(40)).ended).toBe(1);
  });

  it('matches by the CallID inside the call_api_id when a request had no CallAPIID', () => {
    const n = setup();
    const a = sequenceA('noapi');
    const { CallAPIID: _gone, ...params } = a.rows[0]!.params;
    n.hook({ ...a.rows[0]!, params });
    expect(n.reconcile([current({ call_api_id: a.apiId })], look(10)).suspects).toBe(0);
    // Unmatchable legs are judged only when the PBX has no call at all.
    expect(n.reconcile([current({ call_api_id: '1-other' })], look(20)).suspects).toBe(0);
    expect(n.reconcile([], look(30)).suspects).toBe(1);
  });

  it('leaves alone a leg heard from after the list was asked for', () => {
    const n = setup();
    const a = sequenceA('racing');
    n.hook({ ...a.rows[0]!, receivedAt: at(20) });
    expect(n.reconcile([], look(10))).toMatchObject({ ended: 0, suspects: 0 });
  });

  it('guesses cancelled for a leg that only rang, and for a waiting queue caller', () => {
    const n = setup();
    const b = sequenceB('stuck-q');
    n.hook(b.rows[0]!);
    n.hook(b.rows[2]!);
    n.reconcile([], look(10));
    const ends = n.reconcile([], look(20)).events as Extract<PbxEvent, { type: 'leg.end' }>[];
    expect(ends.map((e) => [e.extension, e.outcome]).sort()).toEqual([
      ['101', 'cancelled'],
      ['300', 'cancelled'],
    ]);
  });
});

describe('Telphin reconcile: calls we missed', () => {
  const missed = {
    call_api_id: '3584709739-262077ef-325f-4868-aa49-bf22309229f7',
    called_extension: { id: 176, type: 'phone', name: '000*101', client_id: 42, extension_group_id: null },
    caller_id_number: CALLER,
    caller_id_name: 'Иван',
    called_number: '000*101',
    called_did: '74951234567',
    call_flow: 'in',
    init_time_gmt: '2017-08-17 16:01:20',
    answer_time_gmt: null,
    extension_id: 176,
  };

  it('opens a leg keyed by call_api_id, which the first request of that call adopts', () => {
    const n = setup();
    const opened = n.reconcile([current(missed)], look(10));
    expect(opened.opened).toBe(1);
    const legId = `ru:101:${missed.call_api_id}`;
    expect(opened.events).toEqual([
      expect.objectContaining({
        type: 'leg.upsert',
        at: '2017-08-17T16:01:20.000Z',
        leg: {
          extension: '101', legId, vendorCallId: missed.call_api_id, direction: 'inbound', peer: { number: CALLER, name: 'Иван' },
          state: 'ringing', queueNumber: null, canAnswer: false, callKey: callIdFromApiId(missed.call_api_id),
        },
      }),
    ]);
    const params = {
      EventType: 'answer', CallID: '262077ef325f4868aa49bf22309229f7', SubCallID: '176-e6bd7bb2622b424392a012e28473f91a', CallAPIID: missed.call_api_id,
      EventTime: '1502985686478202', CallFlow: 'in', CallStatus: 'ANSWER', CallerIDNum: CALLER, CalledNumber: '000*101', CalledExtensionID: '176', CalledDID: '74951234567',
    };
    const answered = n.hook({ event: 'answer', params, receivedAt: at(11) });
    expect(answered).toEqual([expect.objectContaining({ type: 'leg.upsert', leg: expect.objectContaining({ legId, state: 'talking', callKey: params.CallID }) })]);
    const ended = n.hook({ event: 'hangup', params: { ...params, EventType: 'hangup', EventTime: '1502985696478202' }, receivedAt: at(12) });
    expect(ended).toEqual([expect.objectContaining({ type: 'leg.end', legId, outcome: 'answered' })]);
    // The call is gone from our memory, and a list that still shows it does not bring it back.
    expect(n.reconcile([current(missed)], look(13)).opened).toBe(0);
  });

  it('never reopens a call whose leg on that extension already ended', () => {
    const n = setup();
    const a = sequenceA('done');
    for (const row of a.rows) n.hook(row);
    expect(n.reconcile([current({ ...missed, call_api_id: a.apiId })], look(10)).opened).toBe(0);
  });

  it('puts a queue offer on the agent with its queue number, and a queue caller as a waiting leg', () => {
    const n = setup();
    const offer = current({ call_api_id: '1-abc', caller_extension: { id: 180, name: '000*300', type: 'queue' }, called_extension: { id: 176, name: '000*101' }, caller_id_number: CALLER });
    const waiting = current({ call_api_id: '1-def', called_extension: { id: 180, name: '000*300', type: 'queue' }, caller_id_number: CALLER });
    const legs = n.reconcile([offer, waiting], look(10)).events.map((e) => (e.type === 'leg.upsert' ? [e.leg.extension, e.leg.state, e.leg.queueNumber] : e.type));
    expect(legs).toEqual([
      ['101', 'ringing', '300'],
      ['300', 'ringing', null],
    ]);
  });

  it('an outbound call of a phone is dialing, or talking once answered', () => {
    const n = setup();
    const call = current({ call_api_id: '1-out', caller_extension: { id: 190, name: '000*200' }, called_number: '+79817654321', answer_time_gmt: '2017-08-17 16:01:25' });
    const [event] = n.reconcile([call], look(10)).events;
    expect(event).toMatchObject({ at: '2017-08-17T16:01:25.000Z', leg: { extension: '200', state: 'talking', direction: 'outbound', peer: { number: '+79817654321' } } });
  });

  it('a full look is one resync of every monitored extension with all live legs', () => {
    const n = setup();
    n.hook(sequenceA('full').rows[0]!);
    const { events } = n.reconcile([current(missed), current({ call_api_id: sequenceA('full').apiId })], look(10, true));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'extensions.resync', extensions: ['099', '101', '102', '200', '300'] });
    const resync = events[0] as Extract<PbxEvent, { type: 'extensions.resync' }>;
    expect(resync.legs.map((l) => l.legId).sort()).toEqual([`ru:101:${missed.call_api_id}`, `ru:101:${sub('176', 'full-L1')}`].sort());
  });
});

describe('callIdFromApiId', () => {
  it('reads the CallID from both observed CallAPIID shapes, or gives up', () => {
    expect(callIdFromApiId('3584709739-262077ef-325f-4868-aa49-bf22309229f7')).toBe('262077ef325f4868aa49bf22309229f7');
    expect(callIdFromApiId('3584705175:5205dc5cc5a411e5ab9eb3691b90ea15')).toBe('5205dc5cc5a411e5ab9eb3691b90ea15');
    expect(callIdFromApiId('opaque')).toBeNull();
  });
});

describe('Telphin restart: legs a previous process stored', () => {
  /** The board's view of what the first process stored, as `ConnectorContext.storedLiveLegs` gives it. */
  function storedBoard(n: ReturnType<typeof setup>) {
    return n.liveLegs().map((facts) => ({
      id: `ru:${facts.extension}`, connectionId: 'ru', number: facts.extension, name: null, kind: 'phone' as const, state: facts.state, since: at(0).toISOString(),
      calls: [{ id: facts.legId, vendorCallId: facts.vendorCallId, direction: facts.direction, peer: facts.peer, state: facts.state, startedAt: at(0).toISOString(),
        answeredAt: facts.state === 'talking' ? at(1).toISOString() : null, queueId: null, recording: 'off' as const, canAnswer: false, callKey: facts.callKey }],
    }));
  }

  it('keeps a call still listed under its id (no end, no second leg), and its hangup ends that same leg', () => {
    const before = setup();
    const a = sequenceA('restart');
    before.hook(a.rows[0]!);
    before.hook(a.rows[1]!);
    const legId = `ru:101:${sub('176', 'restart-L1')}`;

    const after = setup();
    expect(after.restore(storedBoard(before), at(5))).toBe(1);
    const { events, opened, ended } = after.reconcile([current({ call_api_id: a.apiId })], look(6, true));
    expect({ opened, ended }).toEqual({ opened: 0, ended: 0 });
    expect(events).toEqual([expect.objectContaining({ type: 'extensions.resync', legs: [expect.objectContaining({ legId, state: 'talking' })] })]);
    expect(after.hook(a.rows[2]!)).toEqual([expect.objectContaining({ type: 'leg.end', legId, outcome: 'answered' })]);
  });

  it("moves a stored caller's leg to talking when its answer was lost while we were down (chaos C:410)", () => {
    const before = setup();
    const d = sequenceD('downcaller');
    before.hook(d.rows[0]!);
    const legId = `ru:200:190-${d.callId}`;
    const after = setup();
    expect(after.restore(storedBoard(before), at(5))).toBe(1);
    const listed = current({ call_api_id: d.apiId, caller_extension: { id: 190, name: '000*200' }, called_number: '+79817654321', answer_time_gmt: '2017-08-17 16:01:33' });
    const { events } = after.reconcile([listed], look(6, true));
    expect(events).toEqual([
      expect.objectContaining({ type: 'leg.upsert', key: `${legId}:reconciled-answer`, at: '2017-08-17T16:01:33.000Z', leg: expect.objectContaining({ legId, state: 'talking' }) }),
      expect.objectContaining({ type: 'extensions.resync', legs: [expect.objectContaining({ legId, state: 'talking' })] }),
    ]);
  });

  it('ends a stored leg whose call is gone, after the usual second look', () => {
    const before = setup();
    const a = sequenceA('gone');
    before.hook(a.rows[0]!);
    const after = setup();
    after.restore(storedBoard(before), at(5));
    const other = sequenceA('other');
    expect(after.reconcile([current({ call_api_id: other.apiId })], look(6, true)).suspects).toBe(1);
    const second = after.reconcile([current({ call_api_id: other.apiId })], look(12));
    expect(second.ended).toBe(1);
    expect(second.events).toEqual([expect.objectContaining({ type: 'leg.end', legId: `ru:101:${sub('176', 'gone-L1')}`, outcome: 'cancelled' })]);
  });
});

describe('Telphin reconcile: a lost answer', () => {
  it('moves a ringing phone leg to talking when the list names it as the answered destination', () => {
    const n = setup();
    const a = sequenceA('lostanswer');
    n.hook(a.rows[0]!);
    const answeredAt = at(3).toISOString().replace('T', ' ').slice(0, 19);
    const listed = current({ call_api_id: a.apiId, called_extension: { id: 176, name: '000*101' }, answer_time_gmt: answeredAt });
    const { events } = n.reconcile([listed], look(10));
    expect(events).toEqual([expect.objectContaining({ type: 'leg.upsert', at: new Date(Math.floor(at(3).getTime() / 1000) * 1000).toISOString(), leg: expect.objectContaining({ state: 'talking', legId: `ru:101:${sub('176', 'lostanswer-L1')}` }) })]);
    // Once: the next look changes nothing, and the late answer request is a repeat.
    expect(n.reconcile([listed], look(20)).events).toEqual([]);
  });

  it("gives the answer to the extension's latest round of the call, not an earlier round whose hangup was lost (chaos C 403)", () => {
    const n = setup();
    const b = sequenceB('rounds');
    const [, , a1] = b.rows as [unknown, unknown, Parameters<typeof n.hook>[0]];
    n.hook(a1);
    // The queue rings 101 again on the same call; round 1's NOANSWER hangup was lost, round 2 is answered.
    const round2 = JSON.parse(JSON.stringify(a1)) as typeof a1;
    const params = round2.params as Record<string, string>;
    params.SubCallID = sub('176', 'rounds-A1-again');
    params.EventTime = String(Number(params.EventTime) + 15_000_000);
    n.hook(round2);
    n.hook({ ...round2, event: 'answer', params: { ...params, EventType: 'answer', CallStatus: 'ANSWER', EventTime: String(Number(params.EventTime) + 3_000_000) } });
    const listed = current({ call_api_id: b.apiId, called_extension: { id: 176, name: '000*101' }, answer_time_gmt: '2017-08-17 16:00:00' });
    expect(n.reconcile([listed], look(10)).events.filter((e) => e.type === 'leg.upsert' && e.leg.extension === '101')).toEqual([]);
    const on101 = n.liveLegs().filter((l) => l.extension === '101');
    expect(on101.find((l) => l.vendorCallId === sub('176', 'rounds-A1'))?.state).toBe('ringing');
    expect(on101.find((l) => l.vendorCallId === sub('176', 'rounds-A1-again'))?.state).toBe('talking');
  });

  it('leaves a ringing leg alone while the call is answered elsewhere (the queue, another phone)', () => {
    const n = setup();
    const a = sequenceA('elsewhere');
    n.hook(a.rows[0]!);
    const listed = current({ call_api_id: a.apiId, called_extension: { id: 180, name: '000*300' }, answer_time_gmt: '2017-08-17 16:00:00' });
    // The queue's own leg is learnt from the list; 101's stays ringing.
    const legs101 = n.reconcile([listed], look(10)).events.filter((e) => e.type === 'leg.upsert' && e.leg.extension === '101');
    expect(legs101).toEqual([]);
    expect(n.liveLegs().find((l) => l.extension === '101')?.state).toBe('ringing');
  });

  it("moves the caller's own dialling leg to talking when the list says its call was answered", () => {
    const n = setup();
    const d = sequenceD('lostcaller');
    expect(n.hook(d.rows[0]!)).toEqual([expect.objectContaining({ leg: expect.objectContaining({ extension: '200', state: 'dialing' }) })]);
    const answeredAt = at(3).toISOString().replace('T', ' ').slice(0, 19);
    const listed = current({ call_api_id: d.apiId, call_flow: 'out', caller_extension: { id: 190, name: '000*200' }, called_number: '+79817654321', answer_time_gmt: answeredAt });
    const { events } = n.reconcile([listed], look(10));
    const legId = `ru:200:190-${d.callId}`;
    expect(events).toEqual([
      expect.objectContaining({ type: 'leg.upsert', key: `${legId}:reconciled-answer`, at: new Date(Math.floor(at(3).getTime() / 1000) * 1000).toISOString(), leg: expect.objectContaining({ legId, state: 'talking', direction: 'outbound' }) }),
    ]);
    expect(n.reconcile([listed], look(20)).events).toEqual([]);
    // The hangup still ends it as a conversation.
    expect(n.hook(d.rows[2]!)).toEqual([expect.objectContaining({ type: 'leg.end', legId, outcome: 'answered' })]);
  });

  it("repairs an internal caller's leg too, and leaves it dialling while the call is unanswered", () => {
    const n = setup();
    const call = internalCall('lostint');
    n.hook(call.rows[0]!);
    n.hook(call.rows[1]!);
    const ringing = current({ call_api_id: call.apiId, caller_extension: { id: 176, name: '000*101' }, called_extension: { id: 177, name: '000*102' }, answer_time_gmt: null });
    expect(n.reconcile([ringing], look(10)).events).toEqual([]);
    // 102's answer arrived, 101's (the caller's) was lost.
    n.hook({ ...call.rows[2]!, receivedAt: at(11) });
    const answered = { ...ringing, answer_time_gmt: at(11).toISOString().replace('T', ' ').slice(0, 19) };
    const { events } = n.reconcile([answered], look(20));
    expect(events.map((e) => (e.type === 'leg.upsert' ? [e.leg.extension, e.leg.state] : e.type))).toEqual([['101', 'talking']]);
    expect(n.liveLegs().map((l) => [l.extension, l.state]).sort()).toEqual([
      ['101', 'talking'],
      ['102', 'talking'],
    ]);
  });

  it("does not touch a caller's leg heard from after the list was asked for", () => {
    const n = setup();
    const d = sequenceD('racingcaller');
    n.hook({ ...d.rows[0]!, receivedAt: at(12) });
    const listed = current({ call_api_id: d.apiId, caller_extension: { id: 190, name: '000*200' }, answer_time_gmt: '2017-08-17 16:01:25' });
    expect(n.reconcile([listed], look(10)).events).toEqual([]);
  });
});
