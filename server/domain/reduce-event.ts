import { extensionStateOf, type CallOutcome, type CallView, type ExtensionView } from '@/lib/board';
import { ensureQueue, type BoardState, type LegRow } from './board-state';
import { QUEUE_UNKNOWN, type LegFacts, type PbxEvent } from './pbx-event';
import { legAnswered, legGone, legOffered, queueDayFor } from './queue-day';

/** What one batch touched: the entities to persist and publish. */
export interface Touched {
  extensions: Set<string>;
  queues: Set<string>;
  legs: Map<string, LegRow>;
}

export function createTouched(): Touched {
  return { extensions: new Set(), queues: new Set(), legs: new Map() };
}

/** Facts the reducer needs from storage: whether a leg already ended (terminal is final). */
export interface ReducerLookups {
  isLegEnded(legId: string): boolean;
}

/**
 * Applies one canonical event to the board, recording what changed in `touched`. Idempotent by state:
 * re-applying an event that changes nothing touches nothing.
 */
export function reduceEvent(state: BoardState, event: PbxEvent, lookups: ReducerLookups, touched: Touched): void {
  switch (event.type) {
    case 'extensions.known':
      for (const ext of event.extensions) {
        const view = ensureExtension(state, event.connectionId, ext.number, event.at, touched);
        if (view.name !== ext.name || view.kind !== ext.kind) {
          Object.assign(view, { name: ext.name, kind: ext.kind });
          touched.extensions.add(view.id);
        }
        if (ext.kind === 'queue') refreshWaiting(state, view, touched);
      }
      return;
    case 'leg.upsert':
      if (!lookups.isLegEnded(event.leg.legId)) upsertLeg(state, event.connectionId, event.leg, event.at, touched, false);
      return;
    case 'leg.end':
      endLeg(state, event.connectionId, event.extension, event.legId, event.outcome, event.at, lookups, touched);
      return;
    case 'extensions.resync':
      resync(state, event.connectionId, event.extensions, event.legs, event.at, lookups, touched);
      return;
    case 'stream.position':
      // Not board state: the projector stores it beside the batch it closes.
      return;
    case 'leg.recording': {
      const found = findLeg(state, event.legId);
      if (found && found.call.recording !== event.recording) {
        found.call.recording = event.recording;
        touchLeg(state, found.ext, found.call, touched);
      }
      return;
    }
  }
}

function ensureExtension(state: BoardState, connectionId: string, number: string, at: string, touched: Touched): ExtensionView {
  const id = `${connectionId}:${number}`;
  let view = state.extensions.get(id);
  if (!view) {
    view = { id, connectionId, number, name: null, kind: 'phone', state: 'idle', since: at, calls: [] };
    state.extensions.set(id, view);
    touched.extensions.add(id);
  }
  return view;
}

function findLeg(state: BoardState, legId: string): { ext: ExtensionView; call: CallView } | null {
  const ext = state.extensions.get(state.legIndex.get(legId) ?? '');
  const call = ext?.calls.find((c) => c.id === legId);
  return ext && call ? { ext, call } : null;
}

function queueIdOf(connectionId: string, queueNumber: string | null): string | null {
  return queueNumber === null ? null : `${connectionId}:${queueNumber}`;
}

function upsertLeg(state: BoardState, connectionId: string, leg: LegFacts, at: string, touched: Touched, authoritative: boolean): void {
  const ext = ensureExtension(state, connectionId, leg.extension, at, touched);
  // A leg on a queue's own extension (a waiting caller) counts toward that queue's figures too.
  if (ext.kind === 'queue' && leg.queueNumber === null) leg = { ...leg, queueNumber: ext.number };
  let call = ext.calls.find((c) => c.id === leg.legId);
  if (!call) {
    call = {
      id: leg.legId,
      vendorCallId: leg.vendorCallId,
      direction: leg.direction,
      peer: leg.peer,
      state: leg.state,
      startedAt: at,
      answeredAt: null,
      queueId: queueIdOf(connectionId, leg.queueNumber),
      recording: 'off',
      canAnswer: leg.canAnswer,
      callKey: leg.callKey ?? leg.vendorCallId,
    };
    ext.calls.push(call);
    state.legIndex.set(call.id, ext.id);
    if (call.queueId) queueLegOffered(state, connectionId, leg.queueNumber, call, at, touched);
  } else {
    // A ringing/dialling report for a leg that was already answered is a replay (noojee.md §4 step 6).
    const replay = call.answeredAt !== null && (leg.state === 'ringing' || leg.state === 'dialing');
    if (replay && !authoritative) return;
    const queueId = queueIdOf(connectionId, leg.queueNumber);
    const same =
      call.state === leg.state &&
      call.direction === leg.direction &&
      call.peer.number === leg.peer.number &&
      call.peer.name === leg.peer.name &&
      call.canAnswer === leg.canAnswer &&
      call.queueId === queueId;
    if (same) return;
    Object.assign(call, { state: leg.state, direction: leg.direction, peer: leg.peer, canAnswer: leg.canAnswer });
    // A vendor may say which queue delivered a call only after the first report (Switchvox queueId).
    if (call.queueId !== queueId) {
      if (call.queueId) queueLegGone(state, call, touched);
      call.queueId = queueId;
      if (queueId) queueLegOffered(state, connectionId, leg.queueNumber, call, at, touched);
    }
  }
  if ((call.state === 'talking' || call.state === 'held') && call.answeredAt === null) {
    call.answeredAt = at;
    if (call.queueId) queueLegAnswered(state, call, at, touched);
  }
  touchLeg(state, ext, call, touched, at);
}

