/**
 * The §4 subscribe loop of noojee.md: snapshot first, then one long poll at a time, `last` advanced
 * only after a reply was applied, backoff on failure, resync when the server's `seq` goes backwards.
 * Entries the normaliser cannot judge alone (a re-ring or a replay? see normalise.ts) are settled by
 * a one-off snapshot of just their extensions before `last` moves on.
 */
import type { ConnectionStatus } from '@/lib/board';
import type { Logger } from 'pino';
import type { ConnectorSink } from '@/server/connectors/connector';
import type { PbxEvent } from '@/server/domain/pbx-event';
import { fullJitterDelay, sleep, type BackoffPolicy } from '../backoff';
import type { NoojeeClient } from './client';
import type { NoojeeNormaliser } from './normalise';

export interface SubscribeLoopOptions {
  client: NoojeeClient;
  normaliser: NoojeeNormaliser;
  sink: ConnectorSink;
  extensions: readonly string[];
  /** Long-poll `timeOut` in seconds (§4: 20–30 s). */
  pollTimeoutS: number;
  /** Added to `timeOut` for the HTTP read timeout; §4 step 2 wants at least 10 s. */
  readTimeoutMarginMs: number;
  /** A4: never start polls closer together than this (about 100 ms). */
  minPollIntervalMs: number;
  /**
   * After failing for longer than this, resync from a snapshot instead of replaying from `last`: a
   * `lastSequenceNumber` older than the server's retained history gets a snapshot-shaped reply
   * (§4 model 3, simulator keeps 10 min) that we could not tell from events and would merge wrongly.
   */
  replayWindowMs: number;
  backoff: BackoffPolicy;
  /**
   * Where a previous process stood (§4 model 2): the loop replays from this `seq` instead of starting
   * with a snapshot, so calls that rang, were answered and ended while we were down keep their real
   * outcome. Ignored when older than `replayWindowMs` (the server may have dropped that history).
   */
  resumeFrom?: { seq: number; reachedAt: Date } | null;
  /**
   * The event that records `seq` as applied; handed to the sink right after the reply's events, so
   * it is stored in their transaction (a crash can only replay what was stored, never skip).
   */
  positionEvent: (seq: number, at: Date) => PbxEvent;
  log: Logger;
  now: () => Date;
  signal: AbortSignal;
}

/** Runs until `signal` aborts; never throws and never gives up (DESIGN.md §2). */
export async function runSubscribeLoop(o: SubscribeLoopOptions): Promise<void> {
  let reported: { status: ConnectionStatus; error: string | null } | null = null;
  const report = (status: ConnectionStatus, error: string | null) => {
    if (reported?.status === status && reported.error === error) return;
    reported = { status, error };
    o.sink.status(status, error);
  };

  // 0 means "no position": the next request is a snapshot (§4 steps 1 and 4).
  let last = 0;
  /**
   * The highest `seq` whose reply was applied. It runs ahead of `last` when a confirmation snapshot
   * failed: the retry then asks for entries already applied, a replay the normaliser must distrust.
   */
  let appliedThrough = 0;
  /**
   * Resuming, the first reply may replay entries the previous process already stored: a reply whose
   * revivals waited for a confirmation snapshot has its events stored before its position, so a
   * process killed in between resumes from the reply's own `lastSequenceNumber`. That reply cannot
   * be vouched for as fresh (chaos A 205: round 1's replayed No Answer ended the live round 2).
   */
  let mayReplayStored = false;
  const recent = new RecentEntries(REPEAT_WINDOW_MS);
  let failures = 0;
  let lastPollAt = -Infinity;
  let lastSuccessAt = performance.now();
  if (o.resumeFrom && o.resumeFrom.seq > 0) {
    // The outage clock runs from when that position was reached: the window check below then
    // resyncs from a snapshot if the server may no longer hold the history since.
    const ageMs = Math.max(0, o.now().getTime() - o.resumeFrom.reachedAt.getTime());
    last = o.resumeFrom.seq;
    lastSuccessAt = performance.now() - ageMs;
    mayReplayStored = true;
    o.log.info({ lastSequenceNumber: last, ageMs }, 'Noojee resuming from the stored sequence number');
  }
  report('connecting', null);

  /** A4: every request, the confirmation snapshots included, keeps the minimum poll period. */
  const pace = async () => {
    await sleep(lastPollAt + o.minPollIntervalMs - performance.now(), o.signal);
    lastPollAt = performance.now();
  };

  while (!o.signal.aborted) {
    await pace();
    if (o.signal.aborted) break;
    if (last > 0 && lastPollAt - lastSuccessAt > o.replayWindowMs) {
      o.log.info({ lastSequenceNumber: last }, 'Noojee outage outlasted the replay window: resyncing from a snapshot');
      last = 0;
    }
    const sent = last;
    // lastSequenceNumber=0 returns the current state at once (§2.1), so ask for no wait at all.
    const timeOutS = sent === 0 ? 0 : o.pollTimeoutS;
    try {
      const reply = await o.client.subscribe({
        extensions: o.extensions,
        lastSequenceNumber: sent,
        timeOutS,
        readTimeoutMs: timeOutS * 1000 + o.readTimeoutMarginMs,
        signal: o.signal,
      });
      if (sent > 0 && reply.seq < sent) {
        // §4 step 4: seq never decreases while the server runs, so it restarted; its history is gone.
        o.log.warn({ sent, seq: reply.seq }, 'Noojee sequence went backwards (server restart?): resyncing');
        last = 0;
        lastSuccessAt = performance.now();
        continue;
      }
      const receivedAt = o.now();
      const fresh = !mayReplayStored && isFresh(sent, appliedThrough, reply) && !recent.repeatedBy(reply, receivedAt.getTime());
      const events = sent === 0 ? o.normaliser.snapshot(reply.Data, receivedAt) : o.normaliser.entries(reply.Data, receivedAt, { fresh });
      mayReplayStored = false;
      appliedThrough = sent === 0 ? reply.seq : Math.max(appliedThrough, reply.seq);
      // A snapshot starts the stream over (after a PBX restart `seq` restarts low, §4 step 4).
      if (sent === 0) recent.clear();
      recent.note(reply, receivedAt.getTime());
      const candidates = o.normaliser.revivalCandidates();
      // The position goes in the batch that completes this reply, so it is stored with its events.
      if (candidates.length === 0) o.sink.events([...events, o.positionEvent(reply.seq, receivedAt)]);
      else {
        if (events.length > 0) o.sink.events(events);
        // §4 model 3 / client step 5: a lastSequenceNumber=0 request restricted to these extensions
        // returns their current calls at once without touching the main loop's `last`. If it fails,
        // `last` stays put (catch below): the server replays this reply, which is harmless, and the
        // candidates are still pending for the next attempt.
        await pace();
        if (o.signal.aborted) break;
        const snapshot = await o.client.subscribe({
          extensions: candidates,
          lastSequenceNumber: 0,
          timeOutS: 0,
          readTimeoutMs: o.readTimeoutMarginMs,
          signal: o.signal,
        });
        const confirmed = o.normaliser.confirmRevivals(snapshot.Data, o.now(), candidates);
        o.sink.events([...confirmed, o.positionEvent(reply.seq, receivedAt)]);
      }
      last = reply.seq;
      lastSuccessAt = performance.now();
      failures = 0;
      report('live', null);
      // A server that has never assigned a sequence answers seq 0, which would make every poll an
      // immediate snapshot; pace those like a first backoff step instead of spinning at the A4 floor.
      if (last === 0) await sleep(o.backoff.baseMs, o.signal);
    } catch (error) {
      if (o.signal.aborted) break;
      failures += 1;
      const message = error instanceof Error ? error.message : String(error);
      const delayMs = fullJitterDelay(failures, o.backoff);
      o.log.warn({ error: message, failures, retryInMs: delayMs, lastSequenceNumber: last }, 'Noojee subscribe failed');
      // §4 step 3: `last` is kept, so the server replays everything since it on the next success.
      report('down', message);
      await sleep(delayMs, o.signal);
    }
  }
}

