import type { CallEngine } from '../engine/call-engine';
import type { Clock } from '../engine/clock';
import { siteOf } from '../engine/directory';
import type { EngineEvent } from '../engine/types';
import { buildEntry, statusOfEvent, statusOfLeg, type NoojeeEntry } from './call-data';

interface HistoryItem {
  seq: number;
  at: number;
  extension: string;
  entry: NoojeeEntry;
}

export type LogQuery = { kind: 'snapshot' } | { kind: 'events'; items: { extension: string; entry: NoojeeEntry }[] };

export interface EventLogOptions {
  /** Counter value at start; above 0 so a snapshot's `seq` never sends the client back to 0. */
  startSeq?: number;
  maxEvents?: number;
  maxAgeMs?: number;
}

/**
 * The PBX side of noojee.md §4: one global `seq` advanced by every engine event (so it jumps by more
 * than the entries returned), a bounded history of per-extension entries, and snapshots.
 */
export class NoojeeEventLog {
  private seq: number;
  /** Highest seq no longer retained: a client behind it gets a snapshot. */
  private floor: number;
  private history: HistoryItem[] = [];
  private readonly callNos = new Map<string, number>();
  private nextCallNo = 1;
  private readonly listeners = new Set<(extension: string) => void>();
  private readonly maxEvents: number;
  private readonly maxAgeMs: number;
  /** When a subscribe reply was last built: every entry logged before then has been told. */
  private toldAt = -Infinity;
  private readonly untoldSpans: { from: number; to: number }[] = [];

  constructor(
    private readonly engine: CallEngine,
    private readonly clock: Clock,
    opts: EventLogOptions = {},
  ) {
    this.seq = this.floor = opts.startSeq ?? 10;
    this.maxEvents = opts.maxEvents ?? 10_000;
    this.maxAgeMs = opts.maxAgeMs ?? 10 * 60_000;
  }

  /** Feeds one engine event in; returns nothing, listeners learn which extension got an entry. */
  add(event: EngineEvent): void {
    // The Noojee PBX is site A: calls wholly on the other PBX (site B) never reach it.
    if (!this.concerns(event)) return;
    this.seq += 1;
    const status = statusOfEvent(event);
    if (status && 'leg' in event) {
      const entry = buildEntry(event.call, event.leg, status, this.callNo(event.call.callId));
      this.history.push({ seq: this.seq, at: this.clock.now(), extension: event.leg.extension, entry });
      this.trim();
      for (const listener of this.listeners) listener(event.leg.extension);
    }
    if (event.type === 'call.ended') this.callNos.delete(event.call.callId);
  }

  onEntry(listener: (extension: string) => void): void {
    this.listeners.add(listener);
  }

  get current(): number {
    return this.seq;
  }

  /** Lowest `lastSequenceNumber` still answered from history (not by snapshot). */
  get oldest(): number {
    this.trim();
    return this.floor;
  }

  /** CallID: a small per-call integer, meaning undocumented (noojee.md §3.1); also our dial SessionID. */
  callNo(callId: string): number {
    let n = this.callNos.get(callId);
    if (n === undefined) {
      n = this.nextCallNo++;
      this.callNos.set(callId, n);
    }
    return n;
  }

  /** §4 rules 2–3: snapshot for 0, for a number older than history, or one from before a restart. */
  query(last: number, extensions: ReadonlySet<string>): LogQuery {
    if (last === 0 || last < this.oldest || last > this.seq) return { kind: 'snapshot' };
    const items = this.history.filter((h) => h.seq > last && extensions.has(h.extension));
    return { kind: 'events', items: items.map(({ extension, entry }) => ({ extension, entry })) };
  }

  /** One entry per active call per extension with its current status; idle extensions omitted (A3). */
  snapshot(extensions: readonly string[]): { extension: string; entry: NoojeeEntry }[] {
    return extensions.filter((extension) => this.local(extension)).flatMap((extension) =>
      this.engine.legsOn(extension).map(({ call, leg }) => ({
        extension,
        // A user hold is invisible to Noojee (its event stream has no hold status): still Connected.
        entry: buildEntry(call, leg, statusOfLeg(leg.onHold ? 'talking' : leg.state), this.callNo(call.callId)),
      })),
    );
  }

  /** A subscribe reply of events is being built: what the log holds so far is told. */
  told(): void {
    this.toldAt = this.clock.now();
  }

  /**
   * Spans whose entries a restart dropped before any reply carried them (ground truth for tests):
   * a call that began and ended inside one was never visible to any client, by events or snapshot.
   */
  untold(): readonly { from: number; to: number }[] {
    return this.untoldSpans;
  }

  /** A PBX restart as clients see it: history gone, counter restarts low (§4 rule 5). */
  reset(startSeq = 1): void {
    const now = this.clock.now();
    const firstUntold = this.history.find((h) => h.at >= this.toldAt);
    if (firstUntold) this.untoldSpans.push({ from: Math.max(this.toldAt, firstUntold.at), to: now });
    this.history = [];
    this.seq = this.floor = startSeq;
  }

  private local(number: string): boolean {
    return siteOf(this.engine.directory, number) === 'A';
  }

  private concerns(event: EngineEvent): boolean {
    if ('leg' in event) return this.local(event.leg.extension);
    const { call } = event;
    return this.local(call.from) || this.local(call.to) || call.legs.some((l) => this.local(l.extension));
  }

  private trim(): void {
    const minAt = this.clock.now() - this.maxAgeMs;
    let drop = Math.max(0, this.history.length - this.maxEvents);
    while (drop < this.history.length && (this.history[drop]?.at ?? Infinity) < minAt) drop++;
    if (drop === 0) return;
    this.floor = this.history[drop - 1]?.seq ?? this.floor;
    this.history = this.history.slice(drop);
  }
}
