/**
 * VoipNow normaliser (voipnow.md §3, §4.1, A16, A17, A22, A23): hook requests and phoneCalls
 * snapshots in, canonical `PbxEvent`s out. Stateful (the live legs), pure otherwise: no I/O, never
 * throws on bad input (issues are reported through `onIssue`).
 *
 * Hooks: the event type is the `{event}` URL segment we registered (`0` Dial-In, `1` Dial-Out,
 * `2` Hangup, `3`/`4` Answer); the time is the moment of receipt. The leg lives on the configured
 * extension the hook is about — `CalledExtension` for Dial-In/Answer-incoming, `CallerExtension` for
 * Dial-Out/Answer-outgoing, by `CallFlow` for Hangup (both sides when it is empty) — and its id is
 * `${connectionId}:${short}:${CallID}`.
 *
 * Polling (`GET /uapi/phoneCalls/@me/@self`): each view on a configured extension is matched to a
 * hooked leg (same call id already bound, an id match, or the same far-end number — A23), completes
 * its answer state, caller details and recording flag, or opens a leg the hooks missed; a leg absent
 * from `missesToEnd` consecutive snapshots taken after it began is ended.
 *
 * Rounds: a queue that rings the same agent again on the same call (after a NOANSWER) gives that
 * extension a new view of the same PhoneCall; the hooks of the new round repeat the first round's
 * parameters exactly (no timestamp, §3.2), so only a snapshot can tell a new round from a late
 * duplicate. A view of an ended leg's call on the same extension, with a view id that leg never
 * had, in a snapshot requested after the leg ended, opens round N (`legId~rN`); hooks of that call
 * then go to the live round — except the hangup still owed by a round a snapshot ended: the hooks lag
 * the PBX, and those of one call come in event order (A22), so that hangup comes before any of the
 * new round's.
 */
import type { CallOutcome, Direction, ExtensionView, LegState, RecordingState } from '@/lib/board';
import type { LegRef, WebhookRequest } from '@/server/connectors/connector';
import type { LegFacts, PbxEvent } from '@/server/domain/pbx-event';
import { ExpiringMarks } from '../expiring-marks';
import type { TPhoneCall, TPhoneCallView } from './schema';

export interface VoipnowIssue {
  kind: 'invalid' | 'ignored';
  reason: string;
  detail?: unknown;
}

export interface VoipnowNormaliserOptions {
  connectionId: string;
  /** Configured extensions, extended form (`0003*210`). */
  extensions: readonly string[];
  onIssue?: (issue: VoipnowIssue) => void;
  /** Consecutive snapshots without a leg before it is ended; default 2. */
  missesToEnd?: number;
  /** When a leg stored by an earlier process ended (ms), `null` if live or unknown. */
  storedEndedAt?: (legId: string) => number | null;
}

export interface PollOptions {
  /** When the snapshot was requested: legs that began later are not judged by it. */
  requestedAt: Date;
  now: Date;
}

export interface PollResult {
  events: PbxEvent[];
  opened: number;
  ended: number;
  updated: number;
}

export interface HistoryResult {
  events: PbxEvent[];
  /** Legs learnt from the history alone. */
  recovered: number;
}

/** Where a recording action goes (`PUT /uapi/phoneCalls/@me/{extension}/{phoneCallId}`). */
export interface RecordingTarget {
  legId: string;
  extension: string;
  phoneCallId: string;
  phoneCallViewId: string;
}

interface Live {
  facts: LegFacts;
  /** Configured extension, extended form. */
  full: string;
  /** Hook `CallID`s known for this leg. */
  callIds: Set<string>;
  phoneCallId?: string;
  viewId?: string;
  answered: boolean;
  recording?: RecordingState;
  firstSeenMs: number;
  /** Last change made by a hook (a snapshot requested earlier does not override it). */
  hookAtMs: number;
  misses: number;
  /** The first round's leg id (`${connectionId}:${short}:${callId}`) and this leg's round (1, 2, …). */
  baseId: string;
  round: number;
  /** The round before this one was ended by a snapshot: its hangup, if it still comes, is not ours. */
  owedHangup?: OwedHangup;
}

/** A round a snapshot ended whose Hangup hook has not come (yet). */
interface OwedHangup {
  answered: boolean;
}

