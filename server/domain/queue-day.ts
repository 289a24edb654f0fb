import type { QueueToday } from '@/lib/board';

/** Answered within this many seconds counts toward the service level (the common 80/20 target). */
export const SERVICE_LEVEL_S = 20;

interface QueueCall {
  firstAt: number;
  answeredAt: number | null;
  liveLegs: number;
}

/**
 * Today's figures for one queue, counted per vendor call (not per leg: a call that rings three
 * agents in turn is offered once). A call with no live leg left and no answer counts as abandoned
 * until another leg of it appears (ring-one-agent-after-another queues).
 */
export interface QueueDay {
  day: string;
  calls: Map<string, QueueCall>;
  answeredInSl: number;
  today: QueueToday;
}

export function createQueueDay(day: string): QueueDay {
  return {
    day,
    calls: new Map(),
    answeredInSl: 0,
    today: { offered: 0, answered: 0, abandoned: 0, longestWaitS: 0, serviceLevelPct: null },
  };
}

/** The queue day for `at`, starting a fresh one when the date has moved on. */
export function queueDayFor(current: QueueDay | undefined, at: string): QueueDay {
  const day = at.slice(0, 10);
  return current && current.day === day ? current : createQueueDay(day);
}

export function legOffered(q: QueueDay, vendorCallId: string, at: string): void {
  let call = q.calls.get(vendorCallId);
  if (!call) {
    call = { firstAt: Date.parse(at), answeredAt: null, liveLegs: 0 };
    q.calls.set(vendorCallId, call);
    q.today.offered += 1;
  } else if (call.liveLegs === 0 && call.answeredAt === null) {
    q.today.abandoned -= 1;
  }
  call.liveLegs += 1;
  refreshServiceLevel(q);
}

export function legAnswered(q: QueueDay, vendorCallId: string, at: string): void {
  const call = q.calls.get(vendorCallId);
  if (!call || call.answeredAt !== null) return;
  call.answeredAt = Date.parse(at);
  const waitS = Math.max(0, Math.round((call.answeredAt - call.firstAt) / 1000));
  q.today.answered += 1;
  q.today.longestWaitS = Math.max(q.today.longestWaitS, waitS);
  if (waitS <= SERVICE_LEVEL_S) q.answeredInSl += 1;
  refreshServiceLevel(q);
}

export function legGone(q: QueueDay, vendorCallId: string): void {
  const call = q.calls.get(vendorCallId);
  if (!call || call.liveLegs === 0) return;
  call.liveLegs -= 1;
  if (call.liveLegs === 0 && call.answeredAt === null) q.today.abandoned += 1;
  refreshServiceLevel(q);
}

function refreshServiceLevel(q: QueueDay): void {
  const resolved = q.today.answered + q.today.abandoned;
  q.today.serviceLevelPct = resolved === 0 ? null : Math.round((q.answeredInSl / resolved) * 100);
}
