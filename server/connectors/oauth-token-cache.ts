/** An access token as an OAuth token endpoint issued it. */
export interface IssuedToken {
  value: string;
  expiresInS: number | undefined;
}

/**
 * One OAuth access token per client, shared by concurrent callers (one token request in flight),
 * renewed before it expires (`renewBeforeMs`, at most a tenth of its lifetime), and dropped when the
 * API refused it so the next call fetches a fresh one (the single retry after 401).
 */
export function createTokenCache(options: { issue: (signal?: AbortSignal) => Promise<IssuedToken>; now: () => number; renewBeforeMs: number }) {
  let token: { value: string; renewAtMs: number } | null = null;
  let pending: Promise<string> | null = null;

  async function issue(signal?: AbortSignal): Promise<string> {
    const issued = await options.issue(signal);
    const lifetimeMs = (issued.expiresInS ?? 3600) * 1000;
    token = { value: issued.value, renewAtMs: options.now() + lifetimeMs - Math.min(options.renewBeforeMs, lifetimeMs / 10) };
    return issued.value;
  }

  return {
    get(signal?: AbortSignal): Promise<string> {
      if (token && options.now() < token.renewAtMs) return Promise.resolve(token.value);
      pending ??= issue(signal).finally(() => (pending = null));
      return pending;
    },
    /** The API answered 401/403 to `bearer`: forget it (unless a newer one already replaced it). */
    reject(bearer: string): void {
      if (token?.value === bearer) token = null;
    },
  };
}
