/**
 * Stored legs (SQLite `calls`) against the recorded ground truth, per PBX.
 *
 * Matching: vendor call ids differ per facade (Noojee uniqueCallId, Switchvox line uniqueId, Telphin
 * CallID, VoipNow PhoneCall id) and none of them is the engine's, so a stored leg is matched to a truth
 * leg by what every vendor shows: the same site (connection) and extension, the same peer number (any
 * number the handset showed during the leg, compared on its significant digits, since vendors format
 * numbers differently), and a start time within a tolerance (vendor clocks and hook delivery lag;
 * legs that began while Linesight was down are only discovered at its restart, so their tolerance runs
 * until a little after it). Pairs are taken closest-start first, one to one; then a second pass allows a
 * different peer (counted as `peerDiffers`, informative). What remains: a truth leg with no stored
 * leg is *lost*; a stored leg that would have matched an already matched truth leg is *duplicated*,
 * any other is a *phantom*.
 */
import type { CallOutcome } from '@/lib/board';
import type { Site } from '@/server/simulator';
import { truthOutcome, type TruthLegRecord } from './truth-recorder';

export interface StoredLeg {
  id: string;
  extension: string;
  vendorCallId: string;
  peer: string;
  startedAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  outcome: string | null;
}

export interface DownWindow {
  from: number;
  /** When Linesight was live again (or the end of the run). */
  to: number;
}

export interface SiteFigures {
  offered: number;
  /** Truth legs that lived wholly while Linesight was down: nobody could have seen them. */
  unobservable: number;
  /** Of those, the ones Linesight learnt anyway (Noojee's replay from its stored seq, a late hook). */
  unobservableLearnt: number;
  /** Busy / unavailable legs the engine reports only by their end, shown by some vendors only. */
  endOnlyTruth: number;
  endOnlyMatched: number;
  stored: number;
  lost: number;
  phantom: number;
  duplicated: number;
  wrongOutcome: number;
  /** Informative: unanswered legs whose reason differs (e.g. no_answer vs cancelled). */
  outcomeDetailDiffers: number;
  peerDiffers: number;
  /** Noojee: later rounds of a call on one extension that the PBX's lost history folded into one leg. */
  roundsMerged: number;
  tilesWrongAtEnd: number;
  longestWrongTileMs: number;
  examples: string[];
}

const START_EARLY_MS = 2_000;
const START_LATE_MS = 8_000;
const END_GRACE_MS = 2_000;
/** After a restart the connectors first sync (Telphin reconcile, VoipNow poll, Noojee snapshot). */
const AFTER_RESTART_MS = 20_000;

const significant = (n: string) => n.replace(/\D/g, '').replace(/^0+/, '');

export function peerMatches(truthPeers: string[], stored: string): boolean {
  const s = significant(stored);
  return truthPeers.some((p) => {
    if (p === stored) return true;
    const t = significant(p);
    if (!t || !s) return false;
    if (t === s) return true;
    // International vs national forms (0040… / 40…, +7… / 8…, 04… / 614…): compare the last 8 digits.
    return t.length >= 8 && s.length >= 8 && t.slice(-8) === s.slice(-8);
  });
}

function lateTolerance(t: TruthLegRecord, down: DownWindow[]): number {
  let tol = START_LATE_MS;
  for (const w of down) {
    if (t.startedAt >= w.from - 1_000 && t.startedAt <= w.to) tol = Math.max(tol, w.to - t.startedAt + AFTER_RESTART_MS);
  }
  return tol;
}

