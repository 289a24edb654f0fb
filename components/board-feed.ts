/**
 * The browser's side of the `/ws` protocol (DESIGN.md §4) as pure functions: parse a frame, fold it
 * into the board, spot a `seq` gap, decide liveness and the reconnect delay. No DOM, no React.
 */
import { z } from 'zod';
import type { Board } from '@/lib/board';
import { applyChanges, type ServerFrame } from '@/lib/ws-protocol';

/** No frame for this long means the connection is dead: the server sends a heartbeat delta every 15 s. */
export const SILENCE_LIMIT_MS = 40_000;
/** A resync that brings no snapshot within this long is abandoned by reconnecting. */
export const RESYNC_TIMEOUT_MS = 10_000;
export const RECONNECT_BASE_MS = 500;
export const RECONNECT_CAP_MS = 30_000;

// Only the envelope is checked here: entity shapes are the server's contract (lib/board.ts), and a
// full re-validation of 100 extensions on every frame would cost more than it catches.
const ZEntityChange = z.union([
  z.object({
    op: z.literal('upsert'),
    entity: z.enum(['extension', 'queue', 'connection']),
    value: z.object({ id: z.string() }).loose(),
  }),
  z.object({ op: z.literal('remove'), entity: z.enum(['extension', 'queue', 'connection']), id: z.string() }),
  z.object({ op: z.literal('upsert'), entity: z.literal('health'), value: z.object({ storage: z.object({ ok: z.boolean() }).loose() }).loose() }),
]);
const ZSeq = z.number().int().nonnegative();
const ZServerFrame = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('snapshot'),
    seq: ZSeq,
    board: z.object({ connections: z.array(z.unknown()), extensions: z.array(z.unknown()), queues: z.array(z.unknown()) }).loose(),
  }),
  z.object({ type: z.literal('delta'), seq: ZSeq, changes: z.array(ZEntityChange) }),
]);

export type ParsedFrame = { kind: 'frame'; frame: ServerFrame } | { kind: 'unknown' } | { kind: 'invalid' };

/** Parses one text frame. A frame type this client does not know is `unknown` (the protocol may grow). */
export function parseServerFrame(text: string): ParsedFrame {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'invalid' };
  }
  const type = typeof json === 'object' && json !== null ? (json as { type?: unknown }).type : undefined;
  if (type !== 'snapshot' && type !== 'delta') return { kind: 'unknown' };
  const parsed = ZServerFrame.safeParse(json);
  if (!parsed.success) return { kind: 'invalid' };
  // The envelope is checked above; the entity payloads are typed by the shared contract.
  return { kind: 'frame', frame: json as ServerFrame };
}

export interface FeedState {
  /** `seq` of the last frame applied on this connection; null before its first snapshot. */
  seq: number | null;
  /** True while every frame since the last snapshot arrived in order. */
  inSync: boolean;
  /** A resync request is outstanding; further deltas are dropped until the snapshot comes. */
  resyncSent: boolean;
}

/** A fresh connection: the server sends a snapshot by itself, so no resync is needed yet. */
export const freshFeed: FeedState = { seq: null, inSync: false, resyncSent: false };

export interface FrameOutcome {
  feed: FeedState;
  /** The board to store, or undefined to leave the stored board as it is. */
  board: Board | undefined;
  /** Send `{"type":"resync"}` now. */
  resync: boolean;
}

/** Folds one server frame into the feed state and the board (DESIGN.md §4 gap rule). */
export function reduceFrame(feed: FeedState, board: Board | undefined, frame: ServerFrame | 'invalid'): FrameOutcome {
  if (frame !== 'invalid' && frame.type === 'snapshot') {
    return {
      feed: { seq: frame.seq, inSync: true, resyncSent: false },
      board: frame.board.seq === frame.seq ? frame.board : { ...frame.board, seq: frame.seq },
      resync: false,
    };
  }
  if (frame !== 'invalid' && feed.inSync && board && feed.seq !== null && frame.seq === feed.seq + 1) {
    return { feed: { ...feed, seq: frame.seq }, board: applyChanges(board, frame.seq, frame.changes), resync: false };
  }
  // A gap, a repeat, a delta before any snapshot or a garbled frame: the board may now be wrong.
  if (feed.resyncSent) return { feed, board: undefined, resync: false };
  return { feed: { seq: feed.seq, inSync: false, resyncSent: true }, board: undefined, resync: true };
}

/** Live = socket open AND frames in order AND a frame within the silence limit. */
export function isLive(open: boolean, feed: FeedState, lastFrameAt: number, now: number): boolean {
  return open && feed.inSync && now - lastFrameAt < SILENCE_LIMIT_MS;
}

/** Capped exponential backoff with equal jitter: never zero, never above the cap. */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(RECONNECT_CAP_MS, RECONNECT_BASE_MS * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
