/**
 * Test-only: a small scripted Realtime API server (switchvox.md §1–§5) on 127.0.0.1, port 0, built
 * like the simulator's option B — socket.io 4 with `allowEIO3` and a check that refuses any other
 * `EIO` — so the connector is tested over real sockets without depending on the simulator.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import { Server, type Socket } from 'socket.io';
import { LINE_TOPIC } from './schema';

export interface FakeAccount {
  accountId: number;
  extension: string;
  /** Accounts with a password can log in. */
  password?: string;
}

export interface FakeRequest {
  /** 1-based connection number. */
  connection: number;
  id: unknown;
  method: string;
  params: Record<string, unknown>;
  /** `performance.now()` on arrival. */
  receivedAt: number;
}

export type FakeReply = { result: unknown } | { error: { code: number; message: string } } | 'silent';

export interface FakeSwitchvoxOptions {
  accounts: FakeAccount[];
  /** Account ids the login account may not observe: `subscribe` → -32001. */
  forbidden?: number[];
  canDial?: boolean;
  /** After `subscribe` → true, replay these lines (params) of newly added targets (§4.3). */
  snapshot?: () => Record<string, unknown>[];
  /** Overrides the built-in behaviour for one request; return undefined to fall through. */
  override?: (req: FakeRequest, session: FakeSessionState) => FakeReply | undefined;
}

export interface FakeSessionState {
  loggedIn: boolean;
  subscribed: Set<number>;
}

export interface FakeSwitchvox {
  url: string;
  requests: FakeRequest[];
  /** How many socket.io connections were opened so far. */
  readonly connections: number;
  /** Sends a line notification (params) to every session subscribed to its account; returns how many. */
  notify(params: Record<string, unknown>, envelope?: Record<string, unknown>): number;
  /** Closes every engine.io transport: the client sees `transport close` and reconnects itself. */
  dropTransport(): void;
  /** socket.io-level disconnect (`io server disconnect`): the client's socket.io does not reconnect. */
  disconnectAll(): void;
  close(): Promise<void>;
}

const codes = { invalidParams: -32602, notAuthenticated: -32000, notAuthorized: -32001, alreadyAuthenticated: -32002 };

/** Starts the fake on 127.0.0.1 with path `/rtapi/socket.io`. */
export async function startFakeSwitchvox(options: FakeSwitchvoxOptions): Promise<FakeSwitchvox> {
  const http = createServer();
  const io = new Server(http, {
    path: '/rtapi/socket.io',
    allowEIO3: true,
    // Refuse EIO=4 like a real PBX would (§1.3 option B).
    allowRequest: (req, callback) => callback(null, new URL(req.url ?? '/', 'http://x').searchParams.get('EIO') === '3'),
    pingInterval: 25_000,
    pingTimeout: 60_000,
  });
  const requests: FakeRequest[] = [];
  const sessions = new Map<Socket, FakeSessionState>();
  const known = new Map(options.accounts.map((a) => [a.accountId, a]));
  let connections = 0;

  io.on('connection', (socket) => {
    const connection = ++connections;
    const session: FakeSessionState = { loggedIn: false, subscribed: new Set() };
    sessions.set(socket, session);
    socket.on('disconnect', () => sessions.delete(socket));
    socket.on('request', (message: { id?: unknown; method?: string; params?: Record<string, unknown> }) => {
      const req: FakeRequest = {
        connection,
        id: message.id,
        method: String(message.method),
        params: message.params ?? {},
        receivedAt: performance.now(),
      };
      requests.push(req);
      const added = new Set<number>();
      const reply = options.override?.(req, session) ?? handle(req, session, added);
      if (reply === 'silent') return;
      socket.emit('response', { jsonrpc: '2.0', id: req.id, ...reply });
      // The default simulator replays non-idle lines of newly added targets after the `true` (§4.3).
      for (const params of options.snapshot?.() ?? []) {
        const id = (params.account as { accountId: number }).accountId;
        if (added.has(id)) socket.emit('notification', { jsonrpc: '2.0', method: LINE_TOPIC, params });
      }
      if (req.method === 'logout' && 'result' in reply) socket.disconnect(true);
    });
  });

  const err = (code: number, message: string): FakeReply => ({ error: { code, message } });

  function handle(req: FakeRequest, session: FakeSessionState, added: Set<number>): FakeReply {
    if (!['login', 'logout', 'subscribe', 'unsubscribe', 'dial'].includes(req.method)) return err(-32601, 'Method not found');
    if (req.method === 'login') {
      if (session.loggedIn) return err(codes.alreadyAuthenticated, 'Session already authenticated');
      const account = options.accounts.find((a) => a.extension === req.params.extension);
      if (!account?.password || account.password !== req.params.password) return err(codes.notAuthenticated, 'Invalid extension or password');
      session.loggedIn = true;
      return { result: true };
    }
    if (!session.loggedIn) return err(codes.notAuthenticated, 'Not authenticated');
    if (req.method === 'logout') return { result: true };
    if (req.method === 'dial') {
      if (typeof req.params.extension !== 'string') return err(codes.invalidParams, 'Invalid params');
      return options.canDial === false ? err(codes.notAuthorized, 'Not authorized') : { result: true };
    }
    const targets = req.params.targets;
    if (req.params.topic !== LINE_TOPIC || !Array.isArray(targets)) return err(codes.invalidParams, 'Invalid params');
    const ids = targets.map((t: { account?: { accountId?: unknown } }) => Number(t.account?.accountId));
    // All-or-nothing (§4.3): unknown target → -32602, forbidden → -32001.
    if (ids.some((id) => !known.has(id))) return err(codes.invalidParams, 'Unknown target');
    if (ids.some((id) => options.forbidden?.includes(id))) return err(codes.notAuthorized, 'Not authorized');
    for (const id of ids) {
      if (!session.subscribed.has(id)) added.add(id);
      session.subscribed.add(id);
    }
    return { result: true };
  }

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get connections() {
      return connections;
    },
    notify(params, envelope = { jsonrpc: '2.0', method: LINE_TOPIC }) {
      const id = (params.account as { accountId: number }).accountId;
      let sent = 0;
      for (const [socket, session] of sessions) {
        if (!session.loggedIn || !session.subscribed.has(id)) continue;
        socket.emit('notification', { ...envelope, params });
        sent += 1;
      }
      return sent;
    },
    dropTransport() {
      for (const socket of sessions.keys()) socket.conn.close();
    },
    disconnectAll() {
      for (const socket of sessions.keys()) socket.disconnect(true);
    },
    close: () =>
      new Promise<void>((resolve) => {
        io.close(() => resolve());
      }),
  };
}

/** A pino logger at debug level whose output lines are kept for inspection. */
export function captureLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = pino({ level: 'debug', base: undefined }, { write: (line: string) => void lines.push(line) });
  return { logger, lines };
}
