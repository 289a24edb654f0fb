/** Why a Realtime API request failed (switchvox.md §3, §11.3). */
export type RpcErrorKind =
  /** The PBX answered with a JSON-RPC error object; `code` says which (§3.3). */
  | 'rpc'
  /** No response within the request's own timeout. */
  | 'timeout'
  /** The connection dropped while the request was pending (its response is lost, §2). */
  | 'disconnected'
  /** Not connected when the request was made: it was not sent (never buffered, §11.3). */
  | 'not_connected';

/** A failed JSON-RPC request; `message` is plain words and never contains a secret. */
export class RpcError extends Error {
  constructor(
    message: string,
    readonly kind: RpcErrorKind,
    readonly method: string,
    readonly code?: number,
    readonly vendorMessage?: string,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

/** Whether `error` is a JSON-RPC error response with one of `codes`. */
export function isRpcCode(error: unknown, ...codes: number[]): error is RpcError & { code: number } {
  return error instanceof RpcError && error.kind === 'rpc' && error.code !== undefined && codes.includes(error.code);
}
