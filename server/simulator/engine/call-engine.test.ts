import { beforeEach, describe, expect, it } from 'vitest';
import { CallEngine } from './call-engine';
import { ManualClock } from './clock';
import { traceLegs } from './test-trace';
import type { CallInfo } from './types';

let clock: ManualClock;
let engine: CallEngine;
let trace: string[];
let ended: CallInfo[];

beforeEach(() => {
  clock = new ManualClock();
  engine = new CallEngine({ clock, externalAnswerMs: null });
  trace = traceLegs(engine);
  ended = [];
  engine.on((e) => {
    if (e.type === 'call.ended') ended.push(e.call);
  });
});

describe('call engine: basic call lives', () => {
  it('internal ext→ext: ringing, answered, hung up', () => {
    const call = engine.placeCall('201', '214');
    expect(call.callId).toMatch(/^\d{10}\.\d+$/);
    engine.answer(call.callId, '214');
    expect(engine.truth().legs.map((l) => [l.extension, l.state, l.direction, l.peer])).toEqual([
      ['201', 'talking', 'internal', '214'],
      ['214', 'talking', 'internal', '201'],
    ]);
    engine.hangup(call.callId, '201');
    expect(trace).toEqual(['201 dialing', '214 ringing', '214 talking', '201 talking', '201 end:hungup', '214 end:hungup']);
    expect(ended[0]?.outcome).toBe('answered');
    expect(engine.calls()).toEqual([]);
  });

  it('external→ext: only the phone has a leg, direction inbound', () => {
    const call = engine.placeCall('0412345678', '214');
    expect(engine.truth().legs).toMatchObject([{ extension: '214', state: 'ringing', direction: 'inbound', peer: '0412345678', canAnswer: true }]);
    engine.answer(call.callId);
    engine.hangup(call.callId);
    expect(trace).toEqual(['214 ringing', '214 talking', '214 end:hungup']);
  });

  it('busy: destination already talking, no call waiting', () => {
    const first = engine.placeCall('215', '214');
    engine.answer(first.callId, '214');
    trace.length = 0;
    engine.placeCall('213', '214');
    expect(trace).toEqual(['213 dialing', '214 end:busy', '213 end:hungup']);
    expect(ended.at(-1)?.outcome).toBe('busy');
    expect(engine.truth().legs.map((l) => l.extension)).toEqual(['214', '215']);
  });

  it('no answer after the ring timeout', () => {
    engine.placeCall('213', '214');
    clock.advance(14_999);
    expect(trace).toHaveLength(2);
    clock.advance(1);
    expect(trace).toEqual(['213 dialing', '214 ringing', '214 end:no_answer', '213 end:hungup']);
    expect(ended[0]?.outcome).toBe('no_answer');
  });

  it('caller cancels while ringing', () => {
    const call = engine.placeCall('213', '214');
    engine.hangup(call.callId, '213');
    expect(trace).toEqual(['213 dialing', '214 ringing', '213 end:hungup', '214 end:cancelled']);
    expect(ended[0]?.outcome).toBe('cancelled');
  });

  it('callee rejects while ringing', () => {
    const call = engine.placeCall('213', '214');
    engine.hangup(call.callId, '214');
    expect(trace.slice(2)).toEqual(['214 end:hungup', '213 end:hungup']);
  });

  it('rejects impossible calls', () => {
    expect(() => engine.placeCall('213', '213')).toThrow(/itself/);
    expect(() => engine.placeCall('600', '213')).toThrow(/queue/);
    expect(() => engine.placeCall('0412345678', '0298765432')).toThrow(/outside/);
    expect(() => engine.placeCall('21x', '213')).toThrow(/dialable/);
    expect(() => engine.answer('nope')).toThrow(/no live call/);
  });
});

describe('call engine: outbound', () => {
  it('dialing until the far end answers', () => {
    const call = engine.placeCall('213', '0383208100');
    expect(engine.truth().legs).toMatchObject([{ extension: '213', state: 'dialing', direction: 'outbound', peer: '0383208100' }]);
    engine.answer(call.callId);
    engine.hangup(call.callId);
    expect(trace).toEqual(['213 dialing', '213 talking', '213 end:hungup']);
  });

  it('far end busy or never answering ends with the caller hung up', () => {
    engine.placeCall('213', '0383208100', { farEnd: { outcome: 'busy', afterMs: 2_000 } });
    engine.placeCall('214', '0383208101', { farEnd: { outcome: 'answer', afterMs: 5_000 } });
    clock.advance(5_000);
    expect(trace).toEqual(['213 dialing', '214 dialing', '213 end:hungup', '214 talking']);
    expect(ended[0]?.outcome).toBe('busy');
  });
});

