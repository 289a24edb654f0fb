import { describe, expect, it } from 'vitest';
import { CallEngine } from './call-engine';
import { ManualClock } from './clock';
import { TrafficGenerator } from './traffic';
import type { EngineEvent } from './types';

function run(seed: number, minutes: number) {
  const clock = new ManualClock();
  const engine = new CallEngine({ clock });
  const events: string[] = [];
  const outcomes: Record<string, number> = {};
  const reasons: Record<string, number> = {};
  engine.on((e: EngineEvent) => {
    const leg = 'leg' in e ? ` ${e.leg.extension} ${e.leg.state}` : '';
    events.push(`${clock.now()} ${e.type} ${e.call.callId}${leg}`);
    if (e.type === 'call.ended') outcomes[e.call.outcome ?? '?'] = (outcomes[e.call.outcome ?? '?'] ?? 0) + 1;
    if (e.type === 'leg.ended') reasons[e.reason] = (reasons[e.reason] ?? 0) + 1;
  });
  const traffic = new TrafficGenerator(engine);
  traffic.start({ callsPerMinute: 12, seed });
  for (let i = 0; i < minutes * 60; i++) clock.advance(1_000);
  return { events, outcomes, reasons, engine, traffic, clock };
}

describe('traffic generator', () => {
  it('is deterministic for a seed on the manual clock', () => {
    const one = run(42, 10);
    const two = run(42, 10);
    expect(one.events.length).toBeGreaterThan(300);
    expect(two.events).toEqual(one.events);
    expect(run(43, 10).events).not.toEqual(one.events);
  });

  it('produces a realistic mix: answered, abandoned, busy and unanswered calls', () => {
    const { outcomes, reasons, events } = run(7, 40);
    expect(outcomes.answered).toBeGreaterThan(100);
    expect(outcomes.cancelled).toBeGreaterThan(0);
    expect(outcomes.busy).toBeGreaterThan(0);
    expect(reasons.no_answer).toBeGreaterThan(0);
    expect(events.some((e) => e.includes('leg.unlinked'))).toBe(true);
    expect(events.some((e) => e.includes('call.progress'))).toBe(true);
  });

  it('stop ends arrivals but lets calls in progress finish; clear forgets everything', () => {
    const { engine, traffic, clock } = run(3, 2);
    traffic.stop();
    expect(traffic.status()).toEqual({ running: false, callsPerMinute: null, seed: null });
    clock.advance(60 * 60_000);
    expect(engine.calls()).toEqual([]);
    traffic.start({ callsPerMinute: 60, seed: 5 });
    expect(traffic.status()).toEqual({ running: true, callsPerMinute: 60, seed: 5 });
    clock.advance(30_000);
    traffic.clear();
    engine.reset();
    expect(clock.pending).toBe(0);
  });
});
