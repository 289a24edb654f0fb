/** Why a Telphin API request failed (telphin.md §4.3, §11.11). */
export type TelphinErrorKind =
  /** The API host could not be reached or dropped the connection. */
  | 'network'
  /** No complete reply within the request's timeout. */
  | 'timeout'
  /** Our own caller aborted (connector stopping). */
  | 'aborted'
  /** The token endpoint refused the app credentials, or a fresh token was refused too (§2.3). */
  | 'auth'
  /** Still `429` after the allowed back-off retries (§8.6). */
  | 'rate_limited'
  /** Any other non-2xx status; `details.vendorMessage` holds the vendor's `{"message"}`. */
  | 'http'
  /** A 2xx reply that is not JSON or not the documented shape. */
  | 'invalid';

/** A failed Telphin request; `message` is plain words and never contains a secret. */
export class TelphinError extends Error {
  constructor(
    message: string,
    readonly kind: TelphinErrorKind,
    readonly details: { status?: number; vendorMessage?: string; method?: string; path?: string } = {},
  ) {
    super(message);
    this.name = 'TelphinError';
  }
}

const reasons: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was reset',
  UND_ERR_SOCKET: 'the connection was dropped',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

/** Plain words for a fetch failure; undici hides the useful part in `cause.code`. */
export function describeNetworkError(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string') {
      if (reasons[code]) return reasons[code];
      if (/CERT|TLS|SSL/i.test(code)) return 'the TLS certificate was not accepted';
    }
    current = current.cause;
  }
  if (error instanceof Error && error.message === 'terminated') return 'the connection was dropped';
  return error instanceof Error ? error.message : 'unknown network error';
}
