import { describe, expect, it } from 'vitest';
import type { Board, ConnectionView, ExtensionView, QueueView } from '@/lib/board';
import { columnCount } from './column-count';
import { groupTileIds } from './group-extensions';
import { TileStore } from './tile-store';

function ext(connectionId: string, number: string, state: ExtensionView['state'] = 'idle'): ExtensionView {
  return { id: `${connectionId}:${number}`, connectionId, number, name: null, kind: 'phone', state, since: '2025-01-01T10:00:00.000Z', calls: [] };
}

function conn(id: string, name = id.toUpperCase(), lastEventAt: string | null = null): ConnectionView {
  return { id, vendor: 'noojee', name, status: 'live', lastEventAt, error: null, capabilities: { record: true, answer: false, dial: true, hooks: false } };
}

function queue(id: string, name: string | null, number = '600'): QueueView {
  return { id, connectionId: 'hq', number, name, waiting: [], agents: [], today: { offered: 0, answered: 0, abandoned: 0, longestWaitS: 0, serviceLevelPct: null } };
}

type BoardPart = Pick<Board, 'extensions' | 'connections' | 'queues'>;
const board = (extensions: ExtensionView[], connections = [conn('hq')], queues: QueueView[] = []): BoardPart => ({ extensions, connections, queues });

/** A store with counters on every tile listener, the layout and the queues. */
function watched(initial: BoardPart) {
  const store = new TileStore();
  store.sync(initial);
  const tiles = new Map<string, number>();
  const counts = { layout: 0, queues: 0 };
  for (const e of initial.extensions) store.subscribeTile(e.id, () => tiles.set(e.id, (tiles.get(e.id) ?? 0) + 1));
  store.subscribeLayout(() => (counts.layout += 1));
  store.subscribeQueues(() => (counts.queues += 1));
  return { store, tiles, counts };
}

describe('TileStore', () => {
  const a = ext('hq', '10');
  const b = ext('hq', '9');
  const c = ext('hq', '100');

  it('orders each group by number, numerically', () => {
    const store = new TileStore();
    store.sync(board([a, b, c]));
    expect(store.getLayout()).toEqual({ count: 3, groups: [{ connectionId: 'hq', connection: { name: 'HQ', vendor: 'noojee', capabilities: { record: true, dial: true } }, ids: ['hq:9', 'hq:10', 'hq:100'] }] });
  });

  it('a state change notifies only that tile and keeps the layout object', () => {
    const { store, tiles, counts } = watched(board([a, b, c]));
    const layout = store.getLayout();
    const talking = { ...b, state: 'talking' as const };
    store.sync(board([a, talking, c]));
    expect(store.get('hq:9')).toBe(talking);
    expect([...tiles]).toEqual([['hq:9', 1]]);
    expect(counts.layout).toBe(0);
    expect(store.getLayout()).toBe(layout);
  });

  it('the same board again notifies nobody', () => {
    const first = board([a, b, c]);
    const { store, tiles, counts } = watched(first);
    store.sync({ ...first });
    expect(tiles.size + counts.layout + counts.queues).toBe(0);
  });

  it('a connection heartbeat (lastEventAt) does not rebuild the layout; a rename does', () => {
    const { store, counts } = watched(board([a, b]));
    store.sync(board([a, b], [conn('hq', 'HQ', '2025-01-01T10:00:05.000Z')]));
    expect(counts.layout).toBe(0);
    store.sync(board([a, b], [conn('hq', 'Head office')]));
    expect(counts.layout).toBe(1);
    expect(store.getLayout().groups[0]?.connection?.name).toBe('Head office');
  });

  it('added and removed extensions rebuild the layout and notify their tiles', () => {
    const { store, tiles, counts } = watched(board([a, b, c]));
    const d = ext('hq', '11');
    store.sync(board([a, c, d]));
    expect(counts.layout).toBe(1);
    expect(store.getLayout().groups[0]?.ids).toEqual(['hq:10', 'hq:11', 'hq:100']);
    expect(store.get('hq:9')).toBeUndefined();
    expect(tiles.get('hq:9')).toBe(1);
    expect(store.getLayout().count).toBe(3);
  });

  it('a renumbered extension moves in the order', () => {
    const { store, counts } = watched(board([a, b, c]));
    store.sync(board([{ ...a, number: '1000' }, b, c]));
    expect(counts.layout).toBe(1);
    expect(store.getLayout().groups[0]?.ids).toEqual(['hq:9', 'hq:100', 'hq:10']);
  });

  it('unsubscribed listeners are not called', () => {
    const store = new TileStore();
    store.sync(board([a]));
    let calls = 0;
    const stop = store.subscribeTile('hq:10', () => (calls += 1));
    stop();
    store.sync(board([{ ...a, state: 'ringing' }]));
    expect(calls).toBe(0);
  });

  it('queue labels notify only when a label changes, not on every queue delta', () => {
    const q = queue('hq:q1', 'Sales');
    const { store, counts } = watched(board([a], [conn('hq')], [q]));
    expect(store.queueName('hq:q1')).toBe('Sales');
    store.sync(board([a], [conn('hq')], [{ ...q, today: { ...q.today, offered: 1 } }]));
    expect(counts.queues).toBe(0);
    store.sync(board([a], [conn('hq')], [{ ...q, name: null }]));
    expect(counts.queues).toBe(1);
    expect(store.queueName('hq:q1')).toBe('600');
    // Noojee's stand-in queue has no name to show.
    store.sync(board([a], [conn('hq')], [queue('hq:queue', null, 'queue')]));
    expect(store.queueName('hq:queue')).toBeNull();
  });
});

describe('groupTileIds', () => {
  it('follows the connection order, puts unknown connections last and skips empty ones', () => {
    const groups = groupTileIds([ext('zz', '1'), ext('b', '2'), ext('a', '3')], [conn('b'), conn('a'), conn('empty')]);
    expect(groups.map((g) => [g.connectionId, g.connection?.name ?? null])).toEqual([
      ['b', 'B'],
      ['a', 'A'],
      ['zz', null],
    ]);
  });

  it('returns an unchanged group as the same object', () => {
    const exts = [ext('a', '1'), ext('b', '1')];
    const before = groupTileIds(exts, [conn('a'), conn('b')]);
    const after = groupTileIds([...exts, ext('b', '2')], [conn('a'), conn('b')], before);
    expect(after[0]).toBe(before[0]);
    expect(after[1]).not.toBe(before[1]);
  });
});

describe('columnCount', () => {
  it('matches auto-fill with minmax(11rem, 1fr) and a 0.625rem gap', () => {
    // 8 columns need 8 × 176 + 7 × 10 = 1,478 px at 16 px to the rem.
    expect(columnCount(1478, 16)).toBe(8);
    expect(columnCount(1477, 16)).toBe(7);
    expect(columnCount(100, 16)).toBe(1);
    expect(columnCount(0, 16)).toBe(1);
  });
});
