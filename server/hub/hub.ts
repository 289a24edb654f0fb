import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Board } from '@/lib/board';
import { ZClientFrame, type Change, type ServerFrame } from '@/lib/ws-protocol';
import type { Principal } from '@/server/auth/principal';
import { isSameOrigin } from '@/server/auth/same-origin';
import { logger } from '@/server/log';

const log = logger.child({ component: 'hub' });

export interface HubOptions {
  /** The current board; `seq` is filled in by the hub. */
  board: (seq: number) => Board;
  heartbeatMs?: number;
  /** Shortest gap between snapshots a client gets by asking (`resync`); default 1 s. */
  resyncMinMs?: number;
  /** Past this many buffered bytes a client gets no deltas until it drains, then a fresh snapshot. */
  maxBufferedBytes?: number;
  /**
   * Who may open `/ws`: checked before the handshake completes, so a refused client never gets a
   * frame. Absent means open (unit tests of the transport only).
   */
  authenticate?: (request: IncomingMessage) => Principal | null;
  /** Re-checked every heartbeat: a revoked session or display loses its socket. */
  stillValid?: (principal: Principal) => boolean;
}

/** Close code for "your session or display is no longer valid" (private-use range 4000–4999). */
export const CLOSE_UNAUTHORISED = 4401;

interface Client {
  socket: WebSocket;
  principal: Principal | null;
  missedPongs: number;
  /** Skipping deltas because the socket is backed up; owed a snapshot once drained. */
  lagging: boolean;
  /** When this client last got a snapshot it asked for, and whether another is owed. */
  resyncAt: number;
  resyncOwed: NodeJS.Timeout | null;
}

/** A browser asking for snapshots faster than this gets one at the end of the window, not one each. */
const RESYNC_MIN_MS = 1000;


/**
 * The `/ws` endpoint (DESIGN.md §4): a snapshot, then numbered deltas. One global `seq` so every
 * client sees the same numbering; a client that falls behind is resynchronised with a snapshot.
 */
export class Hub {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly clients = new Set<Client>();
  private seq = 0;
  private readonly timers: NodeJS.Timeout[] = [];
  /** Changes published since the last delta, by entity: the latest change of each wins. */
  private readonly pending = new Map<string, Change>();
  private flush: NodeJS.Immediate | null = null;
  private snapshotCache: { seq: number; data: Buffer } | null = null;
  private readonly maxBuffered: number;

  constructor(private readonly options: HubOptions) {
    this.maxBuffered = options.maxBufferedBytes ?? 1024 * 1024;
    const heartbeatMs = options.heartbeatMs ?? 15_000;
    this.timers.push(setInterval(() => this.heartbeat(), heartbeatMs).unref());
    this.timers.push(setInterval(() => this.catchUpLagging(), 250).unref());
  }

  get clientCount(): number {
    return this.clients.size;
  }

  get currentSeq(): number {
    return this.seq;
  }

