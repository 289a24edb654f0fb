/** Reconnect and rate-limit timing (DESIGN.md §2; telphin.md §8.6: start 1 s, cap 30 s). */
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
  /** Source of jitter in [0, 1); injectable for tests. */
  random: () => number;
}

export const defaultBackoff: BackoffPolicy = { baseMs: 1_000, capMs: 30_000, random: Math.random };

/**
 * The delay before retry n (1-based): base·2^(n-1) capped, with ±50 % jitter so connectors that lost
 * the same API do not all come back in the same instant.
 */
export function backoffDelay(failures: number, policy: BackoffPolicy): number {
  const step = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, failures - 1));
  const jittered = step * (1 + (policy.random() * 2 - 1) * 0.5);
  return Math.round(Math.min(policy.capMs, Math.max(0, jittered)));
}

/** Waits `ms`, or less if `signal` aborts first; never rejects. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
