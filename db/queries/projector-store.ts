import { eq } from 'drizzle-orm';
import type { ConnectionView, ExtensionView, QueueView } from '@/lib/board';
import type { LegRow } from '@/server/domain/board-state';
import type { PbxEvent } from '@/server/domain/pbx-event';
import type { Db } from '../client';
import { calls, connections, events, extensions, queues } from '../schema';

/** The projector's writes. Only the projector calls these (it is the only writer of call state). */
export interface ProjectorStore {
  transaction<T>(fn: () => T): T;
  /** Appends an event; false when its idempotency key was already stored (a repeat). */
  appendEvent(event: PbxEvent): boolean;
  isLegEnded(legId: string): boolean;
  writeLeg(row: LegRow): void;
  writeExtension(view: ExtensionView): void;
  writeQueue(view: QueueView): void;
  writeConnection(view: ConnectionView): void;
  /**
   * Drops a removed connection's extensions, queues and row. Its calls stay as history; open ones no
   * longer load, since a leg loads only onto a stored extension.
   */
  forgetConnection(id: string): void;
}

export function createProjectorStore(db: Db): ProjectorStore {
  return {
    transaction: (fn) => db.$client.transaction(fn)(),
    appendEvent(event) {
      const { connectionId, key, type, at, raw, ...rest } = event;
      const result = db
        .insert(events)
        .values({ connectionId, key, type, at, payload: { type, ...rest }, raw: raw ?? null })
        .onConflictDoNothing()
        .run();
      return result.changes > 0;
    },
    isLegEnded(legId) {
      const row = db.select({ endedAt: calls.endedAt }).from(calls).where(eq(calls.id, legId)).get();
      return Boolean(row?.endedAt);
    },
    writeLeg(row) {
      const values = {
        id: row.id,
        connectionId: row.connectionId,
        extensionId: row.extensionId,
        vendorCallId: row.vendorCallId,
        callKey: row.callKey === row.vendorCallId ? null : (row.callKey ?? null),
        direction: row.direction,
        peerNumber: row.peer.number,
        peerName: row.peer.name,
        state: row.state,
        queueId: row.queueId,
        canAnswer: row.canAnswer,
        recording: row.recording,
        startedAt: row.startedAt,
        answeredAt: row.answeredAt,
        endedAt: row.endedAt,
        outcome: row.outcome,
      };
      db.insert(calls).values(values).onConflictDoUpdate({ target: calls.id, set: values }).run();
    },
    writeExtension(view) {
      const { calls: _calls, ...values } = view;
      db.insert(extensions).values(values).onConflictDoUpdate({ target: extensions.id, set: values }).run();
    },
    writeQueue(view) {
      const values = { id: view.id, connectionId: view.connectionId, number: view.number, name: view.name };
      db.insert(queues).values(values).onConflictDoUpdate({ target: queues.id, set: values }).run();
    },
    writeConnection(view) {
      const values = { id: view.id, vendor: view.vendor, name: view.name, lastEventAt: view.lastEventAt };
      db.insert(connections).values(values).onConflictDoUpdate({ target: connections.id, set: values }).run();
    },
    forgetConnection(id) {
      db.delete(extensions).where(eq(extensions.connectionId, id)).run();
      db.delete(queues).where(eq(queues.connectionId, id)).run();
      db.delete(connections).where(eq(connections.id, id)).run();
    },
  };
}