  /**
   * The server's `upgrade` listener. Claims only `/ws`; every other upgrade (Next's HMR) is left alone,
   * so the caller must not touch the socket when this returns false.
   */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    if (pathname !== '/ws') return false;
    const refuse = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    // Browsers do not apply SameSite to WebSocket handshakes: without this any site could read the
    // board with a signed-in user's cookie (cross-site WebSocket hijacking).
    if (!isSameOrigin(request.headers.origin, request.headers.host, { allowMissing: true })) {
      refuse('403 Forbidden');
      return true;
    }
    const principal = this.options.authenticate ? this.options.authenticate(request) : null;
    if (this.options.authenticate && !principal) {
      refuse('401 Unauthorized');
      return true;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, principal));
    return true;
  }

  /** Closes every socket whose principal matches (a revoked display, a signed-out session). */
  disconnect(matches: (principal: Principal) => boolean): void {
    for (const client of this.clients) {
      if (client.principal && matches(client.principal)) {
        client.socket.close(CLOSE_UNAUTHORISED, 'no longer authorised');
        this.clients.delete(client);
      }
    }
  }

  /** Changes waiting for the next delta frame (0 when none is due). */
  get pendingChanges(): number {
    return this.pending.size;
  }

  /**
   * Sends entity changes to every client. Changes published in the same turn of the event loop go
   * out as one delta frame (sent from `setImmediate`, so no timer delay), an entity changed twice
   * only as its latest state: a burst of batches costs one frame per client, not one per batch,
   * which is what bounds the hub's cost at 200 clients (BENCHMARKS.md §1–2).
   */
  publish(changes: Change[]): void {
    if (changes.length === 0) return;
    for (const change of changes) {
      const key = changeKey(change);
      // Re-inserted, so the frame lists changes in the order of their latest publication.
      this.pending.delete(key);
      this.pending.set(key, change);
    }
    this.flush ??= setImmediate(() => this.flushPending());
  }

  async close(): Promise<void> {
    if (this.flush) clearImmediate(this.flush);
    this.flush = null;
    this.pending.clear();
    for (const timer of this.timers) clearInterval(timer);
    for (const client of this.clients) client.socket.close(1001, 'server shutting down');
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private flushPending(): void {
    this.flush = null;
    if (this.pending.size === 0) return;
    const changes = [...this.pending.values()];
    this.pending.clear();
    this.broadcast(changes);
  }

  private broadcast(changes: Change[]): void {
    this.seq += 1;
    // Encoded once: `send(string)` makes its own UTF-8 Buffer per client, 200 copies of every frame
    // for a wall of screens (garbage that outlived young-generation GCs, BENCHMARKS.md §5).
    const frame = Buffer.from(JSON.stringify({ type: 'delta', seq: this.seq, changes } satisfies ServerFrame));
    for (const client of this.clients) {
      if (client.lagging) continue;
      if (client.socket.bufferedAmount > this.maxBuffered) {
        client.lagging = true;
        log.warn({ buffered: client.socket.bufferedAmount }, 'slow client: deltas paused until it drains');
        continue;
      }
      client.socket.send(frame, { binary: false });
    }
  }

  private accept(socket: WebSocket, principal: Principal | null): void {
    const client: Client = { socket, principal, missedPongs: 0, lagging: false, resyncAt: 0, resyncOwed: null };
    this.clients.add(client);
    socket.on('pong', () => (client.missedPongs = 0));
    socket.on('message', (data, isBinary) => this.onMessage(client, data.toString(), isBinary));
    socket.on('close', () => {
      this.clients.delete(client);
      if (client.resyncOwed) clearTimeout(client.resyncOwed);
    });
    socket.on('error', (err) => log.warn({ err }, 'client socket error'));
    this.sendSnapshot(client);
  }

  private onMessage(client: Client, text: string, isBinary: boolean): void {
    let parsed: unknown;
    try {
      parsed = isBinary ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const frame = ZClientFrame.safeParse(parsed);
    if (!frame.success) {
      log.warn({ length: text.length }, 'ignored a malformed frame from a browser');
      return;
    }
    if (frame.data.type === 'resync') this.resync(client);
  }

  /** A snapshot on request, at most one per `resyncMinMs`: a looping browser cannot make us build boards flat out. */
  private resync(client: Client): void {
    if (client.resyncOwed) return;
    const wait = client.resyncAt + (this.options.resyncMinMs ?? RESYNC_MIN_MS) - Date.now();
    if (wait <= 0) {
      client.resyncAt = Date.now();
      this.sendSnapshot(client);
      return;
    }
    client.resyncOwed = setTimeout(() => {
      client.resyncOwed = null;
      if (!this.clients.has(client)) return;
      client.resyncAt = Date.now();
      this.sendSnapshot(client);
    }, wait);
  }

  private sendSnapshot(client: Client): void {
    client.lagging = false;
    client.socket.send(this.snapshotFrame(), { binary: false });
  }

  /**
   * One encoded snapshot for every client that asks within this turn of the event loop (a wall of
   * screens reconnecting after a restart): a 2,000-extension board is ~0.4 MB, 200 copies were a
   * transient ~90 MB. Dropped at the end of the turn, since the board may change in the next one.
   */
  private snapshotFrame(): Buffer {
    if (this.snapshotCache?.seq === this.seq) return this.snapshotCache.data;
    const frame: ServerFrame = { type: 'snapshot', seq: this.seq, board: this.options.board(this.seq) };
    const data = Buffer.from(JSON.stringify(frame));
    if (!this.snapshotCache) setImmediate(() => (this.snapshotCache = null));
    this.snapshotCache = { seq: this.seq, data };
    return data;
  }

  private catchUpLagging(): void {
    for (const client of this.clients) {
      if (client.lagging && client.socket.bufferedAmount === 0) this.sendSnapshot(client);
    }
  }

  /** WebSocket pings (drop after two missed pongs) plus an empty delta the browser can see. */
  private heartbeat(): void {
    const { stillValid } = this.options;
    if (stillValid) this.disconnect((principal) => !stillValid(principal));
    for (const client of this.clients) {
      if (client.missedPongs >= 2) {
        client.socket.terminate();
        this.clients.delete(client);
        continue;
      }
      client.missedPongs += 1;
      client.socket.ping();
    }
    this.broadcast([]);
  }
}

/** One key per entity, so a later change of it replaces an earlier one still waiting. */
function changeKey(change: Change): string {
  if (change.op === 'remove') return `${change.entity}:${change.id}`;
  return 'id' in change.value ? `${change.entity}:${change.value.id}` : change.entity;
}
