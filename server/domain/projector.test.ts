import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/client';
import { loadBoardState } from '@/db/queries/load-board-state';
import { createProjectorStore } from '@/db/queries/projector-store';
import { calls, events } from '@/db/schema';
import type { Change } from '@/lib/ws-protocol';
import { QUEUE_UNKNOWN, type PbxEvent } from './pbx-event';
import { Projector } from './projector';
import { CONN, at, end, known, leg, upsert } from './test-events';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDbPath(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linesight-projector-'));
  dirs.push(dir);
  return path.join(dir, 'test.db');
}

function makeProjector(file = ':memory:') {
  const db = openDatabase(file);
  const published: Change[][] = [];
  const projector = new Projector({
    store: createProjectorStore(db),
    state: loadBoardState(db, new Date(at(0))),
    reload: () => loadBoardState(db, new Date(at(0))),
    publish: (changes) => published.push(changes),
    now: () => new Date(at(0)),
  });
  return { db, projector, published };
}

const callLife: PbxEvent[] = [
  known(['201', '202']),
  upsert(leg('201', 'c1', 'ringing'), 1),
  upsert(leg('201', 'c1', 'talking'), 3),
];

describe('Projector', () => {
  it('projects a ringing then answered leg onto its extension', () => {
    const { projector } = makeProjector();
    projector.apply(callLife);
    const ext = projector.board(0).extensions.find((e) => e.id === `${CONN}:201`);
    expect(ext).toMatchObject({ state: 'talking', since: at(3), name: 'Ext 201' });
    expect(ext?.calls).toHaveLength(1);
    expect(ext?.calls[0]).toMatchObject({ state: 'talking', startedAt: at(1), answeredAt: at(3), recording: 'off' });
  });

  it('is idempotent: a duplicated or replayed batch changes nothing and publishes nothing', () => {
    const { db, projector, published } = makeProjector();
    projector.apply(callLife);
    const before = JSON.stringify(projector.board(0));
    const eventRows = db.select().from(events).all().length;
    published.length = 0;
    projector.apply(callLife);
    projector.apply([callLife[1]!, callLife[1]!]);
    expect(JSON.stringify(projector.board(0))).toBe(before);
    expect(db.select().from(events).all()).toHaveLength(eventRows);
    expect(published).toEqual([]);
  });

  it('drops a replayed ringing for an answered leg even under a new key', () => {
    const { projector } = makeProjector();
    projector.apply(callLife);
    projector.apply([upsert(leg('201', 'c1', 'ringing'), 5, 'other-key')]);
    expect(projector.board(0).extensions.find((e) => e.number === '201')?.state).toBe('talking');
  });

  it('keeps an ended leg ended: a late event for it is ignored', () => {
    const { db, projector } = makeProjector();
    projector.apply([...callLife, end('201', 'c1', 'answered', 9)]);
    projector.apply([upsert(leg('201', 'c1', 'talking'), 10, 'late')]);
    const ext = projector.board(0).extensions.find((e) => e.number === '201');
    expect(ext).toMatchObject({ state: 'idle', since: at(9), calls: [] });
    const row = db.select().from(calls).all()[0];
    expect(row).toMatchObject({ endedAt: at(9), outcome: 'answered', answeredAt: at(3) });
  });

  it('stores the raw vendor payload with each event', () => {
    const { db, projector } = makeProjector();
    projector.apply(callLife);
    const rows = db.select().from(events).all();
    expect(rows.map((r) => r.type)).toEqual(['extensions.known', 'leg.upsert', 'leg.upsert']);
    expect(rows[1]?.raw).toEqual({ facts: leg('201', 'c1', 'ringing') });
  });

  it('applies state precedence across several legs', () => {
    const { projector } = makeProjector();
    projector.apply([upsert(leg('201', 'a', 'held'), 1), upsert(leg('201', 'b', 'ringing'), 2)]);
    expect(projector.board(0).extensions[0]?.state).toBe('held');
    projector.apply([upsert(leg('201', 'b', 'talking'), 3)]);
    expect(projector.board(0).extensions[0]?.state).toBe('talking');
  });

  it('a resync ends legs the PBX no longer reports and keeps the ones it does', () => {
    const { projector } = makeProjector();
    projector.apply([upsert(leg('201', 'gone', 'talking'), 1), upsert(leg('202', 'stays', 'ringing'), 1)]);
    projector.apply([
      { type: 'extensions.resync', connectionId: CONN, key: 'resync-1', at: at(5), extensions: ['201', '202'], legs: [leg('202', 'stays', 'talking')] },
    ]);
    const board = projector.board(0);
    expect(board.extensions.find((e) => e.number === '201')).toMatchObject({ state: 'idle', calls: [] });
    expect(board.extensions.find((e) => e.number === '202')).toMatchObject({ state: 'talking' });
  });

  it('publishes one delta per batch with only the touched entities', () => {
    const { projector, published } = makeProjector();
    projector.apply([known(['201', '202', '203'])]);
    published.length = 0;
    projector.apply([upsert(leg('202', 'x', 'ringing'), 1)]);
    expect(published).toHaveLength(1);
    expect(published[0]?.map((c) => (c.op === 'remove' ? c.id : c.entity === 'health' ? 'health' : c.value.id))).toEqual([`${CONN}:202`]);
  });

  it('counts queue calls per call, not per leg, and lists ringing agents', () => {
    const { projector } = makeProjector();
    const q = { queueNumber: QUEUE_UNKNOWN };
    projector.apply([upsert(leg('201', 'q1', 'ringing', q), 0), end('201', 'q1', 'no_answer', 15), upsert(leg('202', 'q1', 'ringing', q), 15)]);
    let queue = projector.board(0).queues[0];
    expect(queue?.agents).toEqual([{ extensionId: `${CONN}:202`, callId: `${CONN}:202:q1`, state: 'ringing', since: at(15) }]);
    projector.apply([upsert(leg('202', 'q1', 'talking', q), 18), upsert(leg('203', 'q2', 'ringing', q), 20), end('203', 'q2', 'cancelled', 50)]);
    queue = projector.board(0).queues[0];
    expect(queue?.today).toEqual({ offered: 2, answered: 1, abandoned: 1, longestWaitS: 18, serviceLevelPct: 50 });
    expect(queue?.agents.map((a) => a.state)).toEqual(['talking']);
  });

  it('restarting on the same database file restores the board', () => {
    const file = tempDbPath();
    const first = makeProjector(file);
    const q = { queueNumber: QUEUE_UNKNOWN };
    first.projector.apply([...callLife, upsert(leg('202', 'q9', 'talking', q), 4)]);
    const before = first.projector.board(0);
    first.db.$client.close();

    const second = makeProjector(file);
    expect(second.projector.board(0)).toEqual(before);
    // and idempotency survives the restart: the same events are still repeats
    second.projector.apply(callLife);
    expect(second.published).toEqual([]);
  });
});

