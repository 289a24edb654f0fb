import type { Board, CallOutcome, CallView, ConnectionView, ExtensionView, QueueView } from '@/lib/board';
import { createQueueDay, type QueueDay } from './queue-day';

/** The projector's in-memory board plus the indexes its reducer needs. */
export interface BoardState {
  connections: Map<string, ConnectionView>;
  extensions: Map<string, ExtensionView>;
  queues: Map<string, QueueView>;
  /** legId → extension id, for every live leg. */
  legIndex: Map<string, string>;
  /** Today's per-queue accounting behind `QueueView.today`. */
  queueDays: Map<string, QueueDay>;
}

/** A leg as stored: the live view plus where it lives and, once ended, how it ended. */
export interface LegRow extends CallView {
  connectionId: string;
  extensionId: string;
  endedAt: string | null;
  outcome: CallOutcome | null;
}

export function createBoardState(): BoardState {
  return { connections: new Map(), extensions: new Map(), queues: new Map(), legIndex: new Map(), queueDays: new Map() };
}

/** The board as the browser sees it, entities in a stable order. */
// One collator for every comparison: `localeCompare` with options builds one per call, which was
// 80 % of a 2,000-extension snapshot (BENCHMARKS.md §4).
const numericEn = new Intl.Collator('en', { numeric: true });
const byId = <T extends { id: string }>(a: T, b: T) => numericEn.compare(a.id, b.id);

export function boardOf(state: BoardState, seq: number): Board {
  return {
    seq,
    connections: [...state.connections.values()].sort(byId),
    extensions: [...state.extensions.values()].sort(byId),
    queues: [...state.queues.values()].sort(byId),
  };
}

export function ensureQueue(state: BoardState, connectionId: string, number: string, name: string | null): QueueView {
  const id = `${connectionId}:${number}`;
  let queue = state.queues.get(id);
  if (!queue) {
    queue = { id, connectionId, number, name, waiting: [], agents: [], today: createQueueDay('').today };
    state.queues.set(id, queue);
  }
  return queue;
}
