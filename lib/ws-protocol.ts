/**
 * WebSocket frames on `/ws` (DESIGN.md §4, a contract). The browser imports these types and the
 * client-frame schema; the server validates every frame a browser sends with `ZClientFrame`.
 */
import { z } from 'zod';
import type { Board, BoardHealth, ConnectionView, ExtensionView, QueueView } from './board';

export type Change =
  | { op: 'upsert'; entity: 'extension'; value: ExtensionView }
  | { op: 'upsert'; entity: 'queue'; value: QueueView }
  | { op: 'upsert'; entity: 'connection'; value: ConnectionView }
  /** The server's own health (storage); one value, replaced whole. */
  | { op: 'upsert'; entity: 'health'; value: BoardHealth }
  | { op: 'remove'; entity: 'extension' | 'queue' | 'connection'; id: string };

export interface SnapshotFrame {
  type: 'snapshot';
  seq: number;
  board: Board;
}

export interface DeltaFrame {
  type: 'delta';
  seq: number;
  changes: Change[];
}

export type ServerFrame = SnapshotFrame | DeltaFrame;

export const ZClientFrame = z.discriminatedUnion('type', [z.object({ type: z.literal('resync') })]);
export type TClientFrame = z.infer<typeof ZClientFrame>;

/** Applies a delta's changes to a board, returning a new board (the browser's reducer). */
export function applyChanges(board: Board, seq: number, changes: readonly Change[]): Board {
  let { connections, extensions, queues, health } = board;
  for (const change of changes) {
    if (change.entity === 'health') health = change.value;
    else if (change.entity === 'extension') extensions = applyOne(extensions, change);
    else if (change.entity === 'queue') queues = applyOne(queues, change);
    else connections = applyOne(connections, change);
  }
  return { seq, connections, extensions, queues, ...(health ? { health } : {}) };
}

function applyOne<T extends { id: string }>(list: T[], change: Change): T[] {
  if (change.op === 'remove') return list.filter((item) => item.id !== change.id);
  const value = change.value as unknown as T;
  const index = list.findIndex((item) => item.id === value.id);
  if (index === -1) return [...list, value];
  const next = list.slice();
  next[index] = value;
  return next;
}