/** What a snapshot needs of a call's ended rounds on one extension to spot the next round. */
interface EndedRounds {
  rounds: number;
  viewIds: Set<string>;
  callIds: Set<string>;
  lastEndMs: number;
  /** The last round ended without its hangup (a snapshot ended it): the next round owes it. */
  owedHangup?: OwedHangup;
}

export const HOOK_TYPES: Record<string, string> = { '0': 'Dial-In', '1': 'Dial-Out', '2': 'Hangup', '3': 'Answer incoming', '4': 'Answer outgoing' };

const OUTCOMES: Record<string, CallOutcome> = {
  ANSWER: 'answered',
  ANSWERED: 'answered',
  BUSY: 'busy',
  NOANSWER: 'no_answer',
  CANCEL: 'cancelled',
  CONGESTION: 'failed',
  CHANUNAVAIL: 'failed',
};

/** CDR `disposition` of a leg nobody answered (§4.1). */
const DISPOSITIONS: Record<string, CallOutcome> = { '1': 'busy', '2': 'failed', '3': 'no_answer', '5': 'failed' };

const MAX_REMEMBERED = 5000;

/** `0003*210` → `210`; anything else unchanged. */
export const shortOf = (number: string) => (number.includes('*') ? number.slice(number.lastIndexOf('*') + 1) : number);

/** A number as a peer: extended extension numbers shortened, blanks trimmed. */
const peerNumber = (number: string | undefined) => shortOf((number ?? '').trim());

/** `John Doe <3334444>` → name and number (UAPI-Caller-Id). */
export function parseCallerId(value: string | undefined): { name: string | null; number: string | null } {
  const text = (value ?? '').trim();
  const m = /^(.*?)\s*<([^>]*)>\s*$/.exec(text);
  if (m) return { name: (m[1] ?? '').replace(/^"|"$/g, '').trim() || null, number: (m[2] ?? '').trim() || null };
  if (/^[+\d*]+$/.test(text)) return { name: null, number: text };
  return { name: text || null, number: null };
}

export interface VoipnowNormaliser {
  hook(request: WebhookRequest): PbxEvent[];
  poll(calls: readonly TPhoneCall[], o: PollOptions): PollResult;
  /**
   * Call history (CDR): legs of ended calls that neither a hook nor a snapshot showed us (every hook
   * of a short call lost, or sent while we were down) are stored, already ended.
   */
  history(calls: readonly TPhoneCall[]): HistoryResult;
  known(at: Date): PbxEvent;
  recordingTarget(leg: LegRef): RecordingTarget | null;
  /** A recording command was accepted: remember what we told the board until a snapshot says. */
  noteRecording(legId: string, state: RecordingState): void;
  liveLegs(): LegFacts[];
  /**
   * Takes over the live legs a previous process stored (after a restart): the polls then match them
   * to the active calls, or end those the server no longer has. Without it they would stay on the
   * board for ever, since only this process's own legs are ever judged absent.
   */
  restore(extensions: readonly ExtensionView[], now: Date): number;
}

