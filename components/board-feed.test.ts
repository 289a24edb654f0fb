import { describe, expect, it } from 'vitest';
import type { Board, ExtensionView } from '@/lib/board';
import type { DeltaFrame, ServerFrame } from '@/lib/ws-protocol';
import {
  RECONNECT_CAP_MS,
  SILENCE_LIMIT_MS,
  freshFeed,
  isLive,
  parseServerFrame,
  reconnectDelay,
  reduceFrame,
  type FeedState,
} from './board-feed';

function ext(number: string, state: ExtensionView['state'] = 'idle'): ExtensionView {
  return {
    id: `hq:${number}`,
    connectionId: 'hq',
    number,
    name: `Agent ${number}`,
    kind: 'phone',
    state,
    since: '2025-01-01T10:00:00.000Z',
    calls: [],
  };
}

function board(seq: number, extensions: ExtensionView[]): Board {
  return { seq, connections: [], extensions, queues: [] };
}

const snapshot = (seq: number, b: Board): ServerFrame => ({ type: 'snapshot', seq, board: b });
const delta = (seq: number, changes: DeltaFrame['changes'] = []): ServerFrame => ({ type: 'delta', seq, changes });

/** Feeds frames in order, as the socket would, returning the final state. */
function run(frames: ServerFrame[], start: { feed: FeedState; board?: Board } = { feed: freshFeed }) {
  let feed = start.feed;
  let current = start.board;
  const resyncs: number[] = [];
  frames.forEach((frame, i) => {
    const out = reduceFrame(feed, current, frame);
    feed = out.feed;
    if (out.board) current = out.board;
    if (out.resync) resyncs.push(i);
  });
  return { feed, board: current, resyncs };
}

describe('reduceFrame', () => {
  it('replaces the board with a snapshot and comes into sync', () => {
    const old = board(3, [ext('100')]);
    const { feed, board: b, resyncs } = run([snapshot(10, board(10, [ext('200')]))], { feed: freshFeed, board: old });
    expect(feed).toEqual({ seq: 10, inSync: true, resyncSent: false });
    expect(b?.extensions.map((e) => e.number)).toEqual(['200']);
    expect(resyncs).toEqual([]);
  });

  it('applies in-order deltas and keeps untouched entities by identity', () => {
    const a = ext('100');
    const b = ext('101');
    const ringing = ext('101', 'ringing');
    const out = run([snapshot(1, board(1, [a, b])), delta(2, [{ op: 'upsert', entity: 'extension', value: ringing }]), delta(3)]);
    expect(out.feed).toEqual({ seq: 3, inSync: true, resyncSent: false });
    expect(out.board?.seq).toBe(3);
    expect(out.board?.extensions[0]).toBe(a);
    expect(out.board?.extensions[1]).toBe(ringing);
  });

  it('on a gap asks for one resync, drops deltas until the snapshot, then recovers', () => {
    const out = run([
      snapshot(1, board(1, [ext('100')])),
      delta(2),
      delta(4, [{ op: 'remove', entity: 'extension', id: 'hq:100' }]),
      delta(5),
      delta(6),
    ]);
    expect(out.resyncs).toEqual([2]);
    expect(out.feed.inSync).toBe(false);
    expect(out.board?.seq).toBe(2);
    expect(out.board?.extensions).toHaveLength(1);

    const recovered = run([snapshot(7, board(7, [])), delta(8)], { feed: out.feed, board: out.board });
    expect(recovered.feed).toEqual({ seq: 8, inSync: true, resyncSent: false });
    expect(recovered.board?.extensions).toEqual([]);
  });

  it('treats a repeated or older seq as out of order', () => {
    const out = run([snapshot(1, board(1, [])), delta(2), delta(2)]);
    expect(out.resyncs).toEqual([2]);
  });

  it('asks for a resync when a delta comes before any snapshot', () => {
    const out = run([delta(5), delta(6)]);
    expect(out.resyncs).toEqual([0]);
    expect(out.board).toBeUndefined();
  });

  it('asks for a resync on a garbled frame', () => {
    const start = run([snapshot(1, board(1, []))]);
    const out = reduceFrame(start.feed, start.board, 'invalid');
    expect(out.resync).toBe(true);
    expect(out.feed.inSync).toBe(false);
  });

  it('aligns the board seq with the frame seq', () => {
    const out = run([snapshot(9, board(4, []))]);
    expect(out.board?.seq).toBe(9);
  });
});

describe('parseServerFrame', () => {
  it('accepts snapshots and deltas', () => {
    const text = JSON.stringify(snapshot(1, board(1, [ext('100')])));
    expect(parseServerFrame(text).kind).toBe('frame');
    const d = JSON.stringify(delta(2, [{ op: 'remove', entity: 'queue', id: 'hq:600' }]));
    expect(parseServerFrame(d).kind).toBe('frame');
  });

  it('accepts the server health change and applies it to the board', () => {
    const storage = { ok: false, error: 'The disk is full.', pendingEvents: 3, droppedEvents: 0, since: '2026-01-01T00:00:00Z' };
    const parsed = parseServerFrame(JSON.stringify(delta(2, [{ op: 'upsert', entity: 'health', value: { storage } }])));
    expect(parsed.kind).toBe('frame');
    const out = run([snapshot(1, board(1, [ext('100')])), delta(2, [{ op: 'upsert', entity: 'health', value: { storage } }])]);
    expect(out.board?.health?.storage).toEqual(storage);
    expect(out.board?.extensions).toHaveLength(1);
  });

  it('sets apart unknown frame types from malformed ones', () => {
    expect(parseServerFrame('{"type":"notice","text":"hi"}').kind).toBe('unknown');
    expect(parseServerFrame('not json').kind).toBe('invalid');
    expect(parseServerFrame('{"type":"delta","seq":"3","changes":[]}').kind).toBe('invalid');
    expect(parseServerFrame('{"type":"delta","seq":3,"changes":[{"op":"upsert","entity":"call","value":{"id":"x"}}]}').kind).toBe(
      'invalid',
    );
  });
});

describe('isLive', () => {
  const inSync: FeedState = { seq: 4, inSync: true, resyncSent: false };
  it('needs an open socket, frames in order and a recent frame', () => {
    expect(isLive(true, inSync, 1_000, 1_000 + SILENCE_LIMIT_MS - 1)).toBe(true);
    expect(isLive(true, inSync, 1_000, 1_000 + SILENCE_LIMIT_MS)).toBe(false);
    expect(isLive(false, inSync, 1_000, 1_000)).toBe(false);
    expect(isLive(true, { ...inSync, inSync: false }, 1_000, 1_000)).toBe(false);
  });
});

describe('reconnectDelay', () => {
  it('grows exponentially, stays within half and all of the ceiling, and is capped', () => {
    expect(reconnectDelay(0, () => 0)).toBe(250);
    expect(reconnectDelay(0, () => 1)).toBe(500);
    expect(reconnectDelay(3, () => 0.5)).toBe(3_000);
    expect(reconnectDelay(40, () => 1)).toBe(RECONNECT_CAP_MS);
    expect(reconnectDelay(40, () => 0)).toBe(RECONNECT_CAP_MS / 2);
  });
});
