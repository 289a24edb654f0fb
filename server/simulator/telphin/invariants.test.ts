import { describe, expect, it } from 'vitest';
import { CallEngine } from '../engine/call-engine';
import { ManualClock } from '../engine/clock';
import { TrafficGenerator } from '../engine/traffic';
import { startTelphinFacade } from './telphin-facade';

describe('telphin events under random site-C traffic (telphin.md §6.1)', () => {
  it('every leg opens once, answers at most once, closes once; ids and times hold; the queue gets busy', async () => {
    const clock = new ManualClock();
    const engine = new CallEngine({ clock });
    const facade = await startTelphinFacade({ engine });
    const traffic = new TrafficGenerator(engine);
    let maxWaiting = 0;
    try {
      traffic.start({ callsPerMinute: 40, seed: 11, sites: ['C'] });
      for (let i = 0; i < 5 * 60; i++) {
        clock.advance(1_000);
        maxWaiting = Math.max(maxWaiting, engine.truth().queueWaiting.length);
        expect(engine.truth().legs.every((l) => l.site === 'C')).toBe(true);
      }
      traffic.stop();
      clock.advance(60 * 60_000);
      expect(engine.calls()).toEqual([]);
      const events = facade.events();
      expect(events.length).toBeGreaterThan(500);
      expect(events.length).toBeLessThan(2_000);
      const legs = new Map<string, string[]>();
      const callOf = new Map<string, string>();
      let last = 0;
      for (const { owner, params: p } of events) {
        const time = Number(p.EventTime);
        expect(time).toBeGreaterThan(last);
        last = time;
        expect(p.SubCallID?.startsWith(`${owner.id}-`)).toBe(true);
        expect(p.CallID).toMatch(/^[0-9a-f]{32}$/);
        const sub = p.SubCallID ?? '';
        if (callOf.has(sub)) expect(callOf.get(sub)).toBe(p.CallID);
        callOf.set(sub, p.CallID ?? '');
        legs.set(sub, [...(legs.get(sub) ?? []), p.EventType ?? '']);
        if (p.EventType === 'answer' || p.EventType === 'dial-out') expect(owner.type === 'ivr').toBe(false);
        if (p.Bridged !== undefined) expect(['ivr', 'queue']).toContain(owner.type);
      }
      const shapes = new Set([...legs.values()].map((types) => types.join(',')));
      for (const shape of shapes) expect(shape).toMatch(/^(dial-in|dial-out)(,answer)?,hangup$/);
      expect(shapes).toEqual(new Set(['dial-in,hangup', 'dial-in,answer,hangup', 'dial-out,hangup', 'dial-out,answer,hangup']));
      const statuses = new Set(events.filter((e) => e.params.EventType === 'hangup').map((e) => e.params.CallStatus));
      expect([...statuses].sort()).toEqual(expect.arrayContaining(['ANSWER', 'BUSY', 'CANCEL', 'NOANSWER']));
      expect(maxWaiting).toBeGreaterThanOrEqual(2);
    } finally {
      traffic.dispose();
      await facade.close();
    }
  });
});