/**
 * Whether every entry of a reply is new (§4 model 2: events with sequence > lastSequenceNumber, each
 * with its own sequence number, so never more entries than `seq - sent`). More entries than that can
 * only be a server replaying or duplicating; a `sent` below what was applied is our own retry.
 */
function isFresh(sent: number, appliedThrough: number, reply: { Data: Record<string, unknown[]>; seq: number }): boolean {
  if (sent < appliedThrough) return false;
  const entries = Object.values(reply.Data).reduce((n, list) => n + list.length, 0);
  return entries <= reply.seq - sent;
}

/**
 * How recent an entry must be for a reply that begins with it again to count as a replay. A server
 * resending its last events (as if sent an older `lastSequenceNumber`) can pass the entry count test
 * when `seq` jumped for other channel events: its lists then begin with entries we got moments ago.
 * A queue brings an extension back to the very same entry only after a ring timeout (15–30 s on a
 * real PBX), so a genuine reply is caught only with sub-window timeouts, and then it is merely not
 * vouched for: at worst a re-ring is seen as one round (chaos A 208: round 1's No Answer and round
 * 2's Ringing, resent 1.5 s later, read as round 2's end and a round 3).
 */
const REPEAT_WINDOW_MS = 3_000;

/** The entries each extension got lately, keyed by their JSON, with when they came. */
class RecentEntries {
  private readonly byExtension = new Map<string, Map<string, number>>();

  constructor(private readonly windowMs: number) {}

  note(reply: { Data: Record<string, unknown[]> }, atMs: number): void {
    for (const [exten, list] of Object.entries(reply.Data)) {
      let seen = this.byExtension.get(exten);
      if (!seen) this.byExtension.set(exten, (seen = new Map()));
      for (const [key, at] of seen) if (at <= atMs - this.windowMs) seen.delete(key);
      for (const entry of list) seen.set(JSON.stringify(entry), atMs);
    }
  }

  clear(): void {
    this.byExtension.clear();
  }

  /** Whether any extension's entries in `reply` begin with one it got within the window. */
  repeatedBy(reply: { Data: Record<string, unknown[]> }, atMs: number): boolean {
    return Object.entries(reply.Data).some(([exten, list]) => {
      const at = list.length > 0 ? this.byExtension.get(exten)?.get(JSON.stringify(list[0])) : undefined;
      return at !== undefined && at > atMs - this.windowMs;
    });
  }
}
