import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { logger } from '@/server/log';
import type { CallEngine } from '../engine/call-engine';
import { EngineError } from '../engine/types';
import { closeServer, listen, send } from '../http-util';
import { AccountTable, PermissionTable, type SwitchvoxAccount, type SwitchvoxPermissions } from './accounts';
import { isQueuedKind, SwitchvoxFaults, type TSwitchvoxFaultSpec } from './faults';
import { LineTracker, type LineChange } from './line-tracker';
import { LineViews } from './line-view';
import { SwitchvoxSession } from './session';

/** socket.io path of the Realtime API (switchvox.md §1.1). */
export const RTAPI_PATH = '/rtapi/socket.io';

export interface SwitchvoxFacadeOptions {
  engine: CallEngine;
  host?: string;
  port?: number;
  /** This PBX's `serverUuid` (§6.1); default: a random UUID per start. */
  serverUuid?: string;
  /** Replay a newly subscribed target's non-idle lines after the `true` (§4.3); default true. */
  initialSnapshot?: boolean;
  /** `dial` answers before the line's first notification; default false (notification first, §4.5). */
  dialResponseFirst?: boolean;
  /** Per-account permissions by accountId (§4.7); default: everything allowed. */
  permissions?: Record<number, Partial<SwitchvoxPermissions>>;
}

export type SwitchvoxFaultEntry = (TSwitchvoxFaultSpec & { remaining: number }) | { kind: 'revokeDial' | 'revokeVisibility'; accountId: number };

export interface SwitchvoxFacade {
  /** Server root, e.g. `http://127.0.0.1:PORT`; clients connect with `path: '/rtapi/socket.io'`. */
  url: string;
  serverUuid: string;
  accounts(): SwitchvoxAccount[];
  /** Live socket.io connections (each is one API session, logged in or not). */
  sessions(): number;
  injectFault(spec: TSwitchvoxFaultSpec): void;
  /** Drops pending faults and restores every revoked permission. */
  clearFaults(): void;
  faults(): SwitchvoxFaultEntry[];
  close(): Promise<void>;
}

/**
 * Transport drop as a network failure or PBX restart looks to the client: the TCP socket dies
 * without a socket.io disconnect packet, so the client sees `transport close` and reconnects (§2).
 */
function dropTransport(socket: Socket): void {
  if (socket.conn.transport.name === 'websocket') socket.request.socket.destroy();
  else socket.conn.close();
}

/**
 * The Switchvox Realtime API (switchvox.md §10) for the site-B accounts of the shared call engine:
 * socket.io 4 speaking Engine.IO v3 only (`allowEIO3` plus a refusal of every other `EIO`, §1.3 B).
 */
export async function startSwitchvoxFacade(opts: SwitchvoxFacadeOptions): Promise<SwitchvoxFacade> {
  const log = logger.child({ component: 'simulator', facade: 'switchvox' });
  const { engine } = opts;
  const serverUuid = opts.serverUuid ?? randomUUID();
  const accounts = new AccountTable(engine.directory);
  const permissions = new PermissionTable(opts.permissions);
  const faults = new SwitchvoxFaults();
  const sessions = new Map<string, SwitchvoxSession>();

  const broadcast = (change: LineChange) => {
    const recipients = [...sessions.values()].filter((s) => s.watches(change.accountId));
    // Faults count only notifications someone receives.
    if (recipients.length === 0) return;
    faults.route(change, (c) => recipients.forEach((s) => s.notify(c)));
  };
  const tracker = new LineTracker(engine.clock, accounts, new LineViews(engine.directory, accounts, serverUuid), broadcast);
  const unsubscribe = engine.on((event) => tracker.handle(event));
  const ctx = {
    engine, accounts, permissions, tracker, faults, serverUuid, log,
    initialSnapshot: opts.initialSnapshot ?? true,
    dialResponseFirst: opts.dialResponseFirst ?? false,
  };

  const http = createServer((_req, res) => send(res, 404, 'text/plain', 'Not Found'));
  const io = new Server(http, {
    path: RTAPI_PATH,
    serveClient: false,
    allowEIO3: true,
    // The PBX runs socket.io 1.x: an EIO=4 client must fail here as it fails there (§1.3).
    allowRequest: (req, callback) => {
      const eio = new URL(req.url ?? '/', 'http://switchvox').searchParams.get('EIO');
      callback(eio === '3' ? null : 'Unsupported protocol version', eio === '3');
    },
    pingInterval: 25_000,
    pingTimeout: 60_000,
  });
  io.on('connection', (socket) => {
    sessions.set(socket.id, new SwitchvoxSession(socket, ctx));
    socket.on('disconnect', (reason) => {
      sessions.get(socket.id)?.end();
      sessions.delete(socket.id);
      log.debug({ reason }, 'switchvox session closed');
    });
  });
  const url = await listen(http, opts.host ?? '127.0.0.1', opts.port ?? 0).catch((err: unknown) => {
    unsubscribe();
    throw err;
  });

  const phoneAccount = (spec: TSwitchvoxFaultSpec): number => {
    if (spec.accountId === undefined || accounts.byId(spec.accountId)?.kind !== 'phone') {
      throw new EngineError('invalid', `${spec.kind} needs the accountId of a phone account`);
    }
    return spec.accountId;
  };

  return {
    url,
    serverUuid,
    accounts: () => accounts.list.map((a) => ({ ...a })),
    sessions: () => sessions.size,
    injectFault(spec) {
      const { kind } = spec;
      if (isQueuedKind(kind)) return faults.add({ ...spec, kind });
      if (kind === 'drop') for (const s of io.sockets.sockets.values()) dropTransport(s);
      else if (kind === 'serverDisconnect') io.disconnectSockets(true);
      else if (kind === 'revokeDial') permissions.revoke('dial', phoneAccount(spec));
      else if (kind === 'revokeVisibility') permissions.revoke('visibility', phoneAccount(spec));
      else permissions.restore();
    },
    clearFaults() {
      faults.clear();
      permissions.restore();
    },
    faults: () => [...faults.list(), ...permissions.revocations()],
    async close() {
      unsubscribe();
      faults.dispose();
      for (const session of sessions.values()) session.end();
      const closing = io.close();
      await Promise.all([closing, closeServer(http)]);
    },
  };
}
