/**
 * Pure Telphin normaliser (DESIGN.md §2): one hook request (telphin.md §5) → canonical `PbxEvent`s,
 * with a small per-leg memory. No I/O; whatever it drops is reported through `onIssue`.
 *
 * - The hook owner is the extension whose id prefixes `SubCallID` (§5.2 [observed]), else the
 *   callee of an `in` leg / the caller of an `out` leg. Only monitored owners count.
 * - Phone legs: `legId = ${connectionId}:${short}:${SubCallID}`, `vendorCallId = SubCallID`,
 *   `callKey = CallID`; dial-in → ringing, dial-out → dialing, answer → talking, hangup → end by
 *   `CallStatus`. An offer from a queue (`CallerExtension` = a queue) carries `queueNumber`.
 * - Queue `in` thread: a leg on the queue, ringing while the caller waits, talking once an agent
 *   answers (the queue's `out`-thread `answer`, or an agent phone's `answer` of that call), ended by
 *   `Bridged`. The `out` thread makes no leg of its own: the agents' phones report each offer.
 * - IVR: the caller in the menu is a talking leg on the IVR, ended by `Bridged`. A `Transfered=yes`
 *   leg of a queue or IVR (forwarded outside, §6.3) is an ordinary outbound leg on it.
 * - Order (§11.4): per leg, opening < answer < hangup; a request that would move a leg back is
 *   dropped, and an ended leg is tombstoned so a late `dial-in` cannot reopen it. A hangup (or
 *   answer) for a leg never seen opens it from its own fields first (§5.3: they repeat the leg's).
 * - Keys: `${SubCallID}:${EventType}:${EventTime}` (+ `:${event}` when the URL's event differs), so a
 *   duplicated request maps to the same key (§11.5); derived events add `:open` or `:bridged`.
 * - `at` = `EventTime` (µs since the epoch); callback self legs (§6.4) are dropped.
 */
import type { CallView, ExtensionView } from '@/lib/board';
import type { LegFacts, PbxEvent } from '@/server/domain/pbx-event';
import type { WebhookRequest } from '@/server/connectors/connector';
import { ExtensionDirectory, shortNameOf, type TelphinExtension } from './extension-directory';
import { callerPeer, calleePeer, legOutcome, stateFor } from './leg-facts';
import { apiKey, LegMemory, legKey, type LegRole, type LiveLeg } from './leg-memory';
import { callIdFromApiId, reconcileLegs, type ReconcileOptions, type ReconcileResult } from './reconcile';
import { CALL_EVENT_TYPES, canonicalHookParams, ZHookParams, type TCallEventType, type TCurrentCall, type THookParams } from './schema';

export interface TelphinIssue {
  /** `invalid`: malformed. `ignored`: valid but not for the board. `dropped`: ordering or duplicate. */
  kind: 'invalid' | 'ignored' | 'dropped';
  reason: string;
  detail: unknown;
}

export interface TelphinNormaliserOptions {
  connectionId: string;
  onIssue?: (issue: TelphinIssue) => void;
  /** Tombstone life of ended legs; default 1 h. */
  tombstoneMs?: number;
}

export interface TelphinNormaliser {
  /** Every phone, queue and IVR of the client, and which of them we monitor. */
  setDirectory(all: readonly TelphinExtension[], monitoredIds: ReadonlySet<string>): void;
  directory(): ExtensionDirectory | null;
  /** `extensions.known` for the monitored extensions. */
  known(receivedAt: Date): PbxEvent;
  /** One hook request, already authenticated by the intake. */
  hook(request: WebhookRequest): PbxEvent[];
  /** Compares our live legs with `current_calls` (§11.7); see `reconcile.ts`. */
  reconcile(calls: readonly TCurrentCall[], options: ReconcileOptions): ReconcileResult;
  /** True once after a request implied that an earlier one was lost (an answer or hangup of an unseen leg). */
  takeLossSuspected(): boolean;
  liveLegs(): LegFacts[];
  /**
   * Takes over the live legs a previous process stored (after a restart), so the first full
   * reconcile keeps the calls still listed by current_calls under their ids instead of ending them
   * and opening them again as new legs — which would double the history. Needs the directory.
   */
  restore(extensions: readonly ExtensionView[], now: Date): number;
}

