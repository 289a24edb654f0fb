/**
 * Per-connection figures for the admin health page, kept beside the Prometheus ones (which need a
 * scraper to turn counters into rates): events per second over the last 10 s, the latest lag,
 * reconnects and rejected webhooks.
 */
import type { ConnectionStatus } from '@/lib/board';
import type { Metrics } from '@/server/metrics';

const WINDOW_S = 10;

export interface ConnectionFigures {
  eventsPerSecond: number;
  eventsTotal: number;
  lagMs: number | null;
  reconnects: number;
  webhookRejects: number;
}

interface Tally {
  /** Events per whole second, keyed by epoch second, last WINDOW_S + 1 seconds only. */
  perSecond: Map<number, number>;
  total: number;
  lagMs: number | null;
  reconnects: number;
  webhookRejects: number;
  wasLive: boolean;
  status: ConnectionStatus | null;
}

export class ConnectionStats {
  private readonly tallies = new Map<string, Tally>();

  constructor(
    private readonly metrics: Metrics,
    private readonly now: () => number = Date.now,
  ) {}

  /** A batch reached the projector; `newestAt` is the ISO time of its newest event. */
  events(connection: string, count: number, newestAt: string | undefined): void {
    const tally = this.tally(connection);
    const nowMs = this.now();
    const second = Math.floor(nowMs / 1000);
    tally.perSecond.set(second, (tally.perSecond.get(second) ?? 0) + count);
    for (const key of tally.perSecond.keys()) if (key < second - WINDOW_S) tally.perSecond.delete(key);
    tally.total += count;
    this.metrics.events.inc({ connection }, count);
    const at = newestAt ? Date.parse(newestAt) : Number.NaN;
    if (!Number.isNaN(at)) {
      // A PBX clock ahead of ours would read as negative lag; it is zero as far as anyone can tell.
      const lagMs = Math.max(0, nowMs - at);
      tally.lagMs = lagMs;
      this.metrics.lag.observe({ connection }, lagMs / 1000);
      this.metrics.lastLag.set({ connection }, lagMs / 1000);
    }
  }

  status(connection: string, status: ConnectionStatus): void {
    const tally = this.tally(connection);
    if (status === 'live' && tally.wasLive && tally.status !== 'live') {
      tally.reconnects += 1;
      this.metrics.reconnects.inc({ connection });
    }
    if (status === 'live') tally.wasLive = true;
    tally.status = status;
    this.metrics.up.set({ connection }, status === 'live' ? 1 : status === 'degraded' ? 0.5 : 0);
  }

  webhookRejected(connection: string, reason: string): void {
    this.tally(connection).webhookRejects += 1;
    this.metrics.webhookRejects.inc({ connection, reason });
  }

  figures(connection: string): ConnectionFigures {
    const tally = this.tallies.get(connection);
    if (!tally) return { eventsPerSecond: 0, eventsTotal: 0, lagMs: null, reconnects: 0, webhookRejects: 0 };
    const second = Math.floor(this.now() / 1000);
    let recent = 0;
    // Whole seconds only: the current one is still filling up.
    for (const [key, count] of tally.perSecond) if (key < second && key >= second - WINDOW_S) recent += count;
    return {
      eventsPerSecond: Math.round((recent / WINDOW_S) * 10) / 10,
      eventsTotal: tally.total,
      lagMs: tally.lagMs,
      reconnects: tally.reconnects,
      webhookRejects: tally.webhookRejects,
    };
  }

  /** A removed connection starts from zero if it comes back. */
  forget(connection: string): void {
    this.tallies.delete(connection);
  }

  private tally(connection: string): Tally {
    let tally = this.tallies.get(connection);
    if (!tally) {
      tally = { perSecond: new Map(), total: 0, lagMs: null, reconnects: 0, webhookRejects: 0, wasLive: false, status: null };
      this.tallies.set(connection, tally);
    }
    return tally;
  }
}
