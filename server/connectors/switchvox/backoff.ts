/** Reconnect timing (switchvox.md §2, §11.4; DESIGN.md §2: capped exponential backoff with jitter). */
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
  /** Source of jitter in [0, 1); injectable for tests. */
  random: () => number;
}

/** Our own reconnects (after a server-initiated disconnect) and bootstrap retries: 1 s → 30 s (§11.4). */
export const defaultBackoff: BackoffPolicy = { baseMs: 1_000, capMs: 30_000, random: Math.random };

/** After a refused login: at least 30 s, doubling, so a wrong password cannot lock the account (§2). */
export const defaultAuthBackoff: Omit<BackoffPolicy, 'random'> = { baseMs: 30_000, capMs: 15 * 60_000 };

/** The delay before retry n (1-based): socket.io's own shape, base·2^(n-1) capped, ±50 % jitter. */
export function backoffDelay(failures: number, policy: BackoffPolicy): number {
  const step = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, failures - 1));
  const jittered = step * (1 + (policy.random() * 2 - 1) * 0.5);
  return Math.round(Math.min(policy.capMs, Math.max(0, jittered)));
}

/** The delay before login attempt n+1 after n refusals: never below `baseMs`, no jitter downwards. */
export function authDelay(failures: number, policy: Omit<BackoffPolicy, 'random'>): number {
  return Math.min(Math.max(policy.capMs, policy.baseMs), policy.baseMs * 2 ** Math.max(0, failures - 1));
}
