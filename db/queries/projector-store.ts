import { eq } from 'drizzle-orm';
import type { ConnectionView, ExtensionView, QueueView } from '@/lib/board';
import type { LegRow } from '@/server/domain/board-state';
import type { PbxEvent } from '@/server/domain/pbx-event';
import type { Db } from '../client';
import { connections, extensions, queues } from '../schema';

/** The projector's writes. Only the projector calls these (it is the only writer of call state). */
export interface ProjectorStore {
  transaction<T>(fn: () => T): T;
  /** Appends an event; false when its idempotency key was already stored (a repeat). */
  appendEvent(event: PbxEvent): boolean;
  isLegEnded(legId: string): boolean;
  /** When a stored leg ended (ISO), `null` when it is live or unknown. */
  legEndedAt(legId: string): string | null;
  writeLeg(row: LegRow): void;
  writeExtension(view: ExtensionView): void;
  writeQueue(view: QueueView): void;
  writeConnection(view: ConnectionView): void;
  /** Where a connection's vendor stream stands (see PbxEvent `stream.position`); no-op for an unknown connection. */
  writeStreamPosition(connectionId: string, position: string, at: string): void;
  /** The last stored stream position of a connection and when it was reached (ISO), or null. */
  streamPosition(connectionId: string): { position: string; at: string } | null;
  /**
   * Drops a removed connection's extensions, queues and row. Its calls stay as history; open ones no
   * longer load, since a leg loads only onto a stored extension.
   */
  forgetConnection(id: string): void;
}

/**
 * The hot path (one event, one leg, one extension row per call change) runs on statements prepared
 * once: building each statement through drizzle and re-preparing it cost about 1 ms per event, ten
 * times the rows themselves (BENCHMARKS.md §1). Extension rows that did not change are not written.
 */
export function createProjectorStore(db: Db): ProjectorStore {
  const sqlite = db.$client;
  const insertEvent = sqlite.prepare(
    'INSERT INTO events (connection_id, key, type, at, payload, raw) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (connection_id, key) DO NOTHING',
  );
  const legEnded = sqlite.prepare('SELECT ended_at FROM calls WHERE id = ?').pluck();
  const updatePosition = sqlite.prepare('UPDATE connections SET stream_position = ?, stream_position_at = ? WHERE id = ?');
  const selectPosition = sqlite.prepare<[string], { position: string | null; at: string | null }>(
    'SELECT stream_position AS position, stream_position_at AS at FROM connections WHERE id = ?',
  );
  const upsertLeg = sqlite.prepare(`INSERT INTO calls (id, connection_id, extension_id, vendor_call_id, call_key, direction, peer_number, peer_name, state,
      queue_id, can_answer, recording, started_at, answered_at, ended_at, outcome)
    VALUES (@id, @connectionId, @extensionId, @vendorCallId, @callKey, @direction, @peerNumber, @peerName, @state,
      @queueId, @canAnswer, @recording, @startedAt, @answeredAt, @endedAt, @outcome)
    ON CONFLICT (id) DO UPDATE SET connection_id = excluded.connection_id, extension_id = excluded.extension_id,
      vendor_call_id = excluded.vendor_call_id, call_key = excluded.call_key, direction = excluded.direction,
      peer_number = excluded.peer_number, peer_name = excluded.peer_name, state = excluded.state, queue_id = excluded.queue_id,
      can_answer = excluded.can_answer, recording = excluded.recording, started_at = excluded.started_at,
      answered_at = excluded.answered_at, ended_at = excluded.ended_at, outcome = excluded.outcome`);
  const upsertExtension = sqlite.prepare(`INSERT INTO extensions (id, connection_id, number, name, kind, state, since)
    VALUES (@id, @connectionId, @number, @name, @kind, @state, @since)
    ON CONFLICT (id) DO UPDATE SET connection_id = excluded.connection_id, number = excluded.number, name = excluded.name,
      kind = excluded.kind, state = excluded.state, since = excluded.since`);
  /** Extension rows as last committed; `staged` holds this transaction's until it commits. */
  const written = new Map<string, string>();
  let staged: Map<string, string> | null = null;

  return {
    transaction: (fn) => {
      staged = new Map();
      try {
        // IMMEDIATE: the write lock is taken at BEGIN, where SQLite waits for it (busy_timeout) while the
        // checkpoint worker holds it (db/background-checkpoints.ts). A deferred transaction that read
        // first would fail at its first write instead, since a reader cannot wait for the lock.
        const result = sqlite.transaction(fn).immediate();
        for (const [id, row] of staged) written.set(id, row);
        return result;
      } finally {
        staged = null;
      }
    },
    appendEvent(event) {
      const { connectionId, key, type, at, raw, ...rest } = event;
      const payload = JSON.stringify({ type, ...rest });
      return insertEvent.run(connectionId, key, type, at, payload, raw === undefined || raw === null ? null : JSON.stringify(raw)).changes > 0;
    },
    isLegEnded(legId) {
      return Boolean(legEnded.get(legId));
    },
    legEndedAt(legId) {
      const at: unknown = legEnded.get(legId);
      return typeof at === 'string' ? at : null;
    },
    writeLeg(row) {
      upsertLeg.run({
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
        canAnswer: row.canAnswer ? 1 : 0,
        recording: row.recording,
        startedAt: row.startedAt,
        answeredAt: row.answeredAt,
        endedAt: row.endedAt,
        outcome: row.outcome,
      });
    },
    writeExtension(view) {
      const values = { id: view.id, connectionId: view.connectionId, number: view.number, name: view.name, kind: view.kind, state: view.state, since: view.since };
      const row = JSON.stringify(values);
      if ((staged?.get(view.id) ?? written.get(view.id)) === row) return;
      upsertExtension.run(values);
      staged?.set(view.id, row);
    },
    writeQueue(view) {
      const values = { id: view.id, connectionId: view.connectionId, number: view.number, name: view.name };
      db.insert(queues).values(values).onConflictDoUpdate({ target: queues.id, set: values }).run();
    },
    writeConnection(view) {
      const values = { id: view.id, vendor: view.vendor, name: view.name, lastEventAt: view.lastEventAt };
      db.insert(connections).values(values).onConflictDoUpdate({ target: connections.id, set: values }).run();
    },
    writeStreamPosition(connectionId, position, at) {
      updatePosition.run(position, at, connectionId);
    },
    streamPosition(connectionId) {
      const row = selectPosition.get(connectionId);
      return row?.position && row.at ? { position: row.position, at: row.at } : null;
    },
    forgetConnection(id) {
      for (const key of written.keys()) if (key.startsWith(`${id}:`)) written.delete(key);
      db.delete(extensions).where(eq(extensions.connectionId, id)).run();
      db.delete(queues).where(eq(queues.connectionId, id)).run();
      db.delete(connections).where(eq(connections.id, id)).run();
    },
  };
}
