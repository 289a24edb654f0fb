import io from 'socket.io-client';
import type { RunningSimulator } from '../index';
import type { LineParams } from './line-view';
import type { RpcId } from './rpc';
import { RTAPI_PATH } from './switchvox-facade';

/** A `response` as received (loosely typed: tests look at whatever came). */
export interface Received {
  jsonrpc: string;
  id: RpcId;
  result?: unknown;
  error?: { code: number; message: string };
}

export interface ReceivedNotification {
  jsonrpc: string;
  method: string;
  params: LineParams;
  id?: unknown;
}

/** A Realtime API client as the connector builds it (switchvox.md §11.1): socket.io-client 2.5.0, websocket only, new Manager. */
export interface SvClient {
  socket: SocketIOClient.Socket;
  responses: Received[];
  notifications: ReceivedNotification[];
  /** Arrival order: `response <id>` / `notification <status>`. */
  order: string[];
  /** Reasons of every `disconnect`, and how many `connect`s so far. */
  disconnects: string[];
  connects: number;
  /** Sends a request and waits for the response with its id. */
  call(method: string, params?: unknown): Promise<Received>;
  /** Emits `request` with any argument (envelope tests). */
  raw(arg: unknown): void;
  /** Waits until every notification the server sent before now has arrived (a request round trip). */
  sync(): Promise<void>;
  close(): void;
}

/** Polls `check` every 5 ms until it returns true. */
export async function until(check: () => boolean, timeoutMs = 3_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export async function connectClient(sim: RunningSimulator, opts: { reconnection?: boolean } = {}): Promise<SvClient> {
  const socket = io(sim.urls.switchvox, {
    path: RTAPI_PATH,
    transports: ['websocket'],
    forceNew: true,
    reconnection: opts.reconnection ?? false,
    reconnectionDelay: 20,
    reconnectionDelayMax: 50,
  });
  let nextId = 1;
  const client: SvClient = {
    socket,
    responses: [],
    notifications: [],
    order: [],
    disconnects: [],
    connects: 0,
    async call(method, params) {
      const id = nextId++;
      socket.emit('request', params === undefined ? { jsonrpc: '2.0', id, method } : { jsonrpc: '2.0', id, method, params });
      await until(() => client.responses.some((r) => r.id === id), 3_000, `response to ${method}`);
      return client.responses.find((r) => r.id === id) as Received;
    },
    raw(arg) {
      socket.emit('request', arg);
    },
    async sync() {
      await client.call('unsubscribe', { topic: 'state.change.extension.line', targets: [] });
    },
    close() {
      socket.close();
    },
  };
  socket.on('connect', () => {
    client.connects += 1;
  });
  socket.on('disconnect', (reason: string) => client.disconnects.push(reason));
  socket.on('response', (r: Received) => {
    client.responses.push(r);
    client.order.push(`response ${String(r.id)}`);
  });
  socket.on('notification', (n: ReceivedNotification) => {
    client.notifications.push(n);
    client.order.push(`notification ${n.params.status}`);
  });
  await until(() => client.connects > 0, 3_000, 'connect');
  return client;
}

/** A client logged in as `extension` (password `pw-<extension>`), subscribed to `watch` account ids. */
export async function loggedIn(sim: RunningSimulator, extension: string, watch: number[] = []): Promise<SvClient> {
  const client = await connectClient(sim);
  const login = await client.call('login', { extension, password: `pw-${extension}` });
  if (login.result !== true) throw new Error(`login ${extension} failed: ${JSON.stringify(login)}`);
  if (watch.length > 0) {
    const sub = await client.call('subscribe', { topic: 'state.change.extension.line', targets: watch.map((accountId) => ({ accountId })) });
    if (sub.result !== true) throw new Error(`subscribe failed: ${JSON.stringify(sub)}`);
  }
  return client;
}

/** `{ uniqueId: ['ringing', 'onThePhone', 'idle'] }` for one account's lines, in arrival order. */
export function statusesByLine(client: SvClient, accountId?: number): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const n of client.notifications) {
    if (accountId !== undefined && n.params.account.accountId !== accountId) continue;
    (out[n.params.uniqueId] ??= []).push(n.params.status);
  }
  return out;
}

/** The same, as a list in order of each line's first notification: `[['ringing', 'idle'], …]`. */
export function sequences(client: SvClient, accountId?: number): string[][] {
  return Object.values(statusesByLine(client, accountId));
}
