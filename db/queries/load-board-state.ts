import { and, asc, gte, isNotNull, isNull } from 'drizzle-orm';
import type { CallView, Direction, ExtensionKind, ExtensionState, LegState, RecordingState } from '@/lib/board';
import { createBoardState, type BoardState } from '@/server/domain/board-state';
import { legAnswered, legGone, legOffered, queueDayFor } from '@/server/domain/queue-day';
import { waitingOn } from '@/server/domain/reduce-event';
import type { Db } from '../client';
import { calls, extensions, queues } from '../schema';

/** Rebuilds the in-memory board from the database after a restart (connections come from config). */
export function loadBoardState(db: Db, now: Date): BoardState {
  const state = createBoardState();
  for (const row of db.select().from(extensions).all()) {
    state.extensions.set(row.id, {
      ...row,
      kind: row.kind as ExtensionKind,
      state: row.state as ExtensionState,
      calls: [],
    });
  }
  for (const row of db.select().from(queues).all()) {
    state.queues.set(row.id, { ...row, waiting: [], agents: [], today: queueDayFor(undefined, now.toISOString()).today });
  }
  const live = db.select().from(calls).where(isNull(calls.endedAt)).orderBy(asc(calls.startedAt)).all();
  for (const row of live) {
    const ext = state.extensions.get(row.extensionId);
    if (!ext) continue;
    ext.calls.push(callViewOf(row));
    state.legIndex.set(row.id, ext.id);
    const queue = row.queueId ? state.queues.get(row.queueId) : undefined;
    // The queue's own extension holds waiting callers, not agents.
    if (queue && row.state !== 'dialing' && queue.id !== ext.id) {
      const agentState = row.state === 'ringing' ? 'ringing' : 'talking';
      queue.agents.push({ extensionId: ext.id, callId: row.id, state: agentState, since: row.answeredAt ?? row.startedAt });
    }
  }
  for (const ext of state.extensions.values()) {
    const queue = ext.kind === 'queue' ? state.queues.get(ext.id) : undefined;
    if (queue) queue.waiting = waitingOn(ext);
  }
  restoreQueueDays(db, state, now);
  return state;
}

function callViewOf(row: typeof calls.$inferSelect): CallView {
  return {
    id: row.id,
    vendorCallId: row.vendorCallId,
    direction: row.direction as Direction,
    peer: { number: row.peerNumber, name: row.peerName },
    state: row.state as LegState,
    startedAt: row.startedAt,
    answeredAt: row.answeredAt,
    queueId: row.queueId,
    recording: row.recording as RecordingState,
    canAnswer: row.canAnswer,
    callKey: row.callKey ?? row.vendorCallId,
  };
}

/** Replays today's queue legs in start order so `QueueView.today` survives a restart. */
function restoreQueueDays(db: Db, state: BoardState, now: Date): void {
  const today = now.toISOString().slice(0, 10);
  const rows = db
    .select()
    .from(calls)
    .where(and(isNotNull(calls.queueId), gte(calls.startedAt, today)))
    .orderBy(asc(calls.startedAt))
    .all();
  for (const row of rows) {
    const queue = state.queues.get(row.queueId ?? '');
    if (!queue) continue;
    const day = queueDayFor(state.queueDays.get(queue.id), row.startedAt);
    state.queueDays.set(queue.id, day);
    const key = row.callKey ?? row.vendorCallId;
    legOffered(day, key, row.startedAt);
    if (row.answeredAt) legAnswered(day, key, row.answeredAt);
    if (row.endedAt) legGone(day, key);
    queue.today = day.today;
  }
}
