/**
 * The `/ws` connection of one wallboard tab: connects, folds frames into the board through the pure
 * reducer in board-feed.ts, resyncs on gaps and reconnects for ever with capped backoff.
 */
import type { Board } from '@/lib/board';
import type { TClientFrame } from '@/lib/ws-protocol';
import {
  RESYNC_TIMEOUT_MS,
  SILENCE_LIMIT_MS,
  freshFeed,
  isLive,
  parseServerFrame,
  reconnectDelay,
  reduceFrame,
  type FeedState,
} from './board-feed';
import { closeVerdict, oneCheckAtATime } from './socket-close';

export type SocketPhase = 'connecting' | 'syncing' | 'open' | 'waiting';

export interface SocketStatus {
  live: boolean;
  phase: SocketPhase;
  /** At least one snapshot arrived since the page loaded. */
  everSynced: boolean;
}

export interface BoardSocketOptions {
  url: string;
  getBoard: () => Board | undefined;
  setBoard: (board: Board) => void;
  onStatus: (status: SocketStatus) => void;
  /** The server ended or refused this tab's session or display; the socket has stopped for good. */
  onAuthLost?: () => void;
  /** Asked after a handshake that never opened; resolves false only when the session is surely gone. */
  checkAuth?: () => Promise<boolean>;
}

const CHECK_EVERY_MS = 2_000;

export class BoardSocket {
  private ws: WebSocket | null = null;
  private feed: FeedState = freshFeed;
  private open = false;
  private lastFrameAt = 0;
  private resyncSentAt = 0;
  private attempt = 0;
  private everSynced = false;
  private stopped = false;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private checkTimer: ReturnType<typeof setInterval> | undefined;
  private status: SocketStatus = { live: false, phase: 'connecting', everSynced: false };

  // Reconnecting goes on while the check runs: a server that is merely down must not end the session.
  private readonly checkAuth: () => void;

  constructor(private readonly options: BoardSocketOptions) {
    const check = options.checkAuth;
    this.checkAuth = check ? oneCheckAtATime(check, () => this.authLost()) : () => {};
  }

  start(): void {
    this.stopped = false;
    this.checkTimer = setInterval(() => this.check(), CHECK_EVERY_MS);
    window.addEventListener('online', this.reconnectNow);
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.checkTimer);
    window.removeEventListener('online', this.reconnectNow);
    this.drop();
  }

  private connect(): void {
    if (this.stopped) return;
    this.reconnectTimer = undefined;
    this.feed = freshFeed;
    this.open = false;
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.options.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      this.open = true;
      this.lastFrameAt = Date.now();
      this.emit();
    };
    ws.onmessage = (event: MessageEvent) => {
      if (typeof event.data === 'string') this.onText(event.data);
    };
    // `error` is always followed by `close`; reconnecting once, from `close`, is enough.
    ws.onclose = (event: CloseEvent) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.open = false;
      const verdict = closeVerdict(event.code, opened);
      if (verdict === 'auth-lost') {
        this.authLost();
        return;
      }
      if (verdict === 'check-auth') this.checkAuth();
      this.scheduleReconnect();
    };
    this.emit();
  }

  private authLost(): void {
    if (this.stopped) return;
    this.stop();
    this.options.onAuthLost?.();
  }

  private onText(text: string): void {
    const parsed = parseServerFrame(text);
    if (parsed.kind === 'unknown') return;
    this.lastFrameAt = Date.now();
    const out = reduceFrame(this.feed, this.options.getBoard(), parsed.kind === 'frame' ? parsed.frame : 'invalid');
    this.feed = out.feed;
    if (out.board) this.options.setBoard(out.board);
    if (out.feed.inSync) {
      // Only a connection that delivered a snapshot counts as healthy enough to reset the backoff.
      this.attempt = 0;
      this.everSynced = true;
    }
    if (out.resync) {
      this.resyncSentAt = Date.now();
      this.send({ type: 'resync' });
    }
    this.emit();
  }

  private send(frame: TClientFrame): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(frame));
  }

  private check(): void {
    const now = Date.now();
    const silent = this.open && now - this.lastFrameAt >= SILENCE_LIMIT_MS;
    const resyncStuck = this.open && this.feed.resyncSent && now - this.resyncSentAt >= RESYNC_TIMEOUT_MS;
    // A half-open TCP connection never fires `close`, so silence is the only sign of it.
    if (silent || resyncStuck) {
      this.drop();
      this.scheduleReconnect();
    }
    this.emit();
  }

  private readonly reconnectNow = (): void => {
    if (this.stopped || this.ws) return;
    clearTimeout(this.reconnectTimer);
    this.connect();
  };

  private drop(): void {
    const ws = this.ws;
    this.ws = null;
    this.open = false;
    if (!ws) return;
    ws.onopen = ws.onmessage = ws.onclose = null;
    ws.close();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer !== undefined) return;
    const delay = reconnectDelay(this.attempt);
    this.attempt += 1;
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
    this.emit();
  }

  private emit(): void {
    const live = isLive(this.open, this.feed, this.lastFrameAt, Date.now());
    const phase: SocketPhase = this.ws === null ? 'waiting' : !this.open ? 'connecting' : live ? 'open' : 'syncing';
    const next: SocketStatus = { live, phase, everSynced: this.everSynced };
    if (next.live === this.status.live && next.phase === this.status.phase && next.everSynced === this.status.everSynced) return;
    this.status = next;
    this.options.onStatus(next);
  }
}
