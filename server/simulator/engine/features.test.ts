import { beforeEach, describe, expect, it } from 'vitest';
import { CallEngine } from './call-engine';
import { ManualClock } from './clock';
import { siteOf } from './directory';
import { traceLegs } from './test-trace';
import { TrafficGenerator } from './traffic';

let clock: ManualClock;
let engine: CallEngine;
let trace: string[];

beforeEach(() => {
  clock = new ManualClock();
  engine = new CallEngine({ clock, externalAnswerMs: null });
  trace = traceLegs(engine);
  engine.on((e) => {
    if (e.type === 'leg.hold') trace.push(`${e.leg.extension} ${e.held ? 'hold' : 'unhold'}`);
  });
});

const states = (ext: string) => engine.legsOn(ext).map((l) => l.leg.state);

describe('call engine: three sites', () => {
  it('site B: phones 301–312 with accounts and passwords, ring-all queue 610, bridge 850', () => {
    const b = engine.directory.phones.filter((p) => p.site === 'B');
    expect(b.map((p) => p.number)).toEqual(Array.from({ length: 12 }, (_, i) => String(301 + i)));
    expect(b[0]).toMatchObject({ name: 'Zoë Müller', accountId: 1301, password: 'pw-301', callWaiting: true });
    expect(engine.directory.queues.find((q) => q.number === '610')).toMatchObject({ site: 'B', strategy: 'ringall', accountId: 1610 });
    expect(siteOf(engine.directory, '850')).toBe('B');
    expect(siteOf(engine.directory, '700')).toBe('A');
    expect(siteOf(engine.directory, '0412345678')).toBeNull();
  });

  it('random traffic keeps every call inside one site', () => {
    const sites = new Map<string, Set<string>>();
    engine.on((e) => {
      if ('leg' in e) {
        const set = sites.get(e.call.callId) ?? new Set<string>();
        set.add(siteOf(engine.directory, e.leg.extension) ?? '?');
        sites.set(e.call.callId, set);
      }
    });
    const traffic = new TrafficGenerator(engine);
    traffic.start({ callsPerMinute: 50, seed: 5 });
    for (let i = 0; i < 6 * 60; i++) clock.advance(1_000);
    traffic.dispose();
    expect(sites.size).toBeGreaterThan(120);
    expect([...sites.values()].every((s) => s.size === 1)).toBe(true);
    expect(new Set([...sites.values()].flatMap((s) => [...s]))).toEqual(new Set(['A', 'B', 'C', 'D']));
  });

  it('traffic limited to one site', () => {
    const traffic = new TrafficGenerator(engine);
    const seen = new Set<string>();
    engine.on((e) => {
      if ('leg' in e) seen.add(siteOf(engine.directory, e.leg.extension) ?? '?');
    });
    traffic.start({ callsPerMinute: 60, seed: 2, sites: ['B'] });
    for (let i = 0; i < 3 * 60; i++) clock.advance(1_000);
    traffic.dispose();
    expect([...seen]).toEqual(['B']);
  });
});

