/**
 * Reconciliation with `GET /client/{client_id}/current_calls/` (telphin.md §11.7): hook requests are
 * delivered at most once (§9 #11), so a lost `hangup` would leave a leg on the board for ever and a
 * lost `dial-in` would hide a call.
 *
 * - current_calls names calls by `call_api_id` (the events' `CallAPIID`), never by SubCallID. A live
 *   leg whose call is no longer listed is ended — but only when a second look at least `confirmMs`
 *   after the first still misses it, and never when a request for it arrived after the list was
 *   asked for, so a hangup racing the list keeps its real outcome.
 * - A listed call with no leg on a monitored extension it involves opens one:
 *   `legId = ${connectionId}:${short}:${call_api_id}`. The first hook request of that call on that
 *   extension adopts it (same legId), so the board never shows the call twice.
 * - `full` (start-up, after an outage, after hooks were missing): one `extensions.resync` of every
 *   monitored extension with all live legs, which also clears legs a previous process left on the
 *   board. Otherwise targeted `leg.end` / `leg.upsert` events, so a leg a request opened while the
 *   list was in flight is never touched.
 */
import type { LegState } from '@/lib/board';
import type { LegFacts, PbxEvent } from '@/server/domain/pbx-event';
import type { ExtensionDirectory, TelphinExtension } from './extension-directory';
import { cleanName, displayNumber, guessedOutcome } from './leg-facts';
import { apiKey, type LegMemory, type LegRole, type LiveLeg } from './leg-memory';
import { parseGmt, type TCurrentCall } from './schema';

export interface ReconcileOptions {
  /** When the current_calls request was sent: legs heard from after it are left alone. */
  requestedAt: Date;
  now: Date;
  full: boolean;
  /** A leg is ended only when its call is still missing this long after it was first missed. */
  confirmMs: number;
}

export interface ReconcileResult {
  events: PbxEvent[];
  ended: number;
  opened: number;
  /** Legs missed once and waiting for a second look (the connector looks again after `confirmMs`). */
  suspects: number;
}

/**
 * `3584709739-262077ef-325f-4868-aa49-bf22309229f7` → `262077ef325f4868aa49bf22309229f7`: the
 * observed CallAPIID embeds the CallID (§5.2 [observed]). Used only to group legs; null otherwise.
 */
export function callIdFromApiId(callApiId: string): string | null {
  const m = /^\d+[-:]([0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12})$/i.exec(callApiId);
  return m?.[1] ? m[1].replace(/-/g, '').toLowerCase() : null;
}

interface Side {
  ext: TelphinExtension;
  flow: 'in' | 'out';
}

/** The monitored extensions a listed call involves, and whether each placed or received it. */
function sidesOf(call: TCurrentCall, dir: ExtensionDirectory): Side[] {
  const caller = call.caller_extension ? dir.find(call.caller_extension.id ?? undefined, call.caller_extension.name ?? undefined) : undefined;
  const called = call.called_extension ? dir.find(call.called_extension.id ?? undefined, call.called_extension.name ?? undefined) : undefined;
  const sides: Side[] = [];
  // A queue or IVR as caller is its `out` thread routing the call, not a leg of its own (§6.2).
  if (caller?.kind === 'phone') sides.push({ ext: caller, flow: 'out' });
  if (called) sides.push({ ext: called, flow: 'in' });
  if (!caller && !called && call.extension_id) {
    const ext = dir.byId(call.extension_id);
    if (ext) sides.push({ ext, flow: call.call_flow?.toLowerCase() === 'out' && ext.kind === 'phone' ? 'out' : 'in' });
  }
  return sides.filter((side) => dir.isMonitored(side.ext));
}

function syntheticLeg(connectionId: string, call: TCurrentCall, side: Side, apiId: string, dir: ExtensionDirectory, nowMs: number): LiveLeg {
  const { ext, flow } = side;
  const answered = call.answer_time_gmt !== null;
  const role: LegRole = ext.kind === 'queue' ? 'queue-in' : ext.kind === 'ivr' ? 'ivr' : 'phone';
  let state: LegState;
  let peer: LegFacts['peer'];
  let direction: LegFacts['direction'];
  if (flow === 'out') {
    const raw = call.called_number ?? call.called_extension?.name ?? '';
    const internal = Boolean(call.called_extension) || dir.isExtensionNumber(raw);
    peer = { number: displayNumber(raw, dir), name: null };
    direction = internal ? 'internal' : 'outbound';
    state = answered ? 'talking' : 'dialing';
  } else {
    const raw = call.caller_id_number ?? call.caller_extension?.name ?? '';
    const internal = !call.called_did && dir.isExtensionNumber(raw);
    peer = { number: displayNumber(raw, dir), name: cleanName(call.caller_id_name, raw, displayNumber(raw, dir)) };
    direction = internal ? 'internal' : 'inbound';
    state = role === 'ivr' || answered ? 'talking' : 'ringing';
  }
  const from = call.caller_extension ? dir.find(call.caller_extension.id ?? undefined, call.caller_extension.name ?? undefined) : undefined;
  const callId = callIdFromApiId(apiId);
  return {
    key: apiKey(ext.shortName, apiId),
    extension: ext.shortName,
    role,
    facts: {
      extension: ext.shortName,
      legId: `${connectionId}:${ext.shortName}:${apiId}`,
      vendorCallId: apiId,
      direction,
      peer,
      state,
      queueNumber: role === 'phone' && flow === 'in' && from?.kind === 'queue' ? from.shortName : null,
      canAnswer: false,
      callKey: callId ?? apiId,
    },
    rank: state === 'talking' && role !== 'ivr' ? 1 : 0,
    callId,
    callApiId: apiId,
    lastSeenMs: nowMs,
    synthetic: true,
    missingSinceMs: null,
    aliases: [],
  };
}

