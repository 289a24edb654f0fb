/**
 * The Realtime API transport (switchvox.md §1–§3) behind a small interface, so the socket.io library
 * can be swapped for a v4 adapter if a future PBX firmware needs one (§1.3 point 4). The only
 * implementation uses socket.io-client 2.5 over websocket, which speaks Engine.IO v3 like the PBX.
 */
import type { Logger } from 'pino';
import io from 'socket.io-client';
import { RpcError } from './rpc-error';
import { ZRpcResponse } from './schema';

/** Who ended a connection, which decides who reconnects it (§2, §11.4). */
export type DisconnectCause =
  /** The PBX closed the session (socket.io `io server disconnect`): socket.io will not reconnect. */
  | 'server'
  /** We closed it (`close()`). */
  | 'client'
  /** The transport dropped (PBX restart, network): socket.io reconnects by itself. */
  | 'transport';

export interface RpcSessionEvents {
  /** A (re)connected socket: the session is new and unauthenticated (§2). */
  connect: () => void;
  disconnect: (cause: DisconnectCause, reason: string) => void;
  /** The argument of a socket.io `notification` event, unparsed. */
  notification: (message: unknown) => void;
  /** A failed connection attempt, in plain words; socket.io keeps retrying. */
  connectError: (message: string) => void;
}

/** One socket.io connection carrying one API session at a time (§1.1). */
export interface RpcSession {
  readonly connected: boolean;
  /** Sends a JSON-RPC request; resolves with its `result`, rejects with an `RpcError`. */
  request(method: string, params?: Record<string, unknown>): Promise<unknown>;
  on<E extends keyof RpcSessionEvents>(event: E, listener: RpcSessionEvents[E]): void;
  /** Closes the socket; no reconnection follows. Pending requests are rejected. */
  close(): void;
}

export interface RpcSessionOptions {
  /** PBX origin, e.g. `https://sv.example` (a path would be read as a socket.io namespace). */
  url: string;
  /** PEM CA bundle for a self-signed PBX (§1.5). */
  ca?: string;
  rejectUnauthorized: boolean;
  /** Per-request timeout (§11.3); default 10 s. */
  requestTimeoutMs?: number;
  /** socket.io's automatic reconnection after transport drops (§11.4): default 1 s → 30 s. */
  reconnectionDelayMs?: number;
  reconnectionDelayMaxMs?: number;
  /** Texts masked in anything logged or put in an error message (the password). */
  secrets?: readonly string[];
  logger: Logger;
}

export type RpcSessionFactory = (options: RpcSessionOptions) => RpcSession;

/** The socket.io-client 2.x options missing from @types/socket.io-client 1.4 (engine.io-client 3 has them). */
interface Socket2Options extends SocketIOClient.ConnectOpts {
  ca?: string;
  rejectUnauthorized?: boolean;
}

interface Pending {
  method: string;
  resolve: (result: unknown) => void;
  reject: (error: RpcError) => void;
  timer: NodeJS.Timeout;
}

/** The Realtime API's socket.io path (§1.1). */
export const RTAPI_PATH = '/rtapi/socket.io';

