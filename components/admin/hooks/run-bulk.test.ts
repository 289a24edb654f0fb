import { describe, expect, it } from 'vitest';
import { runBulk } from './run-bulk';

const tick = (ms = 0) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A call that waits for `signal` or a timer, rejecting like fetch does when aborted. */
function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('aborted', 'AbortError'));
    });
  });
}

describe('runBulk', () => {
  it('returns outcomes in list order even when later items finish first', async () => {
    const items = [30, 5, 15, 1];
    const outcomes = await runBulk(items, async (ms) => (await tick(ms), ms * 2), { concurrency: 4 });
    expect(outcomes.map((o) => (o.status === 'ok' ? o.value : o.status))).toEqual([60, 10, 30, 2]);
  });

  it('keeps at most `concurrency` calls in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const started: number[] = [];
    await runBulk(
      Array.from({ length: 10 }, (_, i) => i),
      async (i) => {
        started.push(i);
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await tick(2 + (i % 3));
        inFlight -= 1;
      },
      { concurrency: 4 },
    );
    expect(peak).toBe(4);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('records a failure and goes on with the rest', async () => {
    const progress: string[] = [];
    const outcomes = await runBulk(
      ['a', 'b', 'c'],
      async (s) => {
        if (s === 'b') throw new Error('PBX said no');
        return s.toUpperCase();
      },
      { concurrency: 1, onProgress: (done, total) => progress.push(`${done}/${total}`) },
    );
    expect(outcomes.map((o) => o.status)).toEqual(['ok', 'failed', 'ok']);
    const failed = outcomes[1];
    expect(failed?.status === 'failed' && (failed.error as Error).message).toBe('PBX said no');
    expect(progress).toEqual(['1/3', '2/3', '3/3']);
  });

  it('on abort starts no more and marks the in-flight ones cancelled', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const run = runBulk(
      Array.from({ length: 10 }, (_, i) => i),
      async (i, signal) => {
        started.push(i);
        await abortableDelay(i < 2 ? 1 : 1_000, signal);
        return i;
      },
      { concurrency: 4, signal: controller.signal },
    );
    await tick(30);
    controller.abort();
    const outcomes = await run;
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(outcomes.map((o) => o.status)).toEqual(['ok', 'ok', 'cancelled', 'cancelled', 'cancelled', 'cancelled', 'skipped', 'skipped', 'skipped', 'skipped']);
  });

  it('does nothing for an empty list or an already aborted signal', async () => {
    expect(await runBulk([], async () => 1, { concurrency: 4 })).toEqual([]);
    const controller = new AbortController();
    controller.abort();
    let calls = 0;
    const outcomes = await runBulk([1, 2], async () => (calls += 1), { concurrency: 2, signal: controller.signal });
    expect(calls).toBe(0);
    expect(outcomes.map((o) => o.status)).toEqual(['skipped', 'skipped']);
  });
});