describe('call engine: queues and IVR', () => {
  it('rings agents one at a time, next agent after the ring timeout', () => {
    const call = engine.placeCall('0412345678', '600');
    expect(engine.truth().legs).toMatchObject([{ extension: '201', queue: '600', state: 'ringing' }]);
    clock.advance(15_000);
    expect(engine.truth().legs).toMatchObject([{ extension: '202', queue: '600' }]);
    expect(engine.call(call.callId)?.phase).toBe('queued');
    engine.answer(call.callId, '202');
    expect(engine.call(call.callId)?.phase).toBe('talking');
    expect(trace).toEqual(['201 ringing', '201 end:no_answer', '202 ringing', '202 talking']);
  });

  it('skips busy agents and waits when all are busy', () => {
    const agents = ['207', '208', '209', '210', '211', '212'];
    for (const a of agents) engine.answer(engine.placeCall('0412345678', a).callId, a);
    const call = engine.placeCall('0412000000', '601');
    expect(engine.legsOn('207')).toHaveLength(1);
    clock.advance(10_000);
    expect(engine.call(call.callId)?.legs).toEqual([]);
    engine.hangup(engine.legsOn('209')[0]!.call.callId);
    clock.advance(2_000);
    expect(engine.call(call.callId)?.legs.map((l) => l.extension)).toEqual(['209']);
  });

  it('agent reject keeps the caller queued; caller abandon cancels the ringing agent', () => {
    const call = engine.placeCall('0412345678', '600');
    engine.hangup(call.callId, '201');
    clock.advance(2_000);
    expect(engine.call(call.callId)?.legs.map((l) => l.extension)).toEqual(['202']);
    engine.hangup(call.callId);
    expect(trace.slice(-1)).toEqual(['202 end:cancelled']);
    expect(ended[0]?.outcome).toBe('cancelled');
  });

  it('external→IVR→queue', () => {
    const call = engine.placeCall('0412345678', '700');
    expect(engine.call(call.callId)?.phase).toBe('ivr');
    clock.advance(4_000);
    const info = engine.call(call.callId);
    expect(info?.phase).toBe('queued');
    expect(['600', '601']).toContain(info?.queue);
    expect(info?.legs[0]?.queue).toBe(info?.queue);
  });

  it('internal caller to a queue talks to the agent who answers', () => {
    const call = engine.placeCall('213', '601');
    expect(engine.truth().legs.find((l) => l.extension === '213')).toMatchObject({ state: 'dialing', peer: '601', direction: 'outbound' });
    engine.answer(call.callId, '207');
    expect(engine.truth().legs.map((l) => [l.extension, l.state, l.peer])).toEqual([
      ['207', 'talking', '213'],
      ['213', 'talking', '207'],
    ]);
  });
});

describe('call engine: transfer, click-to-dial, recording', () => {
  it('blind transfer: unlinked, held, then bridged to the target', () => {
    const call = engine.placeCall('213', '214');
    engine.answer(call.callId, '214');
    trace.length = 0;
    engine.transfer(call.callId, '214', '215');
    expect(engine.truth().legs.map((l) => [l.extension, l.state])).toEqual([
      ['213', 'held'],
      ['215', 'ringing'],
    ]);
    engine.answer(call.callId, '215');
    expect(trace).toEqual(['214 unlinked', '213 unlinked', '214 end:hungup', '215 ringing', '215 talking', '213 talking']);
    expect(engine.truth().legs.map((l) => l.peer)).toEqual(['215', '213']);
    expect(() => engine.transfer(call.callId, '213', '215')).toThrow(/already/);
  });

  it('transfer of an outside caller to a busy phone ends the call', () => {
    const busy = engine.placeCall('216', '215');
    engine.answer(busy.callId, '215');
    const call = engine.placeCall('0412345678', '214');
    engine.answer(call.callId);
    trace.length = 0;
    engine.transfer(call.callId, '214', '215');
    expect(trace).toEqual(['214 unlinked', '214 end:hungup', '215 end:busy']);
    expect(engine.call(call.callId)).toBeNull();
  });

  it('click-to-dial rings the agent first, then dials, then connects', () => {
    const call = engine.clickToDial('213', '0383208100');
    expect(engine.truth().legs).toMatchObject([{ extension: '213', state: 'ringing', role: 'caller', canAnswer: false }]);
    clock.advance(2_000);
    expect(engine.truth().legs).toMatchObject([{ state: 'dialing', direction: 'outbound' }]);
    engine.answer(call.callId);
    expect(trace).toEqual(['213 ringing', '213 dialing', '213 talking']);
    expect(engine.call(call.callId)?.isClickToDial).toBe(true);
  });

  it('click-to-dial with auto-answer to a phone; refused when the agent is busy', () => {
    const call = engine.clickToDial('213', '214', { autoAnswer: true });
    expect(trace).toEqual(['213 ringing', '213 dialing', '214 ringing']);
    engine.answer(call.callId, '214');
    expect(() => engine.clickToDial('213', '0383208100')).toThrow(/busy/);
  });

  it('recording: start, new legs at transitions, stop, record on answer', () => {
    const call = engine.placeCall('0412345678', '214');
    expect(engine.startRecording(call.callId, { tag: '22', owner: 'fred' })).toEqual({ active: true, legs: 1, tag: '22', owner: 'fred' });
    engine.answer(call.callId);
    expect(engine.truth().legs[0]?.recording).toBe(true);
    expect(engine.stopRecording(call.callId)).toMatchObject({ active: false, legs: 2 });
    expect(() => engine.stopRecording(call.callId)).toThrow(/not being recorded/);
    const dialled = engine.clickToDial('213', '0383208100', { autoAnswer: true, record: { tag: 'x', owner: 'grace' } });
    expect(engine.call(dialled.callId)?.recording.active).toBe(false);
    engine.answer(dialled.callId);
    expect(engine.call(dialled.callId)?.recording).toEqual({ active: true, legs: 1, tag: 'x', owner: 'grace' });
    engine.hangup(dialled.callId);
    expect(engine.recordings().map((r) => r.callId)).toEqual([dialled.callId, call.callId]);
  });

  it('reset hangs up everything', () => {
    engine.placeCall('213', '214');
    engine.placeCall('0412345678', '600');
    engine.reset();
    expect(engine.calls()).toEqual([]);
    expect(engine.truth().legs).toEqual([]);
  });
});
