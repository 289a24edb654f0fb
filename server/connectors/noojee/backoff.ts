/** Reconnect timing (DESIGN.md §2: capped exponential backoff with jitter; noojee.md §4 step 3). */
export interface BackoffPolicy {
  /** First step; noojee.md §4 says 1 s. */
  baseMs: number;
  /** Ceiling; noojee.md §4 says 30 s. */
  capMs: number;
  /** Source of jitter in [0, 1); injectable for tests. */
  random: () => number;
}

export const defaultBackoff: BackoffPolicy = { baseMs: 1_000, capMs: 30_000, random: Math.random };

/**
 * Full jitter: a uniform delay in [0, min(cap, base·2^(n-1))) for the n-th failure in a row, so many
 * connectors that lost the same PBX do not all come back in the same instant.
 */
export function backoffDelay(failures: number, policy: BackoffPolicy): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, failures - 1));
  return Math.floor(policy.random() * ceiling);
}

/** Waits `ms`, or less if `signal` aborts first; never rejects. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
