import type { ServerResponse } from 'node:http';
import { sendJson } from '../http-util';
import type { NoojeeEntry } from './call-data';
import type { NoojeeEventLog } from './event-log';
import type { NoojeeFaults } from './faults';
import { bareExtension } from './request-params';

export interface SubscribeOptions {
  /** Floor on every reply's latency, even `timeOut=0` (A4; ~100 ms on a real PBX). */
  minReplyMs: number;
  /** Wait after the first event so events a few ms apart share one reply (noojee.md §6.6). */
  batchMs: number;
}

interface Poll {
  extensions: string[];
  watched: Set<string>;
  last: number;
  res: ServerResponse;
  startedAt: number;
  extraDelayMs: number;
  waitTimer: NodeJS.Timeout | null;
  sendTimer: NodeJS.Timeout | null;
  done: boolean;
}

type Parsed = { ok: true; extensions: string[]; last: number; timeOutS: number } | { ok: false; message: string };

/** `exten` de-duplicated, `lastSequenceNumber` required, `timeOut` seconds defaulting to 10 (§2.1). */
function parse(p: URLSearchParams): Parsed {
  const extensions = [...new Set((p.get('exten') ?? '').split(',').map((e) => bareExtension(e)).filter((e): e is string => e !== null))];
  if (extensions.length === 0) return { ok: false, message: 'Missing or malformed parameter exten' };
  const last = p.get('lastSequenceNumber');
  if (last === null || !/^\d+$/.test(last.trim())) return { ok: false, message: 'Missing or malformed parameter lastSequenceNumber' };
  const timeOut = p.get('timeOut');
  if (timeOut !== null && !/^\d+(\.\d+)?$/.test(timeOut.trim())) return { ok: false, message: 'Malformed parameter timeOut' };
  return { ok: true, extensions, last: Number(last), timeOutS: Math.min(timeOut === null ? 10 : Number(timeOut), 300) };
}

/** Long-poll `subscribe` (noojee.md §2.1, §4): held until an event, `timeOut`, or shutdown. */
export class SubscribeHub {
  private readonly polls = new Set<Poll>();

  constructor(
    private readonly log: NoojeeEventLog,
    private readonly faults: NoojeeFaults,
    private readonly opts: SubscribeOptions,
  ) {
    log.onEntry((extension) => {
      for (const poll of this.polls) if (poll.watched.has(extension)) this.schedule(poll, opts.batchMs);
    });
  }

  handle(res: ServerResponse, params: URLSearchParams, extraDelayMs: number): void {
    const parsed = parse(params);
    if (!parsed.ok) return sendJson(res, 200, { Message: parsed.message, Code: -2 });
    const poll: Poll = {
      extensions: parsed.extensions, watched: new Set(parsed.extensions), last: parsed.last, res,
      startedAt: Date.now(), extraDelayMs, waitTimer: null, sendTimer: null, done: false,
    };
    this.polls.add(poll);
    res.on('close', () => this.finish(poll));
    const now = this.log.query(poll.last, poll.watched);
    if (now.kind === 'snapshot' || now.items.length > 0 || parsed.timeOutS === 0) this.schedule(poll, 0);
    else poll.waitTimer = setTimeout(() => this.schedule(poll, 0), parsed.timeOutS * 1000).unref();
  }

  /** Re-evaluates every waiting poll now (after a seq reset every client is due a snapshot). */
  wakeAll(): void {
    for (const poll of this.polls) this.schedule(poll, 0);
  }

  /** Answers every open poll immediately (shutdown). */
  closeAll(): void {
    for (const poll of [...this.polls]) this.send(poll, true);
  }

  private schedule(poll: Poll, afterMs: number): void {
    if (poll.done || poll.sendTimer) return;
    const wait = Math.max(afterMs, poll.startedAt + this.opts.minReplyMs - Date.now());
    poll.sendTimer = setTimeout(() => this.send(poll, false), wait).unref();
  }

  private finish(poll: Poll): void {
    poll.done = true;
    if (poll.waitTimer) clearTimeout(poll.waitTimer);
    if (poll.sendTimer) clearTimeout(poll.sendTimer);
    this.polls.delete(poll);
  }

  private send(poll: Poll, now: boolean): void {
    if (poll.done) return;
    this.finish(poll);
    const body = this.reply(poll);
    if (poll.extraDelayMs > 0 && !now) setTimeout(() => sendJson(poll.res, 200, body), poll.extraDelayMs).unref();
    else sendJson(poll.res, 200, body);
  }

  private reply(poll: Poll): { Data: Record<string, NoojeeEntry[]>; seq: number; Code: 0 } {
    let query = this.log.query(poll.last, poll.watched);
    // A snapshot tells current calls only: entries logged before it still count as untold.
    if (query.kind === 'events') this.log.told();
    if (query.kind === 'events') {
      const replay = this.faults.takeSubscribe('replay');
      // As if the client had sent an older lastSequenceNumber (still within history).
      if (replay) query = this.log.query(Math.max(this.log.oldest, poll.last - (replay.seqBack ?? poll.last)), poll.watched);
    }
    let items = query.kind === 'snapshot' ? this.log.snapshot(poll.extensions) : query.items;
    if (items.length > 0 && this.faults.takeSubscribe('duplicate')) items = items.flatMap((item) => [item, item]);
    const Data: Record<string, NoojeeEntry[]> = {};
    for (const extension of poll.extensions) {
      const entries = items.filter((i) => i.extension === extension).map((i) => i.entry);
      if (entries.length > 0) Data[extension] = entries;
    }
    return { Data, seq: this.log.current, Code: 0 };
  }
}
