/** Login retry timing after a refused login (switchvox.md §2); other retries use ../backoff.ts. */
import type { BackoffPolicy } from '../backoff';


/** After a refused login: at least 30 s, doubling, so a wrong password cannot lock the account (§2). */
export const defaultAuthBackoff: Omit<BackoffPolicy, 'random'> = { baseMs: 30_000, capMs: 15 * 60_000 };

/** The delay before login attempt n+1 after n refusals: never below `baseMs`, no jitter downwards. */
export function authDelay(failures: number, policy: Omit<BackoffPolicy, 'random'>): number {
  return Math.min(Math.max(policy.capMs, policy.baseMs), policy.baseMs * 2 ** Math.max(0, failures - 1));
}
