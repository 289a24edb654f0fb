import { describe, expect, it } from 'vitest';
import { compareSite, type StoredLeg } from './compare';
import type { TruthLegRecord } from './truth-recorder';

const truth = (n: number, startedAt: number, o: Partial<TruthLegRecord> = {}): TruthLegRecord => ({
  legId: `c1:201:${n}`, callId: 'c1', site: 'A', extension: '201', peers: ['0412000111'], startedAt, answeredAt: null, endedAt: startedAt + 15_000, reason: 'no_answer', endOnly: false, ...o,
});
const stored = (id: string, startedAt: number, o: Partial<StoredLeg> = {}): StoredLeg => ({
  id, extension: '201', vendorCallId: 'c1', peer: '0412000111', startedAt, answeredAt: null, endedAt: startedAt + 15_000, outcome: 'no_answer', ...o,
});

describe('chaos comparison (Noojee rounds)', () => {
  it('every round folded into one stored leg counts as merged, none as lost', () => {
    // Three rounds; the PBX history that told rounds 2 and 3 apart is gone: one stored leg lasting through all.
    const t = [truth(1, 0), truth(2, 16_000), truth(3, 32_000, { answeredAt: 35_000, endedAt: 60_000, reason: 'hungup' })];
    const s = [stored('A:201:c1', 0, { endedAt: 60_000, answeredAt: 35_000, outcome: 'answered' })];
    const figures = compareSite('A', t, s, []);
    expect(figures).toMatchObject({ lost: 0, roundsMerged: 2, wrongOutcome: 0, phantom: 0 });
  });

  it('a round that began in the last moments before the comparison is neither lost nor wrong', () => {
    const t = [truth(1, 0), truth(2, 99_500, { endedAt: null, reason: null })];
    const s = [stored('A:201:c1', 0)];
    expect(compareSite('A', t, s, [], 100_000)).toMatchObject({ lost: 0, wrongOutcome: 0 });
    expect(compareSite('A', t, s, [], 110_000)).toMatchObject({ lost: 1 });
  });

  it('back-to-back rounds whose first is known only by its end pair by interval, not by a start tie', () => {
    // Round 1 rang while Linesight was down (its opening lost): stored with start = its end.
    const t = [truth(1, 10_000, { endedAt: 25_000 }), truth(2, 25_001, { endedAt: null, answeredAt: 27_000, reason: null })];
    const s = [stored('C:201:a', 25_001, { endedAt: 25_001 }), stored('C:201:b', 25_002, { endedAt: null, answeredAt: 27_000, outcome: null })];
    const down = [{ from: 8_000, to: 16_000 }];
    expect(compareSite('C', t.map((x) => ({ ...x, site: 'C' as const })), s, down, 100_000)).toMatchObject({ lost: 0, wrongOutcome: 0 });
  });
});