describe('Projector queue changes', () => {
  it('moves a leg into a queue reported after its first event', () => {
    const { projector } = makeProjector();
    projector.apply([upsert(leg('201', 'late', 'ringing'), 1)]);
    projector.apply([upsert(leg('201', 'late', 'ringing', { queueNumber: '610' }), 2, 'late-queue')]);
    const queue = projector.board(0).queues.find((q) => q.number === '610');
    expect(queue?.agents).toEqual([{ extensionId: `${CONN}:201`, callId: `${CONN}:201:late`, state: 'ringing', since: at(2) }]);
    expect(queue?.today.offered).toBe(1);
  });
});

describe('Projector queue threads', () => {
  it('lists ringing legs on a queue extension as waiting callers, and survives a restart', () => {
    const file = tempDbPath();
    const first = makeProjector(file);
    first.projector.apply([
      { type: 'extensions.known', connectionId: CONN, key: 'q', at: at(0), extensions: [{ number: '620', name: 'Orders', kind: 'queue' }] },
      upsert(leg('620', 'in-1', 'ringing', { peer: { number: '0299990000', name: null } }), 1),
      upsert(leg('620', 'in-2', 'ringing', { peer: { number: '0299991111', name: 'Ann' } }), 2),
    ]);
    const queue = () => first.projector.board(0).queues.find((q) => q.number === '620');
    expect(queue()).toMatchObject({ name: 'Orders', waiting: [{ caller: '0299990000', since: at(1) }, { caller: 'Ann', since: at(2) }] });
    first.projector.apply([upsert(leg('620', 'in-1', 'talking'), 5)]);
    expect(queue()?.waiting.map((w) => w.caller)).toEqual(['Ann']);
    const before = first.projector.board(0);
    first.db.$client.close();
    expect(makeProjector(file).projector.board(0)).toEqual(before);
  });
});

describe('Projector queue figures from both threads', () => {
  it('counts a caller who gives up while waiting as offered and abandoned', () => {
    const { projector } = makeProjector();
    projector.apply([
      { type: 'extensions.known', connectionId: CONN, key: 'q', at: at(0), extensions: [{ number: '620', name: 'Orders', kind: 'queue' }] },
      upsert(leg('620', 'in-1', 'ringing', { callKey: 'call-1' }), 1),
      upsert(leg('401', 'out-1', 'ringing', { callKey: 'call-1', queueNumber: '620' }), 2),
      upsert(leg('401', 'out-1', 'talking', { callKey: 'call-1', queueNumber: '620' }), 4),
      upsert(leg('620', 'in-1', 'talking', { callKey: 'call-1' }), 4),
      upsert(leg('620', 'in-2', 'ringing', { callKey: 'call-2' }), 5),
      end('620', 'in-2', 'cancelled', 40),
    ]);
    const queue = projector.board(0).queues.find((q) => q.number === '620');
    expect(queue?.today).toMatchObject({ offered: 2, answered: 1, abandoned: 1, longestWaitS: 3 });
    expect(queue?.agents.map((a) => a.extensionId)).toEqual([`${CONN}:401`]);
    expect(queue?.waiting).toEqual([]);
  });
});
