/**
 * A database that refuses writes (read-only file, full disk) is a visible error on the board and
 * loses nothing it can keep: events wait in memory, in order, and are stored once it recovers.
 */
import { describe, expect, it, vi } from 'vitest';
import { openDatabase } from '@/db/client';
import { loadBoardState } from '@/db/queries/load-board-state';
import { createProjectorStore } from '@/db/queries/projector-store';
import { calls } from '@/db/schema';
import type { Change } from '@/lib/ws-protocol';
import type { PbxEvent } from './pbx-event';
import { Projector } from './projector';
import { CONN, at, end, known, leg, upsert } from './test-events';

function makeProjector(maxPendingEvents?: number) {
  const db = openDatabase(':memory:');
  const published: Change[][] = [];
  const projector = new Projector({
    store: createProjectorStore(db),
    state: loadBoardState(db, new Date(at(0))),
    reload: () => loadBoardState(db, new Date(at(0))),
    publish: (changes) => published.push(changes),
    now: () => new Date(at(0)),
    retryMs: 50,
    maxPendingEvents,
  });
  // SQLite's own switch: every write now fails with SQLITE_READONLY, as on a read-only file.
  const readOnly = (on: boolean) => db.$client.pragma(`query_only = ${on ? 'ON' : 'OFF'}`);
  return { db, projector, published, readOnly };
}

const healthOf = (published: Change[][]) =>
  published.flat().flatMap((c) => (c.op === 'upsert' && c.entity === 'health' ? [c.value.storage] : []));

describe('Projector storage failures', () => {
  it('shows a read-only database on the board, keeps the events in order, stores them on recovery', async () => {
    vi.useFakeTimers();
    try {
      const { db, projector, published, readOnly } = makeProjector();
      projector.apply([known(['201', '202'])]);
      readOnly(true);
      projector.apply([upsert(leg('201', 'c1', 'ringing'), 1)]);
      projector.apply([upsert(leg('201', 'c1', 'talking'), 3)]);
      expect(projector.storageHealth()).toMatchObject({ ok: false, error: expect.stringContaining('read-only'), pendingEvents: 2, droppedEvents: 0 });
      expect(healthOf(published).at(-1)).toMatchObject({ ok: false, pendingEvents: 2 });
      // Memory never runs ahead of disk: the board still shows what was stored.
      expect(projector.board(0).health?.storage.ok).toBe(false);
      expect(projector.board(0).extensions.find((e) => e.id === `${CONN}:201`)?.state).toBe('idle');

      await vi.advanceTimersByTimeAsync(200);
      expect(projector.storageHealth().ok).toBe(false);

      readOnly(false);
      projector.apply([end('201', 'c1', 'answered', 9)]);
      await vi.advanceTimersByTimeAsync(100);
      expect(projector.storageHealth()).toMatchObject({ ok: true, pendingEvents: 0, error: null });
      expect(healthOf(published).at(-1)).toMatchObject({ ok: true });
      const rows = db.select().from(calls).all();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ answeredAt: at(3), endedAt: at(9), outcome: 'answered' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('gives up the oldest waiting events past its limit, and says how many', async () => {
    vi.useFakeTimers();
    try {
      const { projector, readOnly } = makeProjector(3);
      projector.apply([known(['201'])]);
      readOnly(true);
      for (let i = 1; i <= 5; i++) projector.apply([upsert(leg('201', `c${i}`, 'ringing'), i)]);
      expect(projector.storageHealth()).toMatchObject({ ok: false, pendingEvents: 3, droppedEvents: 2 });
      readOnly(false);
      await vi.advanceTimersByTimeAsync(100);
      expect(projector.storageHealth().ok).toBe(true);
      expect(projector.board(0).extensions[0]?.calls.map((c) => c.vendorCallId)).toEqual(['c3', 'c4', 'c5']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('stores a stream position with the batch it closes, holds it with that batch while writes fail, and calls it no PBX event', async () => {
    vi.useFakeTimers();
    try {
      const { projector, published, readOnly } = makeProjector();
      projector.registerConnection({ id: CONN, vendor: 'noojee', name: 'PBX', status: 'live', lastEventAt: null, error: null, capabilities: { record: true, answer: true, dial: true, hooks: false } });
      const position = (seq: number): PbxEvent => ({ type: 'stream.position', connectionId: CONN, key: `position:${seq}`, at: at(seq), position: `{"seq":${seq}}` });
      projector.apply([known(['201'])]);
      published.length = 0;
      // An empty long-poll reply: only the position moves; the connection's lastEventAt does not.
      projector.apply([position(5)]);
      expect(projector.streamPosition(CONN)).toEqual({ position: '{"seq":5}', at: new Date(at(5)) });
      expect(published.flat()).toEqual([]);

      readOnly(true);
      projector.apply([upsert(leg('201', 'c1', 'ringing'), 6), position(7)]);
      expect(projector.streamPosition(CONN)?.position).toBe('{"seq":5}');
      readOnly(false);
      await vi.advanceTimersByTimeAsync(100);
      expect(projector.streamPosition(CONN)?.position).toBe('{"seq":7}');
      expect(projector.board(0).extensions[0]?.calls.map((c) => c.vendorCallId)).toEqual(['c1']);
    } finally {
      vi.useRealTimers();
    }
  });
});
