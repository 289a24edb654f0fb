/** One item's outcome; `skipped` was never started (cancelled first), `cancelled` was aborted mid-way. */
export type BulkOutcome<T, R> =
  | { item: T; status: 'ok'; value: R }
  | { item: T; status: 'failed'; error: unknown }
  | { item: T; status: 'cancelled' }
  | { item: T; status: 'skipped' };

export interface BulkOptions<T, R> {
  concurrency: number;
  signal?: AbortSignal;
  /** After each item settles: how many have finished, out of how many, and which one. */
  onProgress?: (done: number, total: number, outcome: BulkOutcome<T, R>, index: number) => void;
}

/**
 * Runs `fn` over `items` with at most `concurrency` calls in flight, in list order. A failure is
 * recorded and the rest go on; once `signal` aborts no more start, and the ones in flight (given
 * the same signal) count as cancelled. Outcomes come back in the order of `items`.
 */
export async function runBulk<T, R>(
  items: readonly T[],
  fn: (item: T, signal: AbortSignal) => Promise<R>,
  { concurrency, signal = new AbortController().signal, onProgress }: BulkOptions<T, R>,
): Promise<BulkOutcome<T, R>[]> {
  const outcomes: BulkOutcome<T, R>[] = items.map((item) => ({ item, status: 'skipped' }));
  let next = 0;
  let done = 0;

  async function worker(): Promise<void> {
    while (!signal.aborted && next < items.length) {
      const index = next++;
      const item = items[index] as T;
      let outcome: BulkOutcome<T, R>;
      try {
        outcome = { item, status: 'ok', value: await fn(item, signal) };
      } catch (error) {
        outcome = signal.aborted ? { item, status: 'cancelled' } : { item, status: 'failed', error };
      }
      outcomes[index] = outcome;
      if (outcome.status !== 'cancelled') done += 1;
      onProgress?.(done, items.length, outcome, index);
    }
  }

  const workers = Math.max(1, Math.min(Math.floor(concurrency) || 1, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return outcomes;
}
