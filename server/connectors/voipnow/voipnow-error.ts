/** Why a VoipNow UAPI request failed (voipnow.md §1.5). */
export type VoipnowErrorKind =
  /** The host could not be reached or dropped the connection. */
  | 'network'
  /** No complete reply within the request's timeout. */
  | 'timeout'
  /** Our own caller aborted (connector stopping). */
  | 'aborted'
  /** The token endpoint refused the credentials, or a fresh token was refused too (401/403). */
  | 'auth'
  /** Any other non-2xx status; `details.code`/`vendorMessage` hold the vendor's `{"error":{code,message}}`. */
  | 'http'
  /** A 2xx reply that is not JSON or not the documented shape. */
  | 'invalid';

/** A failed VoipNow request; `message` is plain words and never contains a secret. */
export class VoipnowError extends Error {
  constructor(
    message: string,
    readonly kind: VoipnowErrorKind,
    readonly details: { status?: number; code?: string; vendorMessage?: string; method?: string; path?: string } = {},
  ) {
    super(message);
    this.name = 'VoipnowError';
  }
}