/** Opens a socket.io-client 2.5 connection with its own Manager (§1.3, §11.1). */
export const openSocketIoSession: RpcSessionFactory = (options) => {
  const log = options.logger;
  const timeoutMs = options.requestTimeoutMs ?? 10_000;
  const scrub = scrubber(options.secrets ?? []);
  const listeners: { [E in keyof RpcSessionEvents]: RpcSessionEvents[E][] } = { connect: [], disconnect: [], notification: [], connectError: [] };
  const fire = <E extends keyof RpcSessionEvents>(event: E, ...args: Parameters<RpcSessionEvents[E]>) => {
    for (const listener of listeners[event]) (listener as (...a: Parameters<RpcSessionEvents[E]>) => void)(...args);
  };
  const pending = new Map<number, Pending>();
  let nextId = 1;

  const socketOptions: Socket2Options = {
    path: RTAPI_PATH,
    // Websocket only: 2.x long-polling mangles non-ASCII text from a 1.x server (§1.3).
    transports: ['websocket'],
    // A new Manager per session: two sessions on one connection make the second login fail (§1.1).
    forceNew: true,
    multiplex: false,
    reconnection: true,
    reconnectionDelay: options.reconnectionDelayMs ?? 1_000,
    reconnectionDelayMax: options.reconnectionDelayMaxMs ?? 30_000,
    randomizationFactor: 0.5,
    ca: options.ca,
    rejectUnauthorized: options.rejectUnauthorized,
  };
  const socket = io(options.url, socketOptions);

  const failAll = (error: (method: string) => RpcError) => {
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      pending.delete(id);
      p.reject(error(p.method));
    }
  };

  socket.on('connect', () => {
    // Ids are per connection (§3.1); nothing from an older connection can still be answered.
    nextId = 1;
    fire('connect');
  });
  socket.on('disconnect', (reason: string) => {
    // §11.3: the responses of pending requests are lost with the connection.
    failAll((method) => new RpcError(`The connection to the PBX dropped before it answered ${method}.`, 'disconnected', method));
    const cause: DisconnectCause = reason === 'io server disconnect' ? 'server' : reason === 'io client disconnect' ? 'client' : 'transport';
    fire('disconnect', cause, reason);
  });
  socket.on('connect_error', (error: unknown) => fire('connectError', scrub(describeSocketError(error))));
  socket.on('notification', (message: unknown) => fire('notification', message));
  socket.on('response', (message: unknown) => {
    const parsed = ZRpcResponse.safeParse(message);
    if (!parsed.success) {
      log.warn({ response: message }, 'Switchvox response not understood; ignored');
      return;
    }
    const { id, error, result } = parsed.data;
    const key = typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : id;
    const p = typeof key === 'number' ? pending.get(key) : undefined;
    if (!p) {
      // A late answer after its timeout, or an id we never sent: matched by id only (§3.1).
      log.debug({ id }, 'Switchvox response for no pending request; ignored');
      return;
    }
    clearTimeout(p.timer);
    pending.delete(key as number);
    if (error) {
      const vendorMessage = error.message ? scrub(error.message) : undefined;
      const words = vendorMessage ? `${vendorMessage} (code ${error.code})` : `error ${error.code}`;
      p.reject(new RpcError(`Switchvox refused ${p.method}: ${words}.`, 'rpc', p.method, error.code, vendorMessage));
    } else {
      p.resolve(result);
    }
  });

  return {
    get connected() {
      return socket.connected;
    },

    request(method, params) {
      // socket.io-client buffers emits while disconnected and flushes them on reconnect — before the
      // new session's login, and blindly re-sending e.g. a dial (§11.3). So never send unconnected.
      if (!socket.connected) {
        return Promise.reject(new RpcError(`Not connected to the PBX; ${method} was not sent.`, 'not_connected', method));
      }
      const id = nextId++;
      log.debug({ id, method, params: params && redact(params) }, 'switchvox request');
      return new Promise<unknown>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new RpcError(`The PBX did not answer ${method} within ${duration(timeoutMs)}.`, 'timeout', method));
        }, timeoutMs);
        pending.set(id, { method, resolve, reject, timer });
        socket.emit('request', params === undefined ? { jsonrpc: '2.0', id, method } : { jsonrpc: '2.0', id, method, params });
      });
    },

    on(event, listener) {
      listeners[event].push(listener);
    },

    close() {
      socket.close();
      failAll((method) => new RpcError(`The connection was closed before the PBX answered ${method}.`, 'disconnected', method));
    },
  };
};

const duration = (ms: number) => (ms >= 1_000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`);

/** Request params fit for a log line: the login password never appears (§11.12). */
export function redact(params: Record<string, unknown>): Record<string, unknown> {
  return 'password' in params ? { ...params, password: '[redacted]' } : params;
}

function scrubber(secrets: readonly string[]): (text: string) => string {
  const forms = secrets.filter((s) => s.length > 0);
  return (text) => forms.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
}

const reasons: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'the connection was reset',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPROTO: 'TLS handshake failed (is the PBX really HTTPS?)',
};

/** Plain words for a socket.io-client 2 `connect_error`; the useful part hides in `description`. */
export function describeSocketError(error: unknown): string {
  if (!(error instanceof Error)) return typeof error === 'string' ? error : 'connection failed';
  const description = (error as Error & { description?: unknown }).description;
  const inner = description instanceof Error ? description : (description as { error?: unknown } | undefined)?.error;
  const code = inner instanceof Error ? (inner as Error & { code?: unknown }).code : undefined;
  if (typeof code === 'string') {
    if (reasons[code]) return reasons[code];
    if (/CERT|TLS|SSL|SELF_SIGNED/i.test(code)) return 'the TLS certificate was not accepted';
  }
  if (inner instanceof Error) return inner.message;
  return error.message === 'timeout' ? 'the connection attempt timed out' : error.message;
}