type Route = { kind: 'leg'; role: LegRole; flow: 'in' | 'out' } | { kind: 'queue-out' } | { kind: 'self' };

interface Ctx {
  p: THookParams;
  eventType: TCallEventType;
  owner: TelphinExtension;
  dir: ExtensionDirectory;
  eventUs: number;
  at: string;
  nowMs: number;
  key: string;
  raw: unknown;
}

/** `EventTime` is µs (§5.2); tolerate ms and s, which a sloppy sender could use. */
export function microsToMs(value: number): number {
  return value >= 1e14 ? Math.floor(value / 1000) : value >= 1e11 ? value : value * 1000;
}

/**
 * `ms` as an ISO time, or `fallbackMs` when `ms` is outside the Date range: a finite but huge
 * `Duration` (up to 19 digits of µs) made `toISOString()` throw a RangeError (found by fuzz/).
 */
const isoAt = (ms: number, fallbackMs: number) => new Date(Number.isFinite(new Date(ms).getTime()) ? ms : fallbackMs).toISOString();

const isCallEvent = (t: string): t is TCallEventType => (CALL_EVENT_TYPES as readonly string[]).includes(t);

/** Creates a normaliser for one connection; its memory lives as long as the returned object. */
export function createTelphinNormaliser(options: TelphinNormaliserOptions): TelphinNormaliser {
  const { connectionId } = options;
  const issue = options.onIssue ?? (() => {});
  const memory = new LegMemory(options.tombstoneMs);
  let dir: ExtensionDirectory | null = null;
  let lossSuspected = false;

  const upsert = (leg: LiveLeg, at: string, key: string, raw: unknown): PbxEvent => ({
    type: 'leg.upsert', connectionId, key, at, raw, leg: { ...leg.facts, peer: { ...leg.facts.peer } },
  });

  function ownerOf(p: THookParams, eventType: TCallEventType, d: ExtensionDirectory): TelphinExtension | undefined {
    const fromSub = /^(\d+)-/.exec(p.SubCallID)?.[1];
    const owner = d.byId(fromSub);
    if (owner) return owner;
    const out = p.CallFlow === 'out' || (p.CallFlow === undefined && eventType === 'dial-out');
    return out ? d.find(p.CallerExtensionID, p.CallerExtension) : d.find(p.CalledExtensionID, p.CalledExtension);
  }

  function routeOf(c: Omit<Ctx, 'key'>): Route {
    const { p, eventType, owner, dir: d } = c;
    const called = p.CalledExtension || p.CalledExtensionID ? (d.find(p.CalledExtensionID, p.CalledExtension)?.shortName ?? shortNameOf(p.CalledExtension ?? '')) : undefined;
    const caller = p.CallerExtension || p.CallerExtensionID ? (d.find(p.CallerExtensionID, p.CallerExtension)?.shortName ?? shortNameOf(p.CallerExtension ?? '')) : undefined;
    const me = owner.shortName;
    const flow: 'in' | 'out' =
      p.CallFlow === 'in' || p.CallFlow === 'out' ? p.CallFlow : eventType === 'dial-out' ? 'out' : eventType === 'dial-in' ? 'in' : caller === me && called !== me ? 'out' : 'in';
    const forwarded = eventType === 'dial-out' || p.Transfered === 'yes';
    if (owner.kind === 'queue') {
      if (forwarded) return { kind: 'leg', role: 'phone', flow: 'out' };
      // §9 #6: the queue as callee is the `in` thread, as caller the `out` thread; else CallFlow.
      const thread = called === me ? 'in' : caller === me ? 'out' : flow;
      return thread === 'in' ? { kind: 'leg', role: 'queue-in', flow: 'in' } : { kind: 'queue-out' };
    }
    if (owner.kind === 'ivr') return forwarded || flow === 'out' ? { kind: 'leg', role: 'phone', flow: 'out' } : { kind: 'leg', role: 'ivr', flow: 'in' };
    // §6.4: a callback whose only source is its owner rings nobody else; a PBX that still reports the
    // owner calling itself would put a phantom call on the tile.
    const calledNumber = p.CalledNumber && d.isExtensionNumber(p.CalledNumber) ? shortNameOf(p.CalledNumber) : undefined;
    if (caller === me && (called ?? calledNumber) === me) return { kind: 'self' };
    return { kind: 'leg', role: 'phone', flow };
  }

  function factsOf(c: Ctx, role: LegRole, flow: 'in' | 'out', legId: string, vendorCallId: string, state: LegFacts['state']): LegFacts {
    const peer = flow === 'out' ? calleePeer(c.p, c.dir) : callerPeer(c.p, c.dir);
    const from = c.dir.find(c.p.CallerExtensionID, c.p.CallerExtension);
    return {
      extension: c.owner.shortName,
      legId,
      vendorCallId,
      direction: peer.direction,
      peer: { number: peer.number, name: peer.name },
      state,
      queueNumber: role === 'phone' && flow === 'in' && from?.kind === 'queue' ? from.shortName : null,
      canAnswer: false,
      callKey: c.p.CallID,
    };
  }

  /** An agent answered call `CallID` from `queue`: the caller waiting in it is now talking. */
  function bridge(queue: string, c: Ctx): PbxEvent[] {
    memory.noteBridged(queue, c.p.CallID, c.eventUs, c.nowMs);
    const out: PbxEvent[] = [];
    for (const leg of memory.legs()) {
      if (leg.role !== 'queue-in' || leg.extension !== queue || leg.callId !== c.p.CallID || leg.rank > 0) continue;
      leg.rank = 1;
      leg.facts = { ...leg.facts, state: 'talking' };
      out.push(upsert(leg, c.at, `${leg.facts.legId}:bridged`, c.raw));
    }
    return out;
  }

  function end(c: Ctx, role: LegRole, flow: 'in' | 'out', known: LiveLeg | undefined, key: string): PbxEvent[] {
    const out: PbxEvent[] = [];
    let leg = known;
    if (!leg) {
      // Reordered (§9 #11) or its opening request was lost: record the leg from the hangup's own
      // fields so the call's history keeps it; upsert and end share a batch, so nothing flickers.
      lossSuspected = true;
      const answered =
        role === 'phone' ? c.p.CallStatus === 'ANSWER' : role === 'ivr' || c.p.Bridged === 'yes' || memory.bridgedAt(c.owner.shortName, c.p.CallID) !== undefined;
      const state = role === 'ivr' || answered ? 'talking' : flow === 'out' ? 'dialing' : 'ringing';
      const startMs = microsToMs(c.eventUs - (c.p.Duration ?? 0));
      leg = newLeg(c, role, key, factsOf(c, role, flow, `${connectionId}:${c.owner.shortName}:${c.p.SubCallID}`, c.p.SubCallID, state), answered ? 1 : 0);
      out.push(upsert(leg, isoAt(startMs, c.nowMs), `${c.key}:open`, c.raw));
    }
    const outcome = legOutcome(leg.role, c.p.CallStatus, c.p.Bridged, leg.callId !== null && memory.wasAnswered(leg.callId), leg.rank);
    if (known && leg.rank === 0 && leg.role !== 'ivr' && outcome === 'answered') {
      // The answer (or the bridging) was lost or is late: the leg did talk, say so before it ends so
      // its answer time and the queue's answered count are right. Talk began Duration ago (§5.2).
      const bridgedUs = leg.role === 'queue-in' ? memory.bridgedAt(leg.extension, c.p.CallID) : undefined;
      const answeredMs = microsToMs(bridgedUs ?? c.eventUs - (c.p.Duration ?? 0));
      leg.rank = 1;
      leg.facts = { ...leg.facts, state: 'talking' };
      out.push(upsert(leg, isoAt(answeredMs, c.nowMs), `${c.key}:answered`, c.raw));
    }
    memory.end(leg, c.nowMs);
    out.push({ type: 'leg.end', connectionId, key: c.key, at: c.at, raw: c.raw, extension: leg.extension, legId: leg.facts.legId, outcome });
    return out;
  }

  function newLeg(c: Ctx, role: LegRole, key: string, facts: LegFacts, rank: number): LiveLeg {
    return {
      key, extension: c.owner.shortName, role, facts, rank, callId: c.p.CallID, callApiId: c.p.CallAPIID ?? null,
      lastSeenMs: c.nowMs, synthetic: false, missingSinceMs: null, aliases: [],
    };
  }

  function applyLeg(c: Ctx, role: LegRole, flow: 'in' | 'out'): PbxEvent[] {
    const { p, owner } = c;
    let key = memory.resolve(owner.shortName, p.SubCallID);
    if (memory.isEnded(key, c.nowMs)) {
      issue({ kind: 'dropped', reason: 'leg already ended', detail: c.raw });
      return [];
    }
    let known = memory.get(key);
    let adopted = false;
    if (!known) {
      // A leg first learnt from current_calls (no SubCallID there) becomes this SubCallID's leg.
      const synthetic = memory.syntheticFor(owner.shortName, p.CallAPIID);
      if (synthetic) {
        memory.adopt(owner.shortName, p.SubCallID, synthetic);
        Object.assign(synthetic, { role, callId: p.CallID, callApiId: p.CallAPIID ?? synthetic.callApiId });
        known = synthetic;
        key = synthetic.key;
        adopted = true;
      }
    }
    if (c.eventType === 'hangup') return end(c, role, flow, known, key);

    const target = stateFor(role, flow, c.eventType);
    const out: PbxEvent[] = [];
    if (!known) {
      if (c.eventType === 'answer') lossSuspected = true;
      const leg = newLeg(c, role, key, factsOf(c, role, flow, `${connectionId}:${owner.shortName}:${p.SubCallID}`, p.SubCallID, target.state), target.rank);
      memory.set(leg);
      out.push(upsert(leg, c.at, c.key, c.raw));
      // The agent's answer may have overtaken the caller's arrival in the queue.
      const bridgedUs = role === 'queue-in' && leg.rank === 0 ? memory.bridgedAt(owner.shortName, p.CallID) : undefined;
      if (bridgedUs !== undefined) {
        leg.rank = 1;
        leg.facts = { ...leg.facts, state: 'talking' };
        out.push(upsert(leg, new Date(microsToMs(Math.max(bridgedUs, c.eventUs))).toISOString(), `${leg.facts.legId}:bridged`, c.raw));
      }
    } else {
      known.lastSeenMs = c.nowMs;
      known.missingSinceMs = null;
      const rank = Math.max(known.rank, target.rank);
      const state = rank > known.rank ? target.state : known.facts.state;
      // Adopting a current_calls leg: the request knows the peer better than that list did.
      const base = adopted ? factsOf(c, role, flow, known.facts.legId, known.facts.vendorCallId, state) : { ...known.facts, state };
      if (JSON.stringify(base) !== JSON.stringify(known.facts)) {
        known.rank = rank;
        known.facts = base;
        out.push(upsert(known, c.at, c.key, c.raw));
      } else {
        issue({ kind: 'dropped', reason: 'nothing new for the leg (duplicate or late)', detail: c.raw });
      }
    }
    if (role === 'phone' && c.eventType === 'answer') {
      memory.noteAnswered(p.CallID, c.nowMs);
      const leg = memory.get(key);
      if (leg?.facts.queueNumber) out.push(...bridge(leg.facts.queueNumber, c));
    }
    return out;
  }

  return {
    setDirectory(all, monitoredIds) {
      dir = new ExtensionDirectory(all, monitoredIds);
    },

    directory: () => dir,

    restore(extensions, now) {
      let restored = 0;
      for (const view of extensions) {
        const ext = dir?.find(undefined, view.number);
        if (!ext || !dir?.isMonitored(ext)) continue;
        for (const call of view.calls) {
          memory.restore(restoredLeg(connectionId, ext, call, now.getTime()));
          restored += 1;
        }
      }
      return restored;
    },

    known(receivedAt) {
      const at = receivedAt.toISOString();
      const extensions = (dir?.monitored() ?? []).map((ext) => ({ number: ext.shortName, name: ext.label, kind: ext.kind }));
      return { type: 'extensions.known', connectionId, key: `known:${at}:${extensions.map((e) => e.number).join(',')}`, at, extensions };
    },

    hook({ event, params, receivedAt }) {
      const raw = { event, params };
      const canon = canonicalHookParams(params !== null && typeof params === 'object' ? params : {});
      const eventType = (canon.EventType ?? (typeof event === 'string' ? event : '')).trim().toLowerCase();
      if (!isCallEvent(eventType)) {
        const reason = eventType.startsWith('message-') ? `"${eventType}" is a message, not a call` : `unknown EventType "${eventType}"`;
        issue({ kind: 'ignored', reason, detail: raw });
        return [];
      }
      const parsed = ZHookParams.safeParse({ ...canon, EventType: eventType });
      if (!parsed.success) {
        const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || i.message))].join(', ');
        issue({ kind: 'invalid', reason: `malformed ${eventType} request: ${fields}`, detail: raw });
        return [];
      }
      const p = parsed.data;
      if (!dir) {
        issue({ kind: 'dropped', reason: 'extensions not discovered yet', detail: raw });
        return [];
      }
      const owner = ownerOf(p, eventType, dir);
      if (!owner || !dir.isMonitored(owner)) {
        issue({ kind: 'ignored', reason: owner ? `extension ${owner.shortName} is not monitored` : 'no known extension owns this request', detail: raw });
        return [];
      }
      const nowMs = receivedAt instanceof Date && !Number.isNaN(receivedAt.getTime()) ? receivedAt.getTime() : Date.now();
      const eventUs = p.EventTime !== undefined && Number.isFinite(new Date(microsToMs(p.EventTime)).getTime()) ? p.EventTime : nowMs * 1000;
      const suffix = typeof event === 'string' && event.toLowerCase() !== eventType ? `:${event}` : '';
      const key = `${p.SubCallID}:${eventType}:${p.EventTime ?? `r${nowMs}`}${suffix}`;
      const base = { p, eventType, owner, dir, eventUs, at: new Date(microsToMs(eventUs)).toISOString(), nowMs, raw };
      const route = routeOf(base);
      const c: Ctx = { ...base, key };
      if (route.kind === 'self') {
        issue({ kind: 'ignored', reason: 'callback self leg (§6.4)', detail: raw });
        return [];
      }
      if (route.kind === 'queue-out') return eventType === 'answer' ? bridge(owner.shortName, c) : [];
      return applyLeg(c, route.role, route.flow);
    },

    reconcile(calls, o) {
      if (!dir) return { events: [], ended: 0, opened: 0, suspects: 0 };
      return reconcileLegs({ memory, dir, connectionId }, calls, o);
    },

    takeLossSuspected() {
      const was = lossSuspected;
      lossSuspected = false;
      return was;
    },

    liveLegs: () => memory.legs().map((leg) => leg.facts),
  };
}

