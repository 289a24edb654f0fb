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

export { describeNetworkError } from '../network-error';