/** One reconcile pass over the normaliser's memory; see the file comment. */
export function reconcileLegs(
  ctx: { memory: LegMemory; dir: ExtensionDirectory; connectionId: string },
  calls: readonly TCurrentCall[],
  o: ReconcileOptions,
): ReconcileResult {
  const { memory, dir, connectionId } = ctx;
  const requestedMs = o.requestedAt.getTime();
  const nowMs = o.now.getTime();
  const at = o.now.toISOString();
  const liveApiIds = new Set<string>();
  const liveCallIds = new Set<string>();
  for (const call of calls) {
    if (!call.call_api_id) continue;
    liveApiIds.add(call.call_api_id);
    const callId = callIdFromApiId(call.call_api_id);
    if (callId) liveCallIds.add(callId);
  }
  const everyListedHasCallId = calls.every((call) => !call.call_api_id || callIdFromApiId(call.call_api_id) !== null);
  const events: PbxEvent[] = [];
  let ended = 0;
  let opened = 0;
  let suspects = 0;

  for (const leg of memory.legs()) {
    const listed = (leg.callApiId !== null && liveApiIds.has(leg.callApiId)) || (leg.callId !== null && liveCallIds.has(leg.callId));
    // A leg is matched by its CallAPIID, or by its CallID when every listed call_api_id embeds one
    // (observed, not documented); otherwise it is judged only when the PBX has no call at all.
    const judgeable = leg.callApiId !== null || (leg.callId !== null && everyListedHasCallId) || calls.length === 0;
    if (listed || !judgeable) {
      leg.missingSinceMs = null;
      continue;
    }
    if (leg.lastSeenMs >= requestedMs) continue;
    leg.missingSinceMs ??= requestedMs;
    if (requestedMs - leg.missingSinceMs < o.confirmMs) {
      suspects += 1;
      continue;
    }
    const outcome = guessedOutcome(leg.role, leg.rank, leg.callId !== null && memory.wasAnswered(leg.callId));
    memory.end(leg, nowMs);
    ended += 1;
    const raw = { reconciled: 'not in current_calls', callApiId: leg.callApiId, callId: leg.callId };
    events.push({ type: 'leg.end', connectionId, key: `${leg.facts.legId}:reconciled`, at, raw, extension: leg.extension, legId: leg.facts.legId, outcome });
  }

  for (const call of calls) {
    const apiId = call.call_api_id;
    if (!apiId) continue;
    const callId = callIdFromApiId(apiId);
    for (const side of sidesOf(call, dir)) {
      const ext = side.ext.shortName;
      const live = memory.liveCall(ext, apiId, callId);
      if (live) {
        const answered = answeredLeg(live, call, side, o.requestedAt, connectionId, at);
        if (answered) events.push(answered);
        continue;
      }
      if (memory.callEndedOn(ext, apiId, callId, nowMs)) continue;
      const leg = syntheticLeg(connectionId, call, side, apiId, dir, nowMs);
      memory.set(leg);
      opened += 1;
      if (o.full) continue;
      const since = (leg.facts.state === 'talking' ? parseGmt(call.answer_time_gmt) : null) ?? parseGmt(call.init_time_gmt) ?? at;
      const legAt = since < at ? since : at;
      events.push({ type: 'leg.upsert', connectionId, key: `${leg.facts.legId}:reconciled:${o.requestedAt.toISOString()}`, at: legAt, raw: { reconciled: call }, leg: { ...leg.facts } });
    }
  }

  if (o.full) {
    const extensions = dir.monitored().map((ext) => ext.shortName);
    const watched = new Set(extensions);
    const legs = memory.legs().filter((leg) => watched.has(leg.extension)).map((leg) => ({ ...leg.facts }));
    events.push({ type: 'extensions.resync', connectionId, key: `resync:${at}:${o.requestedAt.getTime()}`, at, raw: { currentCalls: calls }, extensions, legs });
  }
  return { events, ended, opened, suspects };
}

/**
 * A lost `answer` request (hooks are delivered at most once, §9 #11), repaired from the list: the
 * call's `answer_time_gmt` says when talk began, and the leg moves to talking with that time.
 * - A called phone: only when the list names it as the answered destination (`called_extension`),
 *   for then `answer_time_gmt` is its own; a phone merely offered the call (a queue, ring-all) stays.
 * - The caller's own outbound leg (still `dialing`): its `answer` means "destination answered" (§6.5
 *   D), and the list names it as `caller_extension` of a call that has an `answer_time_gmt`.
 */
function answeredLeg(leg: LiveLeg, call: TCurrentCall, side: Side, requestedAt: Date, connectionId: string, at: string): PbxEvent | null {
  if (leg.rank > 0 || leg.role !== 'phone' || side.ext.kind !== 'phone' || leg.lastSeenMs >= requestedAt.getTime()) return null;
  const answeredAt = parseGmt(call.answer_time_gmt);
  if (!answeredAt) return null;
  const named = side.flow === 'in' ? call.called_extension : call.caller_extension;
  if (named?.id === undefined) return null;
  if (String(named.id) !== side.ext.id && named.name !== side.ext.name) return null;
  // The caller's side: only a leg still placing the call.
  if (side.flow === 'out' && leg.facts.state !== 'dialing') return null;
  leg.rank = 1;
  leg.facts = { ...leg.facts, state: 'talking' };
  const when = answeredAt < at ? answeredAt : at;
  return { type: 'leg.upsert', connectionId, key: `${leg.facts.legId}:reconciled-answer`, at: when, raw: { reconciled: call }, leg: { ...leg.facts } };
}