export function compareSite(
  site: Site,
  truthLegs: TruthLegRecord[],
  stored: StoredLeg[],
  down: DownWindow[],
  /** When the comparison was taken (the end of the settle time). */
  endMs?: number,
): Omit<SiteFigures, 'tilesWrongAtEnd' | 'longestWrongTileMs'> {
  const examples: string[] = [];
  const note = (s: string) => examples.length < 12 && examples.push(s);
  const unseen = (t: TruthLegRecord) => down.some((w) => t.startedAt >= w.from && (t.endedAt ?? Infinity) <= w.to);
  // A leg that lived wholly while Linesight was down may still be learnt (Noojee history, a late
  // hook): it can match a stored leg, but is never counted lost.
  const observable = truthLegs.filter((t) => !unseen(t));
  const unobservable = truthLegs.length - observable.length;
  // A leg that began in the last moments before the comparison cannot have reached storage yet.
  const tooLate = (t: TruthLegRecord) => endMs !== undefined && t.startedAt > endMs - END_GRACE_MS;
  const optional = (t: TruthLegRecord) => t.endOnly || unseen(t) || tooLate(t);
  const fits = (t: TruthLegRecord, s: StoredLeg) =>
    t.extension === s.extension && s.startedAt >= t.startedAt - START_EARLY_MS && s.startedAt <= t.startedAt + lateTolerance(t, down);

  // A leg is its interval: a leg learnt only from its end (its opening lost) has no start of its own,
  // so two back-to-back rounds would pair on a coin toss by start alone.
  const endOf = (at: number | null) => at ?? endMs ?? Number.MAX_SAFE_INTEGER;
  const distance = (t: TruthLegRecord, s: StoredLeg) => Math.abs(s.startedAt - t.startedAt) + Math.min(Math.abs(endOf(s.endedAt) - endOf(t.endedAt)), 60_000);
  const matchedT = new Map<TruthLegRecord, StoredLeg>();
  const matchedS = new Set<StoredLeg>();
  let peerDiffers = 0;
  // Noojee's uniqueCallId is the engine's own call id (server/simulator/README.md): there a leg is
  // matched exactly, whatever its start time (a leg first learnt from a snapshot has no start time
  // of its own, noojee.md §3.1 callStartTime).
  // A queue that rings the same agent again on the same call makes a new round of the leg (same
  // uniqueCallId, legId `~rN`): rounds pair with the truth's legs in start order.
  if (site === 'A') {
    const byStart = <T extends { startedAt: number }>(list: T[]) => [...list].sort((a, b) => a.startedAt - b.startedAt);
    for (const t of byStart(truthLegs)) {
      const s = byStart(stored).find((x) => !matchedS.has(x) && x.extension === t.extension && x.vendorCallId === t.callId);
      if (!s) continue;
      matchedT.set(t, s);
      matchedS.add(s);
    }
  }
  for (const requirePeer of [true, false]) {
    const pairs: { t: TruthLegRecord; s: StoredLeg; d: number }[] = [];
    for (const t of truthLegs) {
      if (matchedT.has(t)) continue;
      for (const s of stored) {
        if (matchedS.has(s) || !fits(t, s)) continue;
        if (requirePeer && !peerMatches(t.peers, s.peer)) continue;
        pairs.push({ t, s, d: distance(t, s) });
      }
    }
    pairs.sort((a, b) => a.d - b.d);
    for (const { t, s } of pairs) {
      if (matchedT.has(t) || matchedS.has(s)) continue;
      matchedT.set(t, s);
      matchedS.add(s);
      if (!requirePeer) {
        peerDiffers++;
        note(`peer differs ${t.extension}: truth ${t.peers.join('/')} stored ${s.peer}`);
      }
    }
  }

  // Noojee knows a leg only as (extension, uniqueCallId): when the events between two rounds of one
  // call are gone from the PBX (a seq reset is a PBX restart, noojee.md §4 step 4) or fall inside an
  // outage a snapshot bridges, the next round is indistinguishable from the first one going on. The
  // stored leg then stands for both rounds: the later round is not lost, and the leg's outcome is the
  // last round's. Counted apart as `roundsMerged`.
  const lastRound = new Map<StoredLeg, TruthLegRecord>();
  // Every round folded into a stored leg, not only the last one (a map keeps one per leg).
  const merged = new Set<TruthLegRecord>();
  let roundsMerged = 0;
  if (site === 'A') {
    for (const t of [...truthLegs].sort((a, b) => a.startedAt - b.startedAt)) {
      if (matchedT.has(t) || tooLate(t)) continue;
      const earlier = [...matchedT].find(
        ([m, s]) => m.extension === t.extension && m.callId === t.callId && m.startedAt < t.startedAt && (s.endedAt === null || s.endedAt >= t.startedAt),
      );
      if (!earlier) continue;
      lastRound.set(earlier[1], t);
      merged.add(t);
      roundsMerged++;
      note(`rounds merged ${site} ${t.extension} ${earlier[1].vendorCallId}`);
    }
  }

  let lost = 0;
  for (const t of observable) {
    if (matchedT.has(t) || optional(t) || merged.has(t)) continue;
    lost++;
    note(`lost ${site} ${t.extension} ${new Date(t.startedAt).toISOString()} peer ${t.peers.join('/')} ${t.answeredAt ? 'answered' : 'unanswered'} ${t.endedAt ? `${Math.round((t.endedAt - t.startedAt) / 1000)} s` : 'live'} ${t.reason ?? ''}`);
  }
  let phantom = 0;
  let duplicated = 0;
  for (const s of stored) {
    if (matchedS.has(s)) continue;
    const twin = [...matchedT.keys()].find((t) => fits(t, s) && peerMatches(t.peers, s.peer));
    if (twin) {
      duplicated++;
      note(`duplicated ${site} ${s.extension} ${s.vendorCallId} (twin of ${matchedT.get(twin)!.vendorCallId})`);
    } else {
      phantom++;
      note(`phantom ${site} ${s.extension} ${s.vendorCallId} ${new Date(s.startedAt).toISOString()} peer ${s.peer} ${s.outcome ?? 'live'}`);
    }
  }

  // Outcome: answered or not must agree, and a leg must be closed exactly when the truth leg is.
  // Unanswered reasons are vendor-dependent (a reconcile that finds a leg gone can only say
  // `cancelled`), so a difference there is reported but not counted as wrong.
  let wrongOutcome = 0;
  let outcomeDetailDiffers = 0;
  for (const [first, s] of matchedT) {
    const t = lastRound.get(s) ?? first;
    if (tooLate(t)) continue;
    const expected: CallOutcome | null = truthOutcome(t);
    if ((expected === null) !== (s.endedAt === null)) {
      wrongOutcome++;
      note(`wrong ${site} ${t.extension} ${s.vendorCallId}: truth ${expected ?? 'live'} stored ${s.outcome ?? 'live'}`);
    } else if (expected !== null && (expected === 'answered') !== (s.outcome === 'answered')) {
      wrongOutcome++;
      note(`wrong ${site} ${t.extension} ${s.vendorCallId}: truth ${expected} stored ${s.outcome}`);
    } else if (expected !== null && expected !== s.outcome) outcomeDetailDiffers++;
  }

  return {
    offered: observable.filter((t) => !t.endOnly).length,
    unobservable,
    unobservableLearnt: truthLegs.filter((t) => unseen(t) && matchedT.has(t)).length,
    endOnlyTruth: observable.filter((t) => t.endOnly).length,
    endOnlyMatched: observable.filter((t) => t.endOnly && matchedT.has(t)).length,
    stored: stored.length,
    lost, phantom, duplicated, wrongOutcome, outcomeDetailDiffers, peerDiffers, roundsMerged, examples,
  };
}
