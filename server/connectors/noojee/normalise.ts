/**
 * Pure Noojee normaliser (DESIGN.md §2): subscribe `Data` → canonical `PbxEvent`s, with a small
 * per-call memory. No I/O; skipped entries are reported through `onSkip` so the caller can log them.
 *
 * Rounds: a queue may ring the same agent twice on one call, and both rounds carry the same
 * (extension, uniqueCallId) because the id is the originating channel's (A5). Entries carry no
 * sequence of their own (§2.1), so a re-ring looks exactly like a replayed old entry (§4 step 3 replays
 * are real). The normaliser therefore does not decide those cases from the entry: it holds them as
 * candidates and the caller fetches a snapshot of their extensions (§4 model 3, client step 5); the
 * PBX's current state settles it (`confirmRevivals`). Terminal-is-final (§4 step 6) still holds per
 * round: a replayed `Ringing` after the end is dropped unless the PBX says the call is there again.
 * Two things are known beyond the entries: a reply the subscribe loop vouches for as fresh (§4 model 2)
 * cannot replay, so a later round's terminal followed by a new ring in it is that round's end and a
 * re-ring; and after a restart, the rounds a previous process stored as ended
 * (`storedLegEndedAt`) say which round a call listed again is.
 */
import type { CallOutcome, ExtensionView, LegState } from '@/lib/board';
import type { LegRef } from '@/server/connectors/connector';
import { QUEUE_UNKNOWN, type LegFacts, type PbxEvent } from '@/server/domain/pbx-event';
import { LegMemory, type RememberedLeg } from './leg-memory';
import { restoredLeg } from './restored-leg';
import { isNoojeeStatus, ZSubscribeEntry, type TCallData, type TNoojeeStatus, type TSubscribeData } from './schema';

export interface NoojeeNormaliserOptions {
  connectionId: string;
  /** The watched extensions (bare numbers); also decides which peers count as `internal`. */
  extensions: readonly string[];
  /** Names for the tiles, by extension number (Noojee itself reports none). */
  names?: Readonly<Record<string, string>>;
  /** Told about every entry it skips (unknown status, malformed entry, unwatched extension). */
  onSkip?: (reason: string, detail: { exten: string; entry?: unknown }) => void;
  /**
   * When a leg a previous process stored ended (ConnectorContext.storedLegEndedAt; null: live or
   * never stored). After a restart the memory of ended rounds is gone: a call the PBX lists again on
   * an extension whose stored rounds all ended is the next round, not the last ended one reopened.
   */
  storedLegEndedAt?: (legId: string) => Date | null;
}

/** How one long-poll reply may be trusted (the subscribe loop knows, the normaliser cannot). */
export interface ReplyContext {
  /**
   * Every entry is newer than what was applied before (§4 model 2: only sequence > lastSequenceNumber
   * is returned, and the loop had not applied this `lastSequenceNumber`'s reply yet). Then a later
   * round's terminal followed by a `Ringing`/`Dialing Out` for the same key is its end and a re-ring,
   * never a replay of an earlier round.
   */
  fresh?: boolean;
}

export interface NoojeeNormaliser {
  /** `extensions.known` for the watched extensions. */
  known(receivedAt: Date): PbxEvent;
  /** A `lastSequenceNumber=0` reply: one `extensions.resync` that replaces (not merges) their legs. */
  snapshot(data: TSubscribeData, receivedAt: Date, extensions?: readonly string[]): PbxEvent[];
  /** A long-poll reply: entries applied in array order per extension. */
  entries(data: TSubscribeData, receivedAt: Date, context?: ReplyContext): PbxEvent[];
  /**
   * Extensions with entries waiting for the PBX's word: an opening/connected entry for an ended leg
   * (replay or re-ring?) or a change to a leg in round > 1 (replay of an earlier round or real?). The
   * caller should fetch a `lastSequenceNumber=0` snapshot of exactly these and pass it to
   * `confirmRevivals`; until then they stay pending (a failed fetch loses nothing).
   */
  revivalCandidates(): string[];
  /**
   * Judges the pending candidates of `extensions` by their snapshot: a call the PBX lists as live on
   * the extension revives as a new round (or, for a live later round, takes the snapshot's status);
   * one it does not list stays ended (or ends with its terminal's outcome). Nothing else is touched.
   */
  confirmRevivals(data: TSubscribeData, receivedAt: Date, extensions: readonly string[]): PbxEvent[];
  /** The uniqueCallId the PBX currently uses for a board leg (it may switch once connected, A5). */
  vendorCallIdFor(leg: LegRef): string;
  /**
   * Before the first snapshot: the live legs a previous process stored (restart, crash). The
   * snapshot then keeps a listed call under its stored legId, so a later round (`~rN`) stays that
   * round instead of reopening round 1's ended leg. Returns how many legs were taken over.
   */
  restore(extensions: readonly ExtensionView[]): number;
}

