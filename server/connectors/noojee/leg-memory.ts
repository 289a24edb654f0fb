/**
 * The normaliser's small per-call memory (DESIGN.md §2): live legs per extension, ids a real PBX
 * switched to (A5), recently ended legs so replays and an extra `Hungup` stay harmless (A14, §4.6),
 * and the entries waiting for the PBX's snapshot to say whether they are a replay or a new round.
 */
import type { Direction } from '@/lib/board';
import { ExpiringMarks } from '../expiring-marks';
import type { TNoojeeStatus } from './schema';

/** What we remember about one live leg (one call on one extension). */
export interface RememberedLeg {
  extension: string;
  /** The uniqueCallId the leg was first seen with; the legId is built from it and never changes. */
  vendorCallId: string;
  /** The uniqueCallId the PBX used most recently for this leg (differs after an A5 switch). */
  latestVendorCallId: string;
  legId: string;
  /**
   * Which time this call is on this extension. A queue can ring the same agent again on the same call
   * and the uniqueCallId is the originating channel's (A5), so (extension, uniqueCallId) alone cannot
   * tell the rounds apart; round 1 keeps the plain legId, later rounds get their own.
   */
  round: number;
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

/**
 * An entry the normaliser could not judge on its own, held until a snapshot of its extension
 * (§4 model 3) shows whether the PBX still has the call there.
 */
export interface Candidate {
  extension: string;
  /** The resolved uniqueCallId (A5 aliases followed). */
  id: string;
  /** The round the entry was judged against: the ended one (revival) or the live one (change). */
  round: number;
  /** The first terminal status seen for it, with its raw entry: the outcome if the PBX confirms the end. */
  terminal?: { status: 'Hungup' | 'Busy' | 'No Answer'; raw: unknown };
  /**
   * A fresh reply (no replay possible, §4 model 2) carried the round's terminal and then an opening
   * entry for the same key: the queue rang the extension again. If the PBX lists the call, the round
   * ends with the terminal's outcome and the next round opens.
   */
  reRing?: boolean;
  /** The re-ring's own `Connected` came after it in that reply: the next round was answered at once. */
  reRingAnswered?: boolean;
}

const sep = '\u0000';
const keyOf = (extension: string, id: string) => `${extension}${sep}${id}`;

/** Per-connection leg memory; bounded so a long-running connector does not grow without limit. */
export class LegMemory {
  private readonly live = new Map<string, Map<string, RememberedLeg>>();
  private readonly aliases = new Map<string, string>();
  /** Ended (extension, id) → the round that ended; the next confirmed round is one more. */
  private readonly ended: ExpiringMarks<number>;
  private readonly candidates = new Map<string, Candidate>();

  constructor(
    endedLimit = 5000,
    private readonly candidateLimit = 1000,
  ) {
    // An id switch (A5) to a leg no longer remembered as ended is forgotten with it.
    this.ended = new ExpiringMarks(Infinity, endedLimit, (old) => {
      for (const [alias, target] of this.aliases) {
        if (keyOf(alias.split(sep)[0] ?? '', target) === old) this.aliases.delete(alias);
      }
    });
  }

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

  /** The round that ended for this key, while it is still remembered as ended. */
  endedRound(extension: string, id: string): number | undefined {
    return this.ended.get(keyOf(extension, id));
  }

  /** `round`: for a leg that was never live in memory (an offered leg of a later round). */
  end(extension: string, id: string, round = this.get(extension, id)?.round ?? this.endedRound(extension, id) ?? 1): void {
    this.live.get(extension)?.delete(id);
    // Renewed, so the newest end is dropped last.
    this.ended.set(keyOf(extension, id), round);
  }

  /**
   * Holds an entry for confirmation. Several entries for one key in one reply make one candidate; the
   * first terminal is kept (an extra `Hungup` after `No Answer` is A14's, not the outcome).
   */
  propose(extension: string, id: string, round: number, terminal?: Candidate['terminal'], reRing = false, answered = false): void {
    const key = keyOf(extension, id);
    const known = this.candidates.get(key);
    if (known && known.round === round) {
      if (!known.terminal && terminal) known.terminal = terminal;
      // Only a Connected after the re-ring answers it; one before is the round's own, then replayed.
      if (answered && known.reRing) known.reRingAnswered = true;
      if (reRing) known.reRing = true;
      return;
    }
    this.candidates.delete(key);
    this.candidates.set(key, { extension, id, round, terminal, ...(reRing ? { reRing } : {}) });
    for (const [old] of this.candidates) {
      if (this.candidates.size <= this.candidateLimit) break;
      this.candidates.delete(old);
    }
  }

  /** Extensions with candidates waiting for a snapshot, each once. */
  candidateExtensions(): string[] {
    return [...new Set([...this.candidates.values()].map((c) => c.extension))];
  }

  /** Removes and returns the extension's candidates (its snapshot is about to judge them). */
  takeCandidates(extension: string): Candidate[] {
    const out: Candidate[] = [];
    for (const [key, candidate] of this.candidates) {
      if (candidate.extension !== extension) continue;
      out.push(candidate);
      this.candidates.delete(key);
    }
    return out;
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
