/**
 * The normaliser's small per-call memory (DESIGN.md §2): live legs per extension, ids a real PBX
 * switched to (A5), and recently ended legs so replays and an extra `Hungup` stay harmless (A14, §4.6).
 */
import type { Direction } from '@/lib/board';
import type { TNoojeeStatus } from './schema';

/** What we remember about one live leg (one call on one extension). */
export interface RememberedLeg {
  extension: string;
  /** The uniqueCallId the leg was first seen with; the legId is built from it and never changes. */
  vendorCallId: string;
  /** The uniqueCallId the PBX used most recently for this leg (differs after an A5 switch). */
  latestVendorCallId: string;
  legId: string;
  status: TNoojeeStatus;
  peer: string;
  inbound: boolean;
  direction: Direction;
  queue: boolean;
  canAnswer: boolean;
  everConnected: boolean;
  /** How many times the leg was `Unlinked`: a re-bridge after it is a new fact, not a replay. */
  bridge: number;
}

const sep = '\u0000';
const keyOf = (extension: string, id: string) => `${extension}${sep}${id}`;

/** Per-connection leg memory; bounded so a long-running connector does not grow without limit. */
export class LegMemory {
  private readonly live = new Map<string, Map<string, RememberedLeg>>();
  private readonly aliases = new Map<string, string>();
  private readonly ended = new Set<string>();

  constructor(private readonly endedLimit = 5000) {}

  /** The id a leg is remembered by, following an A5 id switch. */
  resolve(extension: string, id: string): string {
    return this.aliases.get(keyOf(extension, id)) ?? id;
  }

  get(extension: string, id: string): RememberedLeg | undefined {
    return this.live.get(extension)?.get(id);
  }

  legsOn(extension: string): RememberedLeg[] {
    return [...(this.live.get(extension)?.values() ?? [])];
  }

  set(leg: RememberedLeg): void {
    let legs = this.live.get(leg.extension);
    if (!legs) this.live.set(leg.extension, (legs = new Map()));
    legs.set(leg.vendorCallId, leg);
    this.ended.delete(keyOf(leg.extension, leg.vendorCallId));
  }

  alias(extension: string, from: string, to: string): void {
    this.aliases.set(keyOf(extension, from), to);
  }

  isEnded(extension: string, id: string): boolean {
    return this.ended.has(keyOf(extension, id));
  }

  end(extension: string, id: string): void {
    this.live.get(extension)?.delete(id);
    this.ended.add(keyOf(extension, id));
    // Oldest first: a Set iterates in insertion order.
    for (const old of this.ended) {
      if (this.ended.size <= this.endedLimit) break;
      this.ended.delete(old);
      for (const [alias, target] of this.aliases) {
        if (keyOf(alias.split(sep)[0] ?? '', target) === old) this.aliases.delete(alias);
      }
    }
  }

  /**
   * Snapshot semantics (§4 step 1): the extension's legs become exactly `legs`; legs it no longer
   * lists ended while we were not looking, so later replays of their entries are dropped.
   */
  replace(extension: string, legs: RememberedLeg[]): void {
    const keep = new Set(legs.map((leg) => leg.vendorCallId));
    for (const old of this.legsOn(extension)) if (!keep.has(old.vendorCallId)) this.end(extension, old.vendorCallId);
    this.live.set(extension, new Map());
    for (const leg of legs) this.set(leg);
  }
}