const legStates: Record<Exclude<TNoojeeStatus, 'Hungup' | 'Busy' | 'No Answer'>, LegState> = {
  Ringing: 'ringing',
  'Dialing Out': 'dialing',
  Connected: 'talking',
  // Transient: the extension was split from its bridge, normally re-bridged by a transfer (§3.3).
  Unlinked: 'held',
};

type Terminal = 'Hungup' | 'Busy' | 'No Answer';
const isTerminal = (s: TNoojeeStatus): s is Terminal => s === 'Hungup' || s === 'Busy' || s === 'No Answer';
/** Entries that (re)open a call on an extension; for an ended leg they may be a new round. */
const opensCall = (s: TNoojeeStatus) => s === 'Ringing' || s === 'Dialing Out' || s === 'Connected';
/** Entries that start a new round: a round rings (or dials) before it can connect (§3.3). */
const ringsAgain = (s: TNoojeeStatus) => s === 'Ringing' || s === 'Dialing Out';
/** Bounds the storage look-ups for one call's rounds after a restart. */
const MAX_STORED_ROUNDS = 50;

/** A leg's outcome from its terminal: No Answer / Busy only end a ringing entry (§3.3). */
function outcomeOf(everConnected: boolean, terminal: Terminal | undefined): CallOutcome {
  if (everConnected) return 'answered';
  return terminal === 'Busy' ? 'busy' : terminal === 'No Answer' ? 'no_answer' : 'cancelled';
}