export function createVoipnowNormaliser(o: VoipnowNormaliserOptions): VoipnowNormaliser {
  const { connectionId } = o;
  const issue = o.onIssue ?? (() => {});
  const missesToEnd = Math.max(1, o.missesToEnd ?? 2);
  const configured = [...new Set(o.extensions)];
  // Every hook names two parties: looked up by value, not by a scan of thousands of extensions.
  const configuredSet = new Set(configured);
  const byShort = new Map<string, string | null>();
  for (const full of configured) byShort.set(shortOf(full), byShort.has(shortOf(full)) ? null : full);
  const names = new Map<string, string>();
  const legs = new Map<string, Live>();
  // Legs per extension: every hook and snapshot view looks among one extension's legs, and a busy
  // account has thousands of live legs (a scan of them all per hook was the ingest cost).
  const legsByExtension = new Map<string, Set<Live>>();
  const on = (full: string): Iterable<Live> => legsByExtension.get(full) ?? [];
  const find = (full: string, test: (leg: Live) => boolean): Live | undefined => {
    for (const leg of on(full)) if (test(leg)) return leg;
    return undefined;
  };
  function add(leg: Live): void {
    legs.set(leg.facts.legId, leg);
    const set = legsByExtension.get(leg.full) ?? new Set<Live>();
    set.add(leg);
    legsByExtension.set(leg.full, set);
  }
  function drop(leg: Live): void {
    legs.delete(leg.facts.legId);
    legsByExtension.get(leg.full)?.delete(leg);
  }
  const ended = new ExpiringMarks<true>(Infinity, MAX_REMEMBERED);
  const endedRounds = new ExpiringMarks<EndedRounds>(Infinity, MAX_REMEMBERED);
  /** Who ended legs were with and when they began, to know them again in the history (A23). */
  const recentEnds: { full: string; peer: string; startMs: number }[] = [];
  const seen = new ExpiringMarks<true>(Infinity, MAX_REMEMBERED);
  /** Hangups already applied (`CallID|extension|CallStatus`): a duplicate must not end a later round. */
  const hangups = new ExpiringMarks<true>(Infinity, MAX_REMEMBERED);
  /**
   * Calls (`CallID|extension`) whose latest hook here was a Hangup: until a Dial-In or Answer comes,
   * an identical Hangup is that one again (a duplicate), not the next round's own (A22 event order).
   */
  const lastWasHangup = new ExpiringMarks<true>(Infinity, MAX_REMEMBERED);

  function restore(views: readonly ExtensionView[], now: Date): number {
    let restored = 0;
    for (const view of views) {
      const full = resolve(view.number);
      if (!full) continue;
      for (const call of view.calls) {
        if (legs.has(call.id)) continue;
        add({
          facts: { extension: view.number, legId: call.id, vendorCallId: call.vendorCallId, direction: call.direction, peer: { ...call.peer }, state: call.state, queueNumber: null, canAnswer: false },
          full,
          callIds: new Set([call.vendorCallId]),
          answered: call.answeredAt !== null,
          recording: call.recording,
          // Judged by the very next poll, like any leg older than it.
          firstSeenMs: now.getTime() - 1,
          hookAtMs: -Infinity,
          misses: 0,
          ...roundOf(call.id),
        });
        restored += 1;
      }
    }
    return restored;
  }

  /** `…:210:abc~r3` → base `…:210:abc`, round 3. */
  function roundOf(legId: string): { baseId: string; round: number } {
    const m = /^(.*)~r(\d+)$/.exec(legId);
    return m ? { baseId: m[1] ?? legId, round: Number(m[2]) } : { baseId: legId, round: 1 };
  }

  /** Notes a leg as ended, keeping what the next round of its call needs to be told apart from it. */
  function noteEnded(legId: string, atMs: number, leg: Pick<Live, 'baseId' | 'round' | 'viewId' | 'callIds'>, owedHangup?: OwedHangup): void {
    ended.set(legId, true);
    const past = endedRounds.get(leg.baseId) ?? { rounds: 0, viewIds: new Set<string>(), callIds: new Set<string>(), lastEndMs: 0 };
    if (leg.round >= past.rounds) past.owedHangup = owedHangup;
    past.rounds = Math.max(past.rounds, leg.round);
    if (leg.viewId !== undefined) past.viewIds.add(leg.viewId);
    for (const id of leg.callIds) past.callIds.add(id);
    past.lastEndMs = Math.max(past.lastEndMs, atMs);
    endedRounds.set(leg.baseId, past);
  }

  /**
   * Rounds of a call an earlier process saw end (their ends are stored, our memory of them went with
   * the restart): without them the next round would take round 1's id, which is final.
   */
  function storedRounds(baseId: string, callId: string): EndedRounds | undefined {
    if (ended.has(baseId) || !o.storedEndedAt) return undefined;
    let round = 1;
    let lastEndMs: number | null = null;
    for (;;) {
      const endMs = o.storedEndedAt(round === 1 ? baseId : `${baseId}~r${round}`);
      if (endMs === null) break;
      lastEndMs = Math.max(lastEndMs ?? 0, endMs);
      round += 1;
    }
    if (lastEndMs === null) return undefined;
    for (let r = 1; r < round; r++) noteEnded(r === 1 ? baseId : `${baseId}~r${r}`, lastEndMs, { baseId, round: r, callIds: new Set([callId]) });
    return endedRounds.get(baseId);
  }

  /** `byHangup` false: a snapshot ended the leg, and its Hangup hook may still be on its way. */
  function close(leg: Live, atMs: number, byHangup: boolean): void {
    drop(leg);
    noteEnded(leg.facts.legId, atMs, leg, byHangup ? undefined : { answered: leg.answered });
    recentEnds.push({ full: leg.full, peer: leg.facts.peer.number, startMs: leg.firstSeenMs });
    if (recentEnds.length > MAX_REMEMBERED) recentEnds.shift();
  }

  /** The configured extension a hook or view value names (extended, or short when unambiguous). */
  function resolve(value: string | undefined): string | null {
    const v = (value ?? '').trim().replace(/%2A/gi, '*');
    if (v === '') return null;
    if (v.includes('*')) return configuredSet.has(v) ? v : null;
    // A short number is ours only when exactly one configured extension ends in it.
    return byShort.get(v) ?? null;
  }

  const legIdOf = (full: string, callId: string) => `${connectionId}:${shortOf(full)}:${callId}`;
  // The projector applies an event key once: a later round's hook must not share round 1's key.
  const hookKey = (callId: string, full: string, round: number, type: string) => `hook:${callId}:${shortOf(full)}${round > 1 ? `~r${round}` : ''}:${type}`;

  function findByCallId(full: string, callId: string): Live | undefined {
    const direct = legs.get(legIdOf(full, callId));
    if (direct) return direct;
    return find(full, (leg) => leg.callIds.has(callId) || leg.phoneCallId === callId);
  }

  /** Same far end: equal numbers once extended extension numbers are shortened. */
  const samePeer = (a: string, b: string) => a !== '' && b !== '' && (a === b || a.replace(/^\+|^00/, '') === b.replace(/^\+|^00/, ''));

  /**
   * The leg a hook describes, seen from the extension it is about (`inbound`: the called side). Every
   * hook type carries the same §3.3 parameters, a Hangup included, so this also describes a leg whose
   * only hook to arrive was its Hangup.
   */
  function partyOf(p: Record<string, string>, inbound: boolean, answered: boolean): Pick<LegFacts, 'state' | 'direction' | 'peer'> {
    const state: LegState = answered ? 'talking' : inbound ? 'ringing' : 'dialing';
    const internal = inbound ? p.CallerExtension !== '' && p.CallerExtension !== undefined : !!p.CalledExtension || /^\d+\*\d+$|^\d{1,4}$/.test(p.CalledNumber ?? '');
    const direction: Direction = internal ? 'internal' : inbound ? 'inbound' : 'outbound';
    const peer = inbound
      ? { number: peerNumber(p.CallerIDNum) || peerNumber(p.CallerExtension), name: (p.CallerIDName || p.CallerIDNam || '').trim() || null }
      : { number: peerNumber(p.CalledNumber) || peerNumber(p.CalledExtension), name: null };
    return { state, direction, peer };
  }

  const upsert = (leg: Live, key: string, at: string, raw: unknown): PbxEvent => ({ type: 'leg.upsert', connectionId, key, at, raw, leg: { ...leg.facts, peer: { ...leg.facts.peer } } });

  function hook(request: WebhookRequest): PbxEvent[] {
    const type = String(request?.event ?? '').trim();
    const p: Record<string, string> = {};
    for (const [name, value] of Object.entries(request?.params ?? {})) p[name] = typeof value === 'string' ? value.trim() : String(value ?? '');
    const receivedAt = request?.receivedAt instanceof Date && !Number.isNaN(request.receivedAt.getTime()) ? request.receivedAt : new Date();
    const at = receivedAt.toISOString();
    const raw = { event: type, params: p };
    if (!HOOK_TYPES[type]) {
      issue({ kind: 'ignored', reason: `unknown event type "${type}"`, detail: raw });
      return [];
    }
    const callId = p.CallID ?? '';
    if (callId === '') {
      issue({ kind: 'invalid', reason: 'no CallID', detail: raw });
      return [];
    }
    const called = resolve(p.CalledExtension) ?? (p.CalledExtension ? null : resolve(p.CalledNumber));
    const caller = resolve(p.CallerExtension) ?? (p.CallerExtension ? null : resolve(p.CallerIDNum));
    const flow = (p.CallFlow ?? '').toUpperCase();

    if (type === '2') {
      const sides = flow === 'IN' ? [called] : flow === 'OUT' ? [caller] : [called, caller];
      const targets = [...new Set(sides.filter((s): s is string => s !== null))];
      if (targets.length === 0) {
        issue({ kind: 'ignored', reason: 'hangup on no configured extension', detail: raw });
        return [];
      }
      const status = (p.CallStatus ?? '').toUpperCase();
      if (status !== '' && !OUTCOMES[status]) issue({ kind: 'ignored', reason: `unknown CallStatus "${status}" (outcome guessed)`, detail: raw });
      const out: PbxEvent[] = [];
      for (const full of targets) {
        const leg = findByCallId(full, callId);
        const legId = leg?.facts.legId ?? legIdOf(full, callId);
        if (ended.has(legId)) continue;
        const outcome = OUTCOMES[status] ?? (leg?.answered ? 'answered' : 'failed');
        const signature = `${callId}|${full}|${status}`;
        const repeated = hangups.has(signature) && (leg?.answered === true ? outcome !== 'answered' : lastWasHangup.has(`${callId}|${full}`));
        lastWasHangup.set(`${callId}|${full}`, true);
        if (leg && leg.round > 1 && leg.owedHangup && (outcome === 'answered') === leg.owedHangup.answered) {
          // The hangup of the round a snapshot ended (it lagged the snapshot that showed this round).
          leg.owedHangup = undefined;
          hangups.set(signature, true);
          issue({ kind: 'ignored', reason: 'the late hangup of an earlier round', detail: raw });
          continue;
        }
        if (leg && leg.round > 1 && repeated) {
          // The earlier round's hangup again (a duplicate): this round was answered, or has had no hook yet.
          issue({ kind: 'ignored', reason: 'a repeated hangup of an earlier round', detail: raw });
          continue;
        }
        hangups.set(signature, true);
        if (leg) close(leg, receivedAt.getTime(), true);
        else {
          noteEnded(legId, receivedAt.getTime(), { baseId: legId, round: 1, callIds: new Set([callId]) });
          // Hooks may come reordered (A22 leaves delivery open): this Hangup is the first we hear of the
          // leg, and its Dial-In/Out will be dropped as late. A bare end would store a call with no peer;
          // the Hangup's own parameters describe the leg, and upsert and end share a batch, so no tile
          // ever shows it. Its key is fixed per leg: a replay after a restart is a repeat.
          const inbound = flow === 'IN' || (flow !== 'OUT' && full === called);
          const party = partyOf(p, inbound, outcome === 'answered');
          const facts: LegFacts = { extension: shortOf(full), legId, vendorCallId: callId, ...party, queueNumber: null, canAnswer: false };
          out.push({ type: 'leg.upsert', connectionId, key: `${hookKey(callId, full, 1, '2')}:unseen`, at, raw, leg: facts });
        }
        out.push({ type: 'leg.end', connectionId, key: hookKey(callId, full, leg?.round ?? 1, '2'), at, raw, extension: shortOf(full), legId, outcome });
      }
      return out;
    }

    const inbound = type === '0' || type === '3';
    const full = inbound ? called : caller;
    if (!full) {
      issue({ kind: 'ignored', reason: `${HOOK_TYPES[type]} on no configured extension`, detail: raw });
      return [];
    }
    // The call has moved on from its last hangup here, even when this hook repeats round 1's key.
    lastWasHangup.delete(`${callId}|${full}`);
    const key = hookKey(callId, full, 1, type);
    if (seen.has(key)) return [];
    seen.set(key, true);

    const out: PbxEvent[] = [];
    if (!inbound && p.CallerIDName && names.get(full) !== p.CallerIDName) {
      // Dial-Out carries our own extension's caller-id name: the extension's name when none is known.
      names.set(full, p.CallerIDName);
      out.push(known(receivedAt));
    }
    const answered = type === '3' || type === '4';
    const { state, direction, peer } = partyOf(p, inbound, answered);

    let leg = findByCallId(full, callId);
    if (!leg) {
      const legId = legIdOf(full, callId);
      // After a restart the memory of ended legs is gone: storage says whether this call's round 1
      // ended, and then this hook is a later round (or a replay) that only a snapshot can open.
      if (ended.has(legId) || storedRounds(legId, callId)) {
        issue({ kind: 'ignored', reason: `${HOOK_TYPES[type]} after the call ended`, detail: raw });
        return out;
      }
      // A leg the poll opened before this hook came (A23): adopt it rather than doubling it.
      leg = find(full, (l) => l.callIds.size === 0 && samePeer(l.facts.peer.number, peer.number));
      if (leg) leg.callIds.add(callId);
    }
    if (!leg) {
      const legId = legIdOf(full, callId);
      leg = {
        facts: { extension: shortOf(full), legId, vendorCallId: callId, direction, peer, state, queueNumber: null, canAnswer: false },
        full,
        callIds: new Set([callId]),
        answered,
        firstSeenMs: receivedAt.getTime(),
        hookAtMs: receivedAt.getTime(),
        misses: 0,
        baseId: legId,
        round: 1,
      };
      add(leg);
    } else {
      const f = leg.facts;
      // A late or repeated Dial-In/Out never takes an answered leg back to ringing.
      const nextState: LegState = answered ? (f.state === 'held' ? 'held' : 'talking') : leg.answered ? f.state : state;
      leg.facts = {
        ...f,
        state: nextState,
        peer: { number: f.peer.number || peer.number, name: f.peer.name ?? peer.name },
      };
      leg.answered ||= answered;
      leg.hookAtMs = receivedAt.getTime();
      leg.misses = 0;
    }
    out.push(upsert(leg, hookKey(callId, full, leg.round, type), at, raw));
    return out;
  }

  /** One view as leg facts (state, direction, peer, recording), from that party's perspective. */
  function viewFacts(full: string, view: TPhoneCallView) {
    const short = shortOf(full);
    const mine = (n: string) => n === full || n === short;
    const source = view.source ?? [];
    const destination = view.destination ?? [];
    const status = view.status ?? '0';
    const isCaller = source.some(mine) ? true : destination.some(mine) ? false : ['1', '2', '4'].includes(status);
    const direction: Direction = view.flow === '2' ? 'internal' : view.flow === '4' ? 'outbound' : view.flow === '8' ? 'inbound' : isCaller ? 'outbound' : 'inbound';
    const far = (isCaller ? destination : source).find((n) => !mine(n)) ?? '';
    const cid = parseCallerId(view.callerId);
    const peer = { number: peerNumber(far) || (isCaller ? '' : peerNumber(cid.number ?? '')), name: isCaller ? null : cid.name };
    const answered = status === '5' || view.answered !== undefined;
    const state: LegState = view.onHold !== undefined ? 'held' : answered ? 'talking' : status === '3' ? 'ringing' : isCaller ? 'dialing' : 'ringing';
    const recording: RecordingState = view.recording !== undefined ? 'on' : 'off';
    return { direction, peer, state, answered, recording };
  }

  function poll(calls: readonly TPhoneCall[], po: PollOptions): PollResult {
    const result: PollResult = { events: [], opened: 0, ended: 0, updated: 0 };
    const requestedMs = po.requestedAt.getTime();
    const at = po.now.toISOString();
    const stamp = po.requestedAt.toISOString();
    const present = new Set<string>();
    for (const call of calls) {
      for (const view of call.phoneCallView) {
        const full = resolve(view.extension);
        if (!full) continue;
        const v = viewFacts(full, view);
        const raw = { phoneCall: call.id, view };
        let leg = find(full, (l) => l.phoneCallId === call.id);
        leg ??= findByCallId(full, call.id);
        leg ??= find(full, (l) => l.phoneCallId === undefined && samePeer(l.facts.peer.number, v.peer.number));
        let superseded = false;
        if (leg && view.id !== undefined && leg.viewId !== undefined && leg.viewId !== view.id && !present.has(leg.facts.legId)) {
          // The extension has a new view of this call: the round we show ended (its hangup lost, or still to come).
          close(leg, po.now.getTime(), false);
          result.ended += 1;
          const outcome: CallOutcome = leg.answered ? 'answered' : 'no_answer';
          result.events.push({ type: 'leg.end', connectionId, key: `${leg.facts.legId}:superseded`, at, raw, extension: leg.facts.extension, legId: leg.facts.legId, outcome });
          leg = undefined;
          superseded = true;
        }
        if (!leg) {
          const baseId = legIdOf(full, call.id);
          const past = endedRounds.get(baseId) ?? storedRounds(baseId, call.id);
          let legId = baseId;
          let round = 1;
          if (past || ended.has(baseId)) {
            // A late view of an ended round, or the PBX ringing this extension again (a new round).
            const newRound = past !== undefined && view.id !== undefined && !past.viewIds.has(view.id) && (superseded || requestedMs > past.lastEndMs);
            if (!newRound || !past) continue;
            round = past.rounds + 1;
            legId = `${baseId}~r${round}`;
          }
          if (present.has(legId)) continue;
          leg = {
            facts: { extension: shortOf(full), legId, vendorCallId: call.id, direction: v.direction, peer: v.peer, state: v.state, queueNumber: null, canAnswer: false },
            full,
            callIds: new Set(past?.callIds),
            answered: v.answered,
            firstSeenMs: requestedMs,
            hookAtMs: -Infinity,
            misses: 0,
            baseId,
            round,
            owedHangup: round > 1 ? past?.owedHangup : undefined,
          };
          add(leg);
          result.opened += 1;
          // The PBX says when it began ringing: a leg the hooks missed starts then, not at this poll.
          const ringingMs = timeOf(view.ringing);
          const startedAt = ringingMs !== null && ringingMs <= po.now.getTime() && po.now.getTime() - ringingMs < 3_600_000 ? new Date(ringingMs).toISOString() : at;
          result.events.push(upsert(leg, `${legId}:poll:${stamp}`, startedAt, raw));
        } else {
          const before = JSON.stringify(leg.facts);
          const f = leg.facts;
          // A hook newer than the request knows better than the snapshot.
          const state = leg.hookAtMs > requestedMs ? f.state : v.state;
          leg.facts = { ...f, state, peer: { number: f.peer.number || v.peer.number, name: f.peer.name ?? v.peer.name } };
          leg.answered ||= v.answered;
          if (JSON.stringify(leg.facts) !== before) {
            result.updated += 1;
            result.events.push(upsert(leg, `${leg.facts.legId}:poll:${stamp}`, at, raw));
          }
        }
        leg.phoneCallId = call.id;
        leg.viewId = view.id ?? leg.viewId;
        leg.misses = 0;
        present.add(leg.facts.legId);
        if (leg.recording !== v.recording && (leg.recording !== undefined || v.recording === 'on')) {
          leg.recording = v.recording;
          result.events.push({ type: 'leg.recording', connectionId, key: `${leg.facts.legId}:recording:${stamp}`, at, raw, legId: leg.facts.legId, recording: v.recording });
        } else leg.recording = v.recording;
      }
    }
    for (const leg of [...legs.values()]) {
      if (present.has(leg.facts.legId) || leg.firstSeenMs >= requestedMs || leg.hookAtMs >= requestedMs) continue;
      leg.misses += 1;
      if (leg.misses < missesToEnd) continue;
      close(leg, po.now.getTime(), false);
      result.ended += 1;
      const outcome: CallOutcome = leg.answered ? 'answered' : 'cancelled';
      result.events.push({ type: 'leg.end', connectionId, key: `${leg.facts.legId}:reconciled`, at, raw: { reconciled: 'absent from phoneCalls' }, extension: leg.facts.extension, legId: leg.facts.legId, outcome });
    }
    return result;
  }

  /** A time in UAPI form (`2015-01-23T04:56:22+00:00`), as ms; `null` when absent or unreadable. */
  const timeOf = (value: string | undefined) => {
    const ms = value ? Date.parse(value) : Number.NaN;
    return Number.isNaN(ms) ? null : ms;
  };

  /**
   * A hook's CallID need not be the PhoneCall id (A23): views of legs we ended under another id are
   * known by extension, far end and start (within 10 s), each ended leg standing for one view.
   */
  function endedUnderOtherIds(full: string, views: readonly TPhoneCallView[]): number {
    const used = new Set<number>();
    let count = 0;
    for (const view of views) {
      const startMs = timeOf(view.ringing);
      if (startMs === null) continue;
      const far = viewFacts(full, view).peer.number;
      const i = recentEnds.findIndex((e, j) => !used.has(j) && e.full === full && Math.abs(e.startMs - startMs) <= 10_000 && samePeer(e.peer, far));
      if (i < 0) continue;
      used.add(i);
      count += 1;
    }
    return count;
  }

  function history(calls: readonly TPhoneCall[]): HistoryResult {
    const result: HistoryResult = { events: [], recovered: 0 };
    for (const call of calls) {
      const byExtension = new Map<string, TPhoneCallView[]>();
      for (const view of call.phoneCallView) {
        const full = resolve(view.extension);
        if (full) byExtension.set(full, [...(byExtension.get(full) ?? []), view]);
      }
      for (const [full, views] of byExtension) {
        // Still live for us (by id, or by party and time: A23): the snapshots or a hangup will end it.
        const live = [...on(full)];
        if (live.some((l) => l.phoneCallId === call.id || l.callIds.has(call.id))) continue;
        if (views.some((view) => live.some((l) => Math.abs(l.firstSeenMs - (timeOf(view.ringing) ?? -Infinity)) <= 10_000 && samePeer(l.facts.peer.number, viewFacts(full, view).peer.number)))) continue;
        const baseId = legIdOf(full, call.id);
        // One view per round: the rounds we know of are the first views, in ringing order.
        const ordered = [...views].sort((a, b) => (timeOf(a.ringing) ?? 0) - (timeOf(b.ringing) ?? 0) || (a.id ?? '').localeCompare(b.id ?? ''));
        const byId = (endedRounds.get(baseId) ?? storedRounds(baseId, call.id))?.rounds ?? 0;
        const knownRounds = byId > 0 ? byId : endedUnderOtherIds(full, ordered);
        ordered.slice(knownRounds).forEach((view, i) => {
          const round = knownRounds + i + 1;
          const legId = round === 1 ? baseId : `${baseId}~r${round}`;
          const v = viewFacts(full, view);
          const startMs = timeOf(view.ringing) ?? timeOf(call.published);
          if (startMs === null) return;
          // The history has no end time: the leg is closed at its last known moment.
          const endMs = Math.max(startMs, timeOf(view.answered) ?? startMs);
          const answered = view.disposition === '0' || view.answered !== undefined;
          const outcome: CallOutcome = answered ? 'answered' : (DISPOSITIONS[view.disposition ?? ''] ?? 'cancelled');
          const raw = { cdr: call.id, view };
          const facts: LegFacts = {
            extension: shortOf(full), legId, vendorCallId: call.id, direction: v.direction, peer: v.peer,
            state: v.state === 'dialing' ? 'dialing' : 'ringing', queueNumber: null, canAnswer: false,
          };
          const iso = (ms: number) => new Date(ms).toISOString();
          result.events.push({ type: 'leg.upsert', connectionId, key: `${legId}:cdr`, at: iso(startMs), raw, leg: facts });
          if (answered) result.events.push({ type: 'leg.upsert', connectionId, key: `${legId}:cdr:answered`, at: iso(endMs), raw, leg: { ...facts, state: 'talking' } });
          result.events.push({ type: 'leg.end', connectionId, key: `${legId}:cdr:end`, at: iso(endMs), raw, extension: facts.extension, legId, outcome });
          noteEnded(legId, endMs, { baseId, round, viewId: view.id, callIds: new Set([call.id]) });
          result.recovered += 1;
        });
      }
    }
    return result;
  }

  function known(at: Date): PbxEvent {
    const iso = at.toISOString();
    const extensions = configured.map((full) => ({ number: shortOf(full), name: names.get(full) ?? null, kind: 'phone' as const }));
    return { type: 'extensions.known', connectionId, key: `known:${iso}:${extensions.map((e) => `${e.number}=${e.name ?? ''}`).join(',')}`, at: iso, extensions };
  }

  function recordingTarget(ref: LegRef): RecordingTarget | null {
    for (const leg of legs.values()) {
      if (leg.facts.extension !== ref.extension) continue;
      if (leg.facts.vendorCallId !== ref.vendorCallId && !leg.callIds.has(ref.vendorCallId) && leg.phoneCallId !== ref.vendorCallId) continue;
      if (leg.phoneCallId === undefined || leg.viewId === undefined) return null;
      return { legId: leg.facts.legId, extension: leg.full, phoneCallId: leg.phoneCallId, phoneCallViewId: leg.viewId };
    }
    return null;
  }

  return {
    hook,
    poll,
    history,
    known,
    recordingTarget,
    noteRecording(legId, state) {
      const leg = legs.get(legId);
      if (leg) leg.recording = state;
    },
    liveLegs: () => [...legs.values()].map((l) => ({ ...l.facts })),
    restore,
  };
}