function endLeg(
  state: BoardState,
  connectionId: string,
  extension: string,
  legId: string,
  outcome: CallOutcome,
  at: string,
  lookups: ReducerLookups,
  touched: Touched,
): void {
  const found = findLeg(state, legId);
  if (!found) {
    // A leg that ends before we saw it live (e.g. Noojee `Busy`) is still a call for the statistics.
    if (lookups.isLegEnded(legId) || touched.legs.get(legId)?.endedAt) return;
    const extensionId = `${connectionId}:${extension}`;
    touched.legs.set(legId, {
      id: legId, vendorCallId: legId.slice(extensionId.length + 1), direction: 'inbound', peer: { number: '', name: null },
      state: 'ringing', startedAt: at, answeredAt: null, queueId: null, recording: 'off', canAnswer: false,
      connectionId, extensionId, endedAt: at, outcome,
    });
    return;
  }
  const { ext, call } = found;
  ext.calls = ext.calls.filter((c) => c !== call);
  state.legIndex.delete(legId);
  if (call.queueId) queueLegGone(state, call, touched);
  const settled = { ...call, recording: 'off' as const };
  touched.legs.set(legId, { ...settled, connectionId: ext.connectionId, extensionId: ext.id, endedAt: at, outcome });
  if (ext.kind === 'queue') refreshWaiting(state, ext, touched);
  refreshExtension(ext, at, touched);
}

function resync(
  state: BoardState,
  connectionId: string,
  numbers: string[],
  legs: LegFacts[],
  at: string,
  lookups: ReducerLookups,
  touched: Touched,
): void {
  const listed = new Set(legs.map((l) => l.legId));
  for (const number of numbers) {
    const ext = ensureExtension(state, connectionId, number, at, touched);
    for (const call of [...ext.calls]) {
      if (!listed.has(call.id)) endLeg(state, connectionId, number, call.id, call.answeredAt ? 'answered' : 'cancelled', at, lookups, touched);
    }
  }
  // A snapshot is the PBX's own word: it may move a leg back, unlike a replayed event.
  for (const leg of legs) upsertLeg(state, connectionId, leg, at, touched, true);
}

function touchLeg(state: BoardState, ext: ExtensionView, call: CallView, touched: Touched, at?: string): void {
  touched.legs.set(call.id, { ...call, connectionId: ext.connectionId, extensionId: ext.id, endedAt: null, outcome: null });
  if (call.queueId) refreshQueueAgents(state, call, ext.id, touched, at);
  if (ext.kind === 'queue') refreshWaiting(state, ext, touched);
  refreshExtension(ext, at ?? ext.since, touched);
}

/**
 * A caller waiting in a queue is a ringing leg on the queue's own extension (Telphin's `in` thread):
 * the queue panel lists those as waiting.
 */
function refreshWaiting(state: BoardState, ext: ExtensionView, touched: Touched): void {
  const queue = ensureQueue(state, ext.connectionId, ext.number, ext.name);
  if (queue.name !== ext.name && ext.name) queue.name = ext.name;
  queue.waiting = waitingOn(ext);
  touched.queues.add(queue.id);
}

export function waitingOn(ext: ExtensionView) {
  return ext.calls.filter((c) => c.state === 'ringing').map((c) => ({ callId: c.id, caller: c.peer.name ?? (c.peer.number || 'unknown'), since: c.startedAt }));
}

function refreshExtension(ext: ExtensionView, at: string, touched: Touched): void {
  const next = extensionStateOf(ext.calls);
  if (next !== ext.state) {
    ext.state = next;
    ext.since = at;
  }
  touched.extensions.add(ext.id);
}

const callKeyOf = (call: CallView) => call.callKey ?? call.vendorCallId;

function queueOf(state: BoardState, call: CallView) {
  const queue = state.queues.get(call.queueId ?? '');
  return queue ?? null;
}

function queueLegOffered(state: BoardState, connectionId: string, number: string | null, call: CallView, at: string, touched: Touched) {
  const queue = ensureQueue(state, connectionId, number ?? QUEUE_UNKNOWN, number === QUEUE_UNKNOWN ? 'Queue calls' : null);
  const day = queueDayFor(state.queueDays.get(queue.id), at);
  state.queueDays.set(queue.id, day);
  legOffered(day, callKeyOf(call), at);
  queue.today = day.today;
  touched.queues.add(queue.id);
}

function queueLegAnswered(state: BoardState, call: CallView, at: string, touched: Touched) {
  const queue = queueOf(state, call);
  const day = state.queueDays.get(call.queueId ?? '');
  if (!queue || !day) return;
  legAnswered(day, callKeyOf(call), at);
  touched.queues.add(queue.id);
}

function queueLegGone(state: BoardState, call: CallView, touched: Touched) {
  const queue = queueOf(state, call);
  if (!queue) return;
  const day = state.queueDays.get(queue.id);
  if (day) legGone(day, callKeyOf(call));
  queue.agents = queue.agents.filter((a) => a.callId !== call.id);
  queue.today = day?.today ?? queue.today;
  touched.queues.add(queue.id);
}

function refreshQueueAgents(state: BoardState, call: CallView, extensionId: string, touched: Touched, at?: string) {
  const queue = queueOf(state, call);
  if (!queue || call.state === 'dialing' || extensionId === queue.id) return;
  const agentState = call.state === 'ringing' ? 'ringing' : 'talking';
  const existing = queue.agents.find((a) => a.callId === call.id);
  if (existing?.state === agentState) return;
  const entry = { extensionId, callId: call.id, state: agentState, since: at ?? call.startedAt } as const;
  queue.agents = existing ? queue.agents.map((a) => (a === existing ? entry : a)) : [...queue.agents, entry];
  touched.queues.add(queue.id);
}
