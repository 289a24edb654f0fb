/**
 * Failed sign-ins per account and per address in a sliding window. Memory only: a restart forgets,
 * which is fine for slowing guessing down (the scrypt cost does the rest).
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limits = { perAccount: 5, perAddress: 20, windowMs: 15 * 60_000 },
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until another attempt is allowed for this account/address, or 0. */
  retryAfterS(username: string, ip: string): number {
    const wait = Math.max(this.wait(`u:${username}`, this.limits.perAccount), this.wait(`a:${ip}`, this.limits.perAddress));
    return Math.ceil(wait / 1000);
  }

  recordFailure(username: string, ip: string): void {
    for (const key of [`u:${username}`, `a:${ip}`]) this.failures.set(key, [...this.recent(key), this.now()]);
  }

  recordSuccess(username: string): void {
    this.failures.delete(`u:${username}`);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.limits.windowMs;
    const kept = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (kept.length === 0) this.failures.delete(key);
    return kept;
  }

  private wait(key: string, limit: number): number {
    const recent = this.recent(key);
    if (recent.length < limit) return 0;
    return recent[recent.length - limit]! + this.limits.windowMs - this.now();
  }
}
