/** JSON-RPC 2.0 envelope of the Switchvox Realtime API (switchvox.md §3). */

export const RPC_ERRORS = {
  parse: { code: -32700, message: 'Parse error' },
  invalidRequest: { code: -32600, message: 'Invalid Request' },
  methodNotFound: { code: -32601, message: 'Method not found' },
  invalidParams: { code: -32602, message: 'Invalid params' },
  internal: { code: -32603, message: 'Internal error' },
  notAuthenticated: { code: -32000, message: 'Not authenticated' },
  notAuthorized: { code: -32001, message: 'Not authorized' },
  alreadyAuthenticated: { code: -32002, message: 'Session already authenticated' },
} as const;

export type RpcErrorKind = keyof typeof RPC_ERRORS;
export type RpcId = string | number | null;

export type RpcResponse =
  | { jsonrpc: '2.0'; id: RpcId; result: true }
  | { jsonrpc: '2.0'; id: RpcId; error: { code: number; message: string } };

/** A refused request; `detail` is appended to the standard message (informative only, §3.2). */
export class RpcError extends Error {
  constructor(
    readonly kind: RpcErrorKind,
    detail?: string,
    /** Replaces the whole message instead of appending `detail`. */
    exact?: string,
  ) {
    super(exact ?? (detail ? `${RPC_ERRORS[kind].message}: ${detail}` : RPC_ERRORS[kind].message));
    this.name = 'RpcError';
  }

  get code(): number {
    return RPC_ERRORS[this.kind].code;
  }
}

export function errorResponse(id: RpcId, err: RpcError): RpcResponse {
  return { jsonrpc: '2.0', id, error: { code: err.code, message: err.message } };
}

export function resultResponse(id: RpcId): RpcResponse {
  return { jsonrpc: '2.0', id, result: true };
}

export interface RpcRequest {
  id: RpcId;
  /** JSON-RPC: a request without `id` is a notification and never gets a response (§3.1). */
  hasId: boolean;
  method: string;
  params: unknown;
}

export type Envelope = { ok: true; request: RpcRequest } | { ok: false; id: RpcId; error: RpcError };

const isId = (v: unknown): v is RpcId => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) || v === null;

/**
 * Checks the argument of a `request` event (§3.1, §3.3): a string is parsed as JSON (-32700 if it
 * cannot be); an array (batch), a non-object, a bad `id`, `jsonrpc` ≠ "2.0" or a non-string `method`
 * is -32600. The id is echoed when it could be read, else `null`.
 */
export function parseEnvelope(arg: unknown): Envelope {
  let value = arg;
  if (typeof arg === 'string') {
    try {
      value = JSON.parse(arg) as unknown;
    } catch {
      return { ok: false, id: null, error: new RpcError('parse') };
    }
  }
  if (Array.isArray(value)) return { ok: false, id: null, error: new RpcError('invalidRequest', 'batch requests are not supported') };
  if (typeof value !== 'object' || value === null) return { ok: false, id: null, error: new RpcError('invalidRequest', 'not an object') };
  const obj = value as Record<string, unknown>;
  const hasId = 'id' in obj;
  if (hasId && !isId(obj.id)) return { ok: false, id: null, error: new RpcError('invalidRequest', 'id must be a number or a string') };
  const id = hasId ? (obj.id as RpcId) : null;
  if (obj.jsonrpc !== '2.0') return { ok: false, id, error: new RpcError('invalidRequest', 'jsonrpc must be "2.0"') };
  if (typeof obj.method !== 'string') return { ok: false, id, error: new RpcError('invalidRequest', 'method must be a string') };
  return { ok: true, request: { id, hasId, method: obj.method, params: obj.params } };
}
