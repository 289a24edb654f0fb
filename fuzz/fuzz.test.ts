/** A bounded, fixed-seed sample of the fuzz corpus (`npm run fuzz` runs all of it). */
import { describe, expect, it } from 'vitest';
import { runCorpus } from './corpus';

describe('input fuzzing (sample)', () => {
  it('no target finds a failure in a 10% sample', async () => {
    const results = await runCorpus({ scale: 0.1, seed: 20260801 });
    expect(results.filter((r) => r.failure).map((r) => `${r.name}: ${r.failure}`)).toEqual([]);
    expect(results.reduce((n, r) => n + r.runs, 0)).toBeGreaterThanOrEqual(500);
  }, 60_000);
});