/** Creates a normaliser for one connection; its memory lives as long as the returned object. */
export function createNoojeeNormaliser(options: NoojeeNormaliserOptions): NoojeeNormaliser {
  const { connectionId } = options;
  const watched = [...new Set(options.extensions)];
  const watchedSet = new Set(watched);
  const memory = new LegMemory();
  const skip = options.onSkip ?? (() => {});
  let snapshots = 0;
  /** Round 1 keeps the legId it always had, so nothing already stored or tested changes. */
  const legIdFor = (exten: string, id: string, round: number) => `${connectionId}:${exten}:${id}${round > 1 ? `~r${round}` : ''}`;
  /** The call part of an idempotency key: a later round's facts must not collide with round 1's. */
  const callRef = (id: string, round: number) => (round > 1 ? `${id}~r${round}` : id);
  /** The reply being applied: which live later rounds ended in it (keyed `exten\0id\0round`). */
  let reply: { fresh: boolean; ended: Set<string> } = { fresh: false, ended: new Set() };
  const roundKey = (exten: string, id: string, round: number) => `${exten}\u0000${id}\u0000${round}`;

  /**
   * For a call memory knows nothing about on this extension: the round after the highest one a
   * previous process stored as ended, or undefined (then it is round 1).
   */
  /**
   * After a restart, an entry for a call whose rounds a previous process saw end is most often one of
   * those rounds replayed (a replay resends the call's whole history): like any ended round, it is
   * final, and an opening entry only proposes the next round for the snapshot to confirm. The
   * stored end is noted in memory, so storage is asked once per call.
   */
  function storedEndedRound(exten: string, id: string): number | undefined {
    if (memory.get(exten, id)) return undefined;
    const next = afterStoredRounds(exten, id);
    if (!next) return undefined;
    memory.end(exten, id, next.round - 1);
    return next.round - 1;
  }

  function afterStoredRounds(exten: string, id: string): { vendorCallId: string; round: number } | undefined {
    const endedAt = options.storedLegEndedAt;
    if (!endedAt || memory.endedRound(exten, id) !== undefined) return undefined;
    let round = 0;
    while (round < MAX_STORED_ROUNDS && endedAt(legIdFor(exten, id, round + 1)) !== null) round += 1;
    return round > 0 ? { vendorCallId: id, round: round + 1 } : undefined;
  }

  const facts = (leg: RememberedLeg): LegFacts => ({
    extension: leg.extension,
    legId: leg.legId,
    vendorCallId: leg.vendorCallId,
    direction: leg.direction,
    peer: { number: leg.peer, name: null },
    state: legStates[leg.status as keyof typeof legStates],
    // Noojee only flags "came through a queue", never which one (§3.1).
    queueNumber: leg.queue ? QUEUE_UNKNOWN : null,
    canAnswer: leg.canAnswer,
  });

  /**
   * The leg as this entry describes it, merged over what we already knew. `fresh` starts a confirmed
   * new round of an ended leg: same resolved id, its own round and legId.
   */
  function describe(
    exten: string,
    cd: TCallData,
    status: TNoojeeStatus,
    known?: RememberedLeg,
    fresh?: { vendorCallId: string; round: number },
  ): RememberedLeg {
    const vendorCallId = known?.vendorCallId ?? fresh?.vendorCallId ?? cd.uniqueCallId;
    const round = known?.round ?? fresh?.round ?? 1;
    // callerId is the other party for both directions (§3.1); newer servers add the other two.
    const peer = cd.callerId || cd.otherPartyCallerId || cd.outboundDestination || known?.peer || '';
    const inbound = status === 'Dialing Out' ? false : (cd.inbound ?? known?.inbound ?? true);
    const internal = peer !== exten && watchedSet.has(peer);
    return {
      extension: exten,
      vendorCallId,
      latestVendorCallId: cd.uniqueCallId,
      legId: known?.legId ?? legIdFor(exten, vendorCallId, round),
      round,
      status,
      peer,
      inbound,
      // `inbound:false` on Ringing is a click-to-dial ringing the agent first (§3.4 E): outbound.
      direction: internal ? 'internal' : inbound ? 'inbound' : 'outbound',
      queue: cd.isQueueCall || (known?.queue ?? false),
      canAnswer: cd.canAnswer,
      everConnected: (known?.everConnected ?? false) || status === 'Connected' || status === 'Unlinked',
      bridge: (known?.bridge ?? 0) + (status === 'Unlinked' && known?.status !== 'Unlinked' ? 1 : 0),
    };
  }

  /**
   * A5: a real PBX may report a call under another channel's id once it is connected. An unknown id
   * in `Connected` is taken as the extension's only ringing/dialling call, or else as its only live
   * leg when that leg is `Unlinked` (a transfer re-bridging it, §3.4 F).
   */
  function a5Match(exten: string): RememberedLeg | undefined {
    const legs = memory.legsOn(exten);
    const waiting = legs.filter((l) => l.status === 'Ringing' || l.status === 'Dialing Out');
    if (waiting.length === 1) return waiting[0];
    if (waiting.length === 0 && legs.length === 1 && legs[0]?.status === 'Unlinked') return legs[0];
    return undefined;
  }

  /** `confirmed`: the snapshot already vouched for this status, so a later round needs no check. */
  function upsert(exten: string, cd: TCallData, status: TNoojeeStatus, at: string, raw: unknown, confirmed = false): PbxEvent[] {
    const id = memory.resolve(exten, cd.uniqueCallId);
    let known = memory.get(exten, id);
    if (!known && status === 'Connected') {
      known = a5Match(exten);
      if (known) memory.alias(exten, cd.uniqueCallId, known.vendorCallId);
    }
    if (known && known.round > 1 && !confirmed && ringsAgain(status) && reply.ended.has(roundKey(exten, known.vendorCallId, known.round))) {
      // This fresh reply ended the round and now rings the extension again: a re-ring, if the PBX
      // lists it. A Connected with no ring before it is the live round going on, and the terminal an
      // earlier round's replay (chaos A 208/205: round 2 answered was stored no_answer + a round 3).
      memory.propose(exten, known.vendorCallId, known.round, undefined, true);
      return [];
    }
    // Terminal-is-final's sibling: once connected, a Ringing/Dialing Out for the leg is a replay.
    if (known?.everConnected && (status === 'Ringing' || status === 'Dialing Out')) return [];
    const leg = describe(exten, cd, status, known, known ? undefined : afterStoredRounds(exten, id));
    // §4.6: an entry repeating the stored status (and peer) changes nothing.
    if (known && known.status === status && known.peer === leg.peer) {
      memory.set({ ...known, latestVendorCallId: cd.uniqueCallId });
      return [];
    }
    // A later round shares its key with the earlier rounds' history, which a replay resends: an old
    // round's Connected or Unlinked would move this one wrongly. Any change waits for the snapshot.
    if (known && known.round > 1 && !confirmed) {
      // Keyed by the leg's own id: after an A5 switch the entry's id only aliases it.
      memory.propose(exten, known.vendorCallId, known.round, undefined, false, status === 'Connected');
      return [];
    }
    return emitUpsert(leg, at, raw);
  }

  function emitUpsert(leg: RememberedLeg, at: string, raw: unknown): PbxEvent[] {
    memory.set(leg);
    const { extension: exten, status } = leg;
    // Idempotency key = the fact itself, so a replay or duplicate maps to the same key. Connected and
    // Unlinked also carry the bridge generation: a re-bridge after Unlinked is a new fact even when
    // the peer is unchanged (a transfer that came back).
    const generation = status === 'Connected' || status === 'Unlinked' ? `#${leg.bridge}` : '';
    const key = `${exten}:${callRef(leg.vendorCallId, leg.round)}:${status}:${leg.peer}${generation}`;
    return [{ type: 'leg.upsert', connectionId, key, at, raw, leg: facts(leg) }];
  }

  function end(exten: string, cd: TCallData, status: Terminal, at: string, raw: unknown): PbxEvent[] {
    const id = memory.resolve(exten, cd.uniqueCallId);
    const known = memory.get(exten, id);
    if (known && known.round > 1) {
      // An earlier round's terminal, replayed, looks exactly like this round's own (no per-entry
      // sequence, §2.1) and must not end it: the snapshot decides, and the terminal's outcome is kept
      // for when the PBX confirms the end.
      memory.propose(exten, id, known.round, { status, raw });
      // In a fresh reply it is this round's own end when the status machine allows it (§3.3).
      if (reply.fresh && (status === 'Hungup' || !known.everConnected)) reply.ended.add(roundKey(exten, known.vendorCallId, known.round));
      return [];
    }
    const outcome: CallOutcome =
      status === 'Busy' ? 'busy' : status === 'No Answer' ? 'no_answer' : known?.everConnected ? 'answered' : 'cancelled';
    if (known || status === 'Hungup') return [finish(exten, id, known, outcome, at, raw)];
    // Busy / No Answer arrive without a Ringing on the extension (§3.4 B): record the offered leg
    // so the call's history keeps its outcome; upsert and end share a batch, so the tile never flickers.
    const offered = describe(exten, cd, 'Ringing', undefined, afterStoredRounds(exten, id));
    const upsert: PbxEvent = { type: 'leg.upsert', connectionId, key: `${exten}:${callRef(id, offered.round)}:offered`, at, raw, leg: facts(offered) };
    return [upsert, finish(exten, id, offered, outcome, at, raw, false)];
  }

  /** `live: false`: `known` describes a leg that was never in memory (an offered one). */
  function finish(exten: string, id: string, known: RememberedLeg | undefined, outcome: CallOutcome, at: string, raw: unknown, live = true): PbxEvent {
    const round = known?.round ?? 1;
    memory.end(exten, id, live ? undefined : round);
    // One key per leg end: an extra Hungup after Busy/No Answer (A14) is harmless even after restart.
    const legId = known?.legId ?? legIdFor(exten, id, round);
    return { type: 'leg.end', connectionId, key: `${exten}:${callRef(id, round)}:end`, at, raw, extension: exten, legId, outcome };
  }

  /** One entry's call data, or null (logged) when malformed or its status is not one of the seven. */
  function readEntry(exten: string, entry: unknown): (TCallData & { status: TNoojeeStatus }) | null {
    const parsed = ZSubscribeEntry.safeParse(entry);
    if (!parsed.success) {
      skip('malformed entry', { exten, entry });
      return null;
    }
    const cd = parsed.data.CallData;
    const status = cd.status;
    if (!isNoojeeStatus(status)) {
      // §7.5: anything outside the seven documented statuses is logged and skipped, never fatal.
      skip(`unknown status "${status}"`, { exten, entry });
      return null;
    }
    return { ...cd, status };
  }

  function apply(exten: string, entry: unknown, at: string): PbxEvent[] {
    const cd = readEntry(exten, entry);
    if (!cd) return [];
    const status = cd.status;
    const id = memory.resolve(exten, cd.uniqueCallId);
    const endedRound = memory.endedRound(exten, id) ?? storedEndedRound(exten, id);
    if (endedRound !== undefined) {
      // Terminal statuses are final (§4.6) for the round that ended: a later terminal is a replay or
      // A14's extra Hungup. An opening entry is a replay too, unless the queue rang the extension
      // again on the same call (A5 ids): only the PBX's snapshot can tell, so it becomes a candidate.
      if (opensCall(status)) memory.propose(exten, id, endedRound);
      return [];
    }
    const raw = { exten, entry };
    return isTerminal(status) ? end(exten, cd, status, at, raw) : upsert(exten, cd, status, at, raw);
  }

  function snapshotLegs(exten: string, list: unknown[]): RememberedLeg[] {
    const legs = new Map<string, RememberedLeg>();
    for (const entry of list) {
      const cd = readEntry(exten, entry);
      if (!cd) continue;
      const id = memory.resolve(exten, cd.uniqueCallId);
      // A snapshot lists live calls; a terminal entry in one just means "not live" (§4 model 3).
      if (isTerminal(cd.status)) {
        legs.delete(id);
        continue;
      }
      const known = legs.get(id) ?? memory.get(exten, id);
      // The PBX lists a call we saw end on this extension: it was rung again (a new round), since a
      // snapshot is current state, never a replay.
      const endedRound = known ? undefined : memory.endedRound(exten, id);
      // After a restart a round may have ended (stored) and the next one begun while we were down.
      const fresh = known ? undefined : endedRound === undefined ? afterStoredRounds(exten, id) : { vendorCallId: id, round: endedRound + 1 };
      legs.set(id, describe(exten, cd, cd.status, known, fresh));
    }
    return [...legs.values()];
  }

  /** The live calls a snapshot lists for one extension, by resolved id, last entry winning. */
  function liveInSnapshot(exten: string, list: unknown[]): Map<string, TCallData & { status: TNoojeeStatus }> {
    const live = new Map<string, TCallData & { status: TNoojeeStatus }>();
    for (const entry of list) {
      const cd = readEntry(exten, entry);
      if (!cd) continue;
      const id = memory.resolve(exten, cd.uniqueCallId);
      if (isTerminal(cd.status)) live.delete(id);
      else live.set(id, cd);
    }
    return live;
  }

  return {
    known(receivedAt) {
      const at = receivedAt.toISOString();
      const extensions = watched.map((number) => ({ number, name: options.names?.[number] ?? null, kind: 'phone' as const }));
      return { type: 'extensions.known', connectionId, key: `known:${at}:${watched.join(',')}`, at, extensions };
    },

    snapshot(data, receivedAt, extensions = watched) {
      const at = receivedAt.toISOString();
      const requested = [...new Set(extensions)];
      const legs: LegFacts[] = [];
      for (const exten of requested) {
        // The snapshot is the PBX's word on everything pending for this extension.
        memory.takeCandidates(exten);
        const current = snapshotLegs(exten, data[exten] ?? []);
        memory.replace(exten, current);
        legs.push(...current.map(facts));
      }
      for (const exten of Object.keys(data)) if (!requested.includes(exten)) skip('extension not requested', { exten });
      const key = `resync:${at}:${++snapshots}:${requested.join(',')}`;
      return [{ type: 'extensions.resync', connectionId, key, at, raw: data, extensions: requested, legs }];
    },

    entries(data, receivedAt, context = {}) {
      const at = receivedAt.toISOString();
      const out: PbxEvent[] = [];
      reply = { fresh: context.fresh === true, ended: new Set() };
      for (const [exten, list] of Object.entries(data)) {
        if (!watchedSet.has(exten)) {
          skip('extension not watched', { exten });
          continue;
        }
        for (const entry of list) out.push(...apply(exten, entry, at));
      }
      reply = { fresh: false, ended: new Set() };
      return out;
    },

    revivalCandidates() {
      return memory.candidateExtensions();
    },

    confirmRevivals(data, receivedAt, extensions) {
      const at = receivedAt.toISOString();
      const out: PbxEvent[] = [];
      for (const exten of new Set(extensions)) {
        if (!watchedSet.has(exten)) continue;
        const live = liveInSnapshot(exten, data[exten] ?? []);
        for (const candidate of memory.takeCandidates(exten)) {
          const { id, round } = candidate;
          const listed = live.get(id);
          const raw = { exten, snapshot: data[exten] ?? [], confirms: candidate.terminal?.raw ?? null };
          const known = memory.get(exten, id);
          if (known) {
            // Something moved the leg on since (a full snapshot, a newer round): the candidate is stale.
            if (known.round !== round) continue;
            if (listed && candidate.reRing && candidate.terminal && (ringsAgain(listed.status) || candidate.reRingAnswered)) {
              // A fresh reply ended this round and rang the extension again, and the PBX has the call
              // ringing (or the reply showed the new ring answered): next round. Listed as Connected
              // with no answer after the ring, it is this round answered and the terminal and ring a
              // replay the counts let through (chaos A 202: round 2 answered was stored no_answer + a
              // round 3); a real re-ring answered in the moment before the snapshot then shows as
              // one round, never as a wrong outcome.
              out.push(finish(exten, id, known, outcomeOf(known.everConnected, candidate.terminal.status), at, raw));
              out.push(...emitUpsert(describe(exten, listed, listed.status, undefined, { vendorCallId: id, round: round + 1 }), at, raw));
              continue;
            }
            if (listed) {
              // Still on the call: the terminal, if any, was an earlier round's replay; take the current status.
              out.push(...upsert(exten, listed, listed.status, at, raw, true));
              continue;
            }
            // No Answer / Busy only end a ringing entry (§3.3): after Connected they are an old round's.
            out.push(finish(exten, id, known, outcomeOf(known.everConnected, candidate.terminal?.status), at, raw));
            continue;
          }
          // An ended leg: only a listing on this very extension makes it a new round; else it was a replay.
          if (!listed || memory.endedRound(exten, id) !== round) continue;
          out.push(...emitUpsert(describe(exten, listed, listed.status, undefined, { vendorCallId: id, round: round + 1 }), at, raw));
        }
      }
      for (const exten of Object.keys(data)) if (!extensions.includes(exten)) skip('extension not requested', { exten });
      return out;
    },

    restore(extensions) {
      let restored = 0;
      for (const view of extensions) {
        if (view.connectionId !== connectionId || !watchedSet.has(view.number)) continue;
        for (const call of view.calls) {
          const leg = restoredLeg(connectionId, view.number, call);
          if (!leg) continue;
          memory.set(leg);
          restored += 1;
        }
      }
      return restored;
    },

    vendorCallIdFor(leg) {
      const id = memory.resolve(leg.extension, leg.vendorCallId);
      return memory.get(leg.extension, id)?.latestVendorCallId ?? leg.vendorCallId;
    },
  };
}
