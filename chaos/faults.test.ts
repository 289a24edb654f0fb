import { describe, expect, it } from 'vitest';
import { buildSchedule, FAULT_KINDS } from './faults';

describe('chaos fault schedule', () => {
  it.each([1, 2, 8])('seed %i: every kind keeps its share, and Noojee restarts are at least 30 s apart', (seed) => {
    const schedule = buildSchedule(seed, 30 * 60_000, 15);
    const counts = new Map<string, number>();
    for (const item of schedule) counts.set(item.kind, (counts.get(item.kind) ?? 0) + 1);
    expect(counts.get('linesight.kill9')).toBe(15);
    for (const kind of FAULT_KINDS) expect(counts.get(kind.name), kind.name).toBeGreaterThanOrEqual(35);
    const restarts = schedule.filter((i) => i.kind === 'noojee.seqReset').map((i) => i.atMs);
    for (let i = 1; i < restarts.length; i++) expect(restarts[i]! - restarts[i - 1]!).toBeGreaterThanOrEqual(30_000);
  });

  it('is the same schedule for the same seed', () => {
    expect(buildSchedule(3, 60_000, 1)).toEqual(buildSchedule(3, 60_000, 1));
  });
});
