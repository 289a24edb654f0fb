/**
 * The normaliser's small per-line memory (DESIGN.md §2): live lines by (account extension, uniqueId),
 * the serverTime last applied to each (§11.6), stale marks after a reconnect (§11.5) and 10-minute
 * tombstones for ended lines. Bounded so a long-running connector does not grow without limit.
 */
import type { LegFacts } from '@/server/domain/pbx-event';
import { ExpiringMarks } from '../expiring-marks';

/** What we remember about one live line (one leg on one account). */
export interface RememberedLine {
  extension: string;
  uniqueId: string;
  /** serverTime (PBX epoch ms) of the last notification applied. */
  lastServerTime: number;
  /** The status exactly as the PBX spelled it last. */
  rawStatus: string;
  /** The facts of the last `leg.upsert` emitted for the line. */
  facts: LegFacts;
  /** Ever emitted as talking or held: what the projector calls answered. */
  answered: boolean;
  /** Known before a reconnect and not yet seen again since (§11.5). */
  stale: boolean;
  /**
   * Local epoch ms after which a stale line is ended: set by the first subscribe `true` since it went
   * stale and kept through later reconnects; null while stale and not yet re-subscribed.
   */
  staleUntil: number | null;
  /** The idempotency key of the last upsert before any suffix, and the suffix count it needed. */
  keyBase: string;
  keyRevision: number;
}

const sep = '\u0000';
const keyOf = (extension: string, uniqueId: string) => `${extension}${sep}${uniqueId}`;

/** Per-connection line memory. */
export class LineMemory {
  private readonly live = new Map<string, RememberedLine>();
  /** Ended lines (local time of their end is the mark's). */
  private readonly tombstones: ExpiringMarks<true>;

  constructor(
    /** §11.6: ignore a line's notifications for 10 min after its `idle`. */
    tombstoneMs = 10 * 60_000,
    tombstoneLimit = 20_000,
  ) {
    this.tombstones = new ExpiringMarks(tombstoneMs, tombstoneLimit);
  }

  get(extension: string, uniqueId: string): RememberedLine | undefined {
    return this.live.get(keyOf(extension, uniqueId));
  }

  set(line: RememberedLine): void {
    this.live.set(keyOf(line.extension, line.uniqueId), line);
  }

  /** Forgets a live line and keeps a tombstone for it. */
  end(extension: string, uniqueId: string, nowMs: number): void {
    const key = keyOf(extension, uniqueId);
    this.live.delete(key);
    this.tombstones.set(key, true, nowMs);
  }

  isTombstoned(extension: string, uniqueId: string, nowMs: number): boolean {
    this.tombstones.prune(nowMs);
    return this.tombstones.has(keyOf(extension, uniqueId));
  }

  lines(): RememberedLine[] {
    return [...this.live.values()];
  }

  /**
   * Marks every live line stale; returns how many. A line already stale keeps its deadline: a
   * reconnect that restarted it let lines whose idle was lost outlive a minute of frequent drops.
   */
  markAllStale(): number {
    for (const line of this.live.values()) {
      if (line.stale) continue;
      line.stale = true;
      line.staleUntil = null;
    }
    return this.live.size;
  }

  /** Gives every stale line that has none the deadline `untilMs`. */
  startStaleClocks(untilMs: number): void {
    for (const line of this.live.values()) if (line.stale && line.staleUntil === null) line.staleUntil = untilMs;
  }

  /** The earliest deadline of a stale line, or null. */
  nextStaleDeadline(): number | null {
    let next: number | null = null;
    for (const line of this.live.values()) if (line.stale && line.staleUntil !== null && (next === null || line.staleUntil < next)) next = line.staleUntil;
    return next;
  }
}
