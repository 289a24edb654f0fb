/** Reconnect and retry timing shared by every connector (DESIGN.md §2: capped exponential backoff with jitter). */
export interface BackoffPolicy {
  /** First step (1 s for every vendor so far). */
  baseMs: number;
  /** Ceiling (30 s for every vendor so far). */
  capMs: number;
  /** Source of jitter in [0, 1); injectable for tests. */
  random: () => number;
}

export const defaultBackoff: BackoffPolicy = { baseMs: 1_000, capMs: 30_000, random: Math.random };

const step = (failures: number, policy: BackoffPolicy) => Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, failures - 1));

/**
 * The delay before retry n (1-based): base·2^(n-1) capped, ±50 % jitter (socket.io's own shape), so
 * connectors that lost the same PBX do not all come back in the same instant.
 */
export function backoffDelay(failures: number, policy: BackoffPolicy): number {
  const jittered = step(failures, policy) * (1 + (policy.random() * 2 - 1) * 0.5);
  return Math.round(Math.min(policy.capMs, Math.max(0, jittered)));
}

/** Full jitter: uniform in [0, base·2^(n-1) capped) — for a long-poll loop that may retry at once. */
export function fullJitterDelay(failures: number, policy: BackoffPolicy): number {
  return Math.floor(policy.random() * step(failures, policy));
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