/**
 * A CallAPIID (`3584709739-262077ef-325f-4868-aa49-bf22309229f7`, or `…:hex`) names a leg first learnt
 * from current_calls; a SubCallID (`85219-e6bd7bb2622b424392a012e28473f91a`) one opened by a hook
 * request (telphin.md §5.2). The stored leg keeps only that id, so its shape says which it was.
 */
const API_ID = /^\d+(:[0-9a-f]{32}|-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const CALL_ID = /^[0-9a-f]{32}$/i;

function restoredLeg(connectionId: string, ext: TelphinExtension, call: CallView, nowMs: number): LiveLeg {
  const fromApi = API_ID.test(call.vendorCallId);
  const callId = call.callKey && CALL_ID.test(call.callKey) ? call.callKey.toLowerCase() : fromApi ? callIdFromApiId(call.vendorCallId) : null;
  const role: LegRole = ext.kind === 'queue' ? 'queue-in' : ext.kind === 'ivr' ? 'ivr' : 'phone';
  return {
    key: fromApi ? apiKey(ext.shortName, call.vendorCallId) : legKey(ext.shortName, call.vendorCallId),
    extension: ext.shortName,
    role,
    facts: {
      extension: ext.shortName,
      legId: call.id,
      vendorCallId: call.vendorCallId,
      direction: call.direction,
      peer: call.peer,
      state: call.state,
      queueNumber: call.queueId?.startsWith(`${connectionId}:`) ? call.queueId.slice(connectionId.length + 1) : null,
      canAnswer: false,
      callKey: call.callKey ?? callId ?? call.vendorCallId,
    },
    rank: call.answeredAt !== null || role === 'ivr' ? 1 : 0,
    callId,
    callApiId: fromApi ? call.vendorCallId : null,
    lastSeenMs: nowMs,
    // Like a leg learnt from current_calls: the next hook request of its call adopts it.
    synthetic: fromApi,
    missingSinceMs: null,
    aliases: [],
  };
}
