/**
 * A short seeded chaos run (chaos/run.ts): ~1 minute of every simulator fault and one kill -9 of
 * Linesight, on a production build, then zero lost, phantom, duplicated and wrong calls and no tile
 * still wrong after settling. About 2½ minutes on 2 cores, so it runs only with CHAOS=1
 * (`CHAOS=1 npx vitest run chaos`), not in the default suite.
 */
import { describe, expect, it } from 'vitest';
import { formatTable, runChaos } from './run';

describe.runIf(process.env.CHAOS === '1')('chaos run', () => {
  it('keeps every call and tile right through faults and a kill -9', async () => {
    const result = await runChaos({ minutes: 1, seed: 8, callsPerMinute: 60, settleS: 75, killCount: 1 });
    const table = formatTable(result);
    const examples = Object.values(result.sites).flatMap((s) => s.examples);
    expect(result.total, `${table}\n${examples.join('\n')}`).toEqual({ lost: 0, phantom: 0, duplicated: 0, wrongOutcome: 0, tilesWrongAtEnd: 0 });
  }, 300_000);
});