describe('call engine: hold, call waiting, intercom, conference', () => {
  it('hold / unhold change only the holder; refused when not talking or not held', () => {
    const call = engine.placeCall('301', '302');
    expect(() => engine.hold(call.callId, '301')).toThrow(/not talking/);
    engine.answer(call.callId, '302');
    engine.hold(call.callId, '302');
    expect(engine.truth().legs.map((l) => [l.extension, l.state, l.onHold])).toEqual([
      ['301', 'talking', false],
      ['302', 'held', true],
    ]);
    expect(() => engine.unhold(call.callId, '301')).toThrow(/not put/);
    expect(() => engine.hold(call.callId, '303')).toThrow(/not on call/);
    engine.unhold(call.callId, '302');
    expect(trace.slice(-2)).toEqual(['302 hold', '302 unhold']);
    // A held transferer may still blind-transfer.
    engine.hold(call.callId, '302');
    engine.transfer(call.callId, '302', '303');
    expect(engine.truth().legs.map((l) => [l.extension, l.state, l.onHold])).toEqual([
      ['301', 'held', false],
      ['303', 'ringing', false],
    ]);
  });

  it('site B phones have call waiting (busy at two lines); site A phones stay busy at one', () => {
    engine.answer(engine.placeCall('0412345678', '301').callId);
    const second = engine.placeCall('302', '301');
    expect(states('301')).toEqual(['talking', 'ringing']);
    engine.placeCall('303', '301');
    expect(trace.at(-2)).toBe('301 end:busy');
    engine.answer(second.callId, '301');
    expect(states('301')).toEqual(['held', 'talking']);
    engine.answer(engine.placeCall('0412345678', '213').callId);
    engine.placeCall('214', '213');
    expect(states('213')).toEqual(['talking']);
  });

  it('intercom: the target is connected at once; a target on a call is busy', () => {
    const call = engine.intercom('301', '302');
    expect(engine.call(call.callId)).toMatchObject({ intercom: true, phase: 'talking' });
    expect(trace).toEqual(['301 dialing', '302 talking', '301 talking']);
    expect(engine.truth().legs.find((l) => l.extension === '302')).toMatchObject({ state: 'talking', answeredAt: expect.any(String), canAnswer: false });
    engine.intercom('303', '302');
    expect(trace.slice(-3)).toEqual(['303 dialing', '302 end:busy', '303 end:hungup']);
    expect(() => engine.intercom('301', '0412345678')).toThrow(/two phones/);
  });

  it('conference bridge: every caller joins, talking, until they hang up', () => {
    const a = engine.placeCall('301', '850');
    engine.placeCall('0412345678', '850');
    expect(engine.calls().map((c) => [c.conference, c.phase, c.answeredAt !== null])).toEqual([
      ['850', 'talking', true],
      ['850', 'talking', true],
    ]);
    engine.hangup(a.callId, '301');
    expect(engine.calls()).toHaveLength(1);
  });
});

describe('call engine: ring-all queue and attended transfer', () => {
  it('ring-all: one reject leaves the others ringing; when all reject the queue retries', () => {
    const call = engine.placeCall('8585551212', '610');
    expect(engine.call(call.callId)?.legs.map((l) => l.extension)).toEqual(['301', '302', '303', '304', '305', '306']);
    engine.hangup(call.callId, '301');
    expect(engine.call(call.callId)?.legs).toHaveLength(5);
    for (const ext of ['302', '303', '304', '305', '306']) engine.hangup(call.callId, ext);
    expect(engine.call(call.callId)?.legs).toEqual([]);
    clock.advance(2_000);
    expect(engine.call(call.callId)?.legs).toHaveLength(6);
    engine.answer(call.callId, '305');
    expect(engine.call(call.callId)?.legs.map((l) => [l.extension, l.state])).toEqual([['305', 'talking']]);
    expect(trace.slice(-6)).toEqual(['305 talking', '301 end:cancelled', '302 end:cancelled', '303 end:cancelled', '304 end:cancelled', '306 end:cancelled']);
  });

  it('attended transfer to an outside number, and between two phones', () => {
    const first = engine.placeCall('302', '301');
    engine.answer(first.callId, '301');
    const consult = engine.consult(first.callId, '301', '0298765432');
    engine.answer(consult.callId);
    engine.completeTransfer(first.callId, consult.callId);
    expect(engine.truth().legs.map((l) => [l.extension, l.state, l.peer])).toEqual([['302', 'talking', '0298765432']]);
    expect(engine.truth().calls.map((c) => [c.callId, c.external])).toEqual([[first.callId, '0298765432']]);
    engine.hangup(first.callId);
    const second = engine.placeCall('0412345678', '303');
    engine.answer(second.callId);
    const c2 = engine.consult(second.callId, '303', '304');
    expect(() => engine.completeTransfer(c2.callId, second.callId)).toThrow(/consultation|not on call/);
    engine.answer(c2.callId, '304');
    engine.completeTransfer(second.callId, c2.callId);
    expect(engine.truth().legs.map((l) => [l.extension, l.state, l.peer])).toEqual([['304', 'talking', '0412345678']]);
  });
});
