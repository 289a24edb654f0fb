/** Plain words for network failures, shared by the HTTP-based connectors. */
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
