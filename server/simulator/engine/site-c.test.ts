import { beforeEach, describe, expect, it } from 'vitest';
import { CallEngine } from './call-engine';
import { ManualClock } from './clock';
import { SITE_C_FORWARD_TO } from './directory';
import { traceLegs } from './test-trace';

let clock: ManualClock;
let engine: CallEngine;
let trace: string[];

beforeEach(() => {
  clock = new ManualClock();
  engine = new CallEngine({ clock, externalAnswerMs: null });
  trace = traceLegs(engine);
});

describe('call engine: site C (Telphin) features', () => {
  it('directory: phones 401–410, top-down queue 620, IVR 720 to the queue, 410 forwards unanswered calls outside', () => {
    const c = engine.directory.phones.filter((p) => p.site === 'C');
    expect(c.map((p) => p.number)).toEqual(Array.from({ length: 10 }, (_, i) => String(401 + i)));
    expect(c[0]).toMatchObject({ name: 'Анна Смирнова', login: 'anna' });
    expect(c[9]?.forward).toEqual({ to: SITE_C_FORWARD_TO, when: 'no_answer' });
    expect(engine.directory.queues.find((q) => q.number === '620')).toMatchObject({ site: 'C', strategy: 'topdown', agents: ['401', '402', '403', '404', '405', '406'] });
    expect(engine.directory.ivrs.find((i) => i.number === '720')).toEqual({ number: '720', name: 'Menu', site: 'C', routes: ['620'] });
  });

  it('top-down: every call starts at the first free agent and walks down the list; unregistered agents are skipped', () => {
    const first = engine.placeCall('+79161112233', '620');
    expect(trace).toEqual(['401 ringing']);
    clock.advance(15_000);
    expect(trace.slice(-2)).toEqual(['401 end:no_answer', '402 ringing']);
    engine.placeCall('+79161112234', '620');
    expect(trace.at(-1)).toBe('401 ringing');
    expect(engine.truth().queueWaiting.map((w) => [w.queue, w.caller, w.site])).toEqual([['620', '+79161112233', 'C'], ['620', '+79161112234', 'C']]);
    engine.answer(first.callId, '402');
    expect(engine.truth().queueWaiting).toHaveLength(1);
    engine.reset();
    engine.configurePhone('401', { registered: false });
    engine.placeCall('+79161112235', '620');
    expect(trace.at(-1)).toBe('402 ringing');
  });

  it('an unregistered phone fails at once (outcome failed, leg end unavailable)', () => {
    engine.configurePhone('405', { registered: false });
    const call = engine.placeCall('404', '405');
    expect(trace).toEqual(['404 dialing', '405 end:unavailable', '404 end:hungup']);
    expect(engine.call(call.callId)).toBeNull();
    engine.configurePhone('405', { registered: true });
    engine.placeCall('404', '405');
    expect(trace.at(-1)).toBe('405 ringing');
  });

  it('forwarding: on no answer to another phone, always to an outside number; once per call', () => {
    engine.configurePhone('401', { forward: { to: '402', when: 'no_answer' } });
    engine.configurePhone('402', { forward: { to: '403', when: 'no_answer' } });
    const call = engine.placeCall('+79161112233', '401');
    clock.advance(15_000);
    expect(engine.call(call.callId)).toMatchObject({ forwardedBy: '401', phase: 'ringing', legs: [expect.objectContaining({ extension: '402' })] });
    clock.advance(15_000);
    expect(engine.call(call.callId)).toBeNull();
    expect(trace).toEqual(['401 ringing', '401 end:no_answer', '402 ringing', '402 end:no_answer']);
    engine.configurePhone('403', { forward: { to: '+79035550000', when: 'always', farEnd: { outcome: 'answer', afterMs: 2_000 } } });
    const out = engine.placeCall('+79161112233', '403');
    expect(engine.call(out.callId)).toMatchObject({ phase: 'dialing', callee: '+79035550000', caller: '+79161112233', legs: [] });
    clock.advance(2_000);
    expect(engine.call(out.callId)).toMatchObject({ phase: 'talking', answeredAt: clock.now() });
    expect(() => engine.configurePhone('403', { forward: { to: '403', when: 'always' } })).toThrow(/cannot forward/);
    expect(() => engine.configurePhone('999', { registered: true })).toThrow(/no phone/);
    expect(engine.configurePhone('403', { forward: null })).toEqual({ number: '403', registered: true, forward: null });
  });

  it('an outside far end can fail (network congestion)', () => {
    const call = engine.placeCall('401', '+74950000000', { farEnd: { outcome: 'failed', afterMs: 100 } });
    const ended: (string | null)[] = [];
    engine.on((e) => {
      if (e.type === 'call.ended') ended.push(e.call.outcome);
    });
    clock.advance(100);
    expect(engine.call(call.callId)).toBeNull();
    expect(ended).toEqual(['failed']);
  });
});
