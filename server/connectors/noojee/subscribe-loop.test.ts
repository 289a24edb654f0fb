import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { NoojeeClient, SubscribeParams } from './client';
import type { NoojeeNormaliser, ReplyContext } from './normalise';
import { ZSubscribeResponse, type TSubscribeResponse } from './schema';
import { runSubscribeLoop } from './subscribe-loop';

const reply = (seq: number, Data: Record<string, unknown[]> = {}): TSubscribeResponse => ZSubscribeResponse.parse({ Data, seq, Code: 0 });
const entry = { CallData: { status: 'Ringing', uniqueCallId: '1700000000.1', callerId: '0299990000' }, CallID: 1, Code: 0 };

/**
 * Runs the loop over scripted replies (one per request, in order) and returns what the normaliser
 * was told about each long-poll reply; the loop stops once the script is used up. Replies come 100 ms
 * apart unless `gapsMs` says otherwise (by index).
 */
async function contextsFor(
  replies: TSubscribeResponse[],
  resumeFrom: { seq: number; reachedAt: Date } | null,
  gapsMs: readonly number[] = [],
): Promise<{ sent: number[]; fresh: (boolean | undefined)[] }> {
  const abort = new AbortController();
  let clock = Date.parse('2026-11-23T13:22:00Z');
  const sent: number[] = [];
  const fresh: (boolean | undefined)[] = [];
  const client = {
    subscribe: (p: SubscribeParams) => {
      sent.push(p.lastSequenceNumber);
      const next = replies.shift();
      if (!next) {
        abort.abort();
        return Promise.reject(new Error('script done'));
      }
      clock += gapsMs[sent.length - 1] ?? 100;
      return Promise.resolve(next);
    },
  } as unknown as NoojeeClient;
  const normaliser = {
    snapshot: () => [],
    entries: (_data: unknown, _at: Date, context?: ReplyContext) => {
      fresh.push(context?.fresh);
      return [];
    },
    revivalCandidates: () => [],
  } as unknown as NoojeeNormaliser;
  await runSubscribeLoop({
    client,
    normaliser,
    sink: { events: () => {}, status: () => {} },
    extensions: ['410'],
    pollTimeoutS: 1,
    readTimeoutMarginMs: 100,
    minPollIntervalMs: 0,
    replayWindowMs: 60_000,
    backoff: { baseMs: 1, capMs: 1, random: () => 0 },
    resumeFrom,
    positionEvent: (seq, at) => ({ type: 'stream.position', connectionId: 'hq', key: `position:${seq}`, at: at.toISOString(), position: String(seq) }),
    log: pino({ level: 'silent' }),
    now: () => new Date(clock),
    signal: abort.signal,
  });
  return { sent, fresh };
}

describe('Noojee subscribe loop: which replies it vouches for as fresh (§4 model 2)', () => {
  it('after its own snapshot, a reply with no more entries than seq advanced is fresh', async () => {
    const { sent, fresh } = await contextsFor(
      [
        reply(26),
        reply(40, { '410': [entry] }),
      ],
      null,
    );
    expect(sent.slice(0, 2)).toEqual([0, 26]);
    expect(fresh).toEqual([true]);
  });

  it('resuming from a stored seq, the first reply may replay what the previous process stored and is not; the next one is', async () => {
    const { sent, fresh } = await contextsFor(
      [
        reply(40, { '410': [entry] }),
        reply(50, { '400': [entry] }),
      ],
      { seq: 26, reachedAt: new Date() },
    );
    expect(sent.slice(0, 2)).toEqual([26, 40]);
    expect(fresh).toEqual([false, true]);
  });

  it('a reply whose entries begin with ones the last replies brought is a replay, even when seq jumped far enough', async () => {
    const noAnswer = { ...entry, CallData: { ...entry.CallData, status: 'No Answer' } };
    const { fresh } = await contextsFor(
      [
        reply(26),
        reply(40, { '410': [noAnswer, entry] }),
        // 1.5 s later the server resends those events (410's No Answer and re-ring) before a new
        // one: 3 entries for 60 sequence numbers passes the count test (chaos A 208).
        reply(100, { '410': [noAnswer, entry], '400': [entry] }),
        // A ring timeout later the same No Answer and re-ring are the next round's own.
        reply(120, { '410': [noAnswer, entry] }),
      ],
      null,
      [100, 100, 1_500, 15_000],
    );
    expect(fresh).toEqual([true, false, true]);
  });

  it('a reply with more entries than seq advanced is a replay, never fresh', async () => {
    const { fresh } = await contextsFor(
      [
        reply(26),
        reply(28, { '410': [entry, entry, entry] }),
      ],
      null,
    );
    expect(fresh).toEqual([false]);
  });
});
