/**
 * Keeping the apiKey out of every message (DESIGN.md §6, noojee.md §7.1). It travels in the query
 * string, so a server error page or a transport error can echo it back to us.
 */
import { redactUrl } from '@/server/log';

/** A function that masks the key (raw or URL-encoded) and secret query parameters in any text. */
export function createScrubber(apiKey: string): (text: string) => string {
  const forms = [...new Set([apiKey, encodeURIComponent(apiKey), new URLSearchParams({ k: apiKey }).toString().slice(2)])].filter(
    (form) => form.length > 0,
  );
  return (text) => forms.reduce((out, form) => out.split(form).join('[redacted]'), redactUrl(text));
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
