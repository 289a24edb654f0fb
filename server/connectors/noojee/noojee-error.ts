/** Why a CallManagementAPI request failed (noojee.md §1.5, §7.2). */
export type NoojeeErrorKind =
  /** The server could not be reached or dropped the connection. */
  | 'network'
  /** No complete reply within the request's timeout. */
  | 'timeout'
  /** Our own caller aborted (connector stopping). */
  | 'aborted'
  /** A non-2xx status, whatever the body (HTML, text, empty, JSON). */
  | 'http'
  /** A 2xx reply that is not JSON or not the documented shape. */
  | 'invalid'
  /** A JSON reply with `Code < 0`: the PBX refused the request. */
  | 'rejected';

/** A failed CallManagementAPI request; `message` is plain words and never contains the apiKey. */
export class NoojeeError extends Error {
  constructor(
    message: string,
    readonly kind: NoojeeErrorKind,
    readonly method: string,
    readonly details: { status?: number; code?: number; vendorMessage?: string } = {},
  ) {
    super(message);
    this.name = 'NoojeeError';
  }
}
