/**
 * A bench PBX: a Noojee CallManagementAPI `subscribe` endpoint on 127.0.0.1 (noojee.md §2.1, §4) that
 * the real server's real Noojee connector long-polls, with calls generated at a set rate over any
 * number of extensions (the payloads of ./payloads.ts). The demo simulator has 48 phones and
 * places calls a few a minute; this one has thousands of extensions and hundreds of changes a second.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFeed } from './payloads';

export interface FakePbx {
  url: string;
  apiKey: string;
  extensions: string[];
  /** Payloads a second (0 = quiet). */
  setRate(perSecond: number): void;
  emitted(): number;
  polls(): number;
  close(): Promise<void>;
}

const KEEP = 20_000;

export async function startFakePbx(o: { extensions: number }): Promise<FakePbx> {
  const feed = createFeed('noojee', 'pbx', o.extensions);
  const extensions = Array.from({ length: o.extensions }, (_, k) => feed.extensionOf(k));
  const apiKey = 'bench-noojee-key';
  /** The last KEEP entries, `log[i]` having sequence number `firstSeq + i`. */
  let log: { ext: string; entry: unknown }[] = [];
  let firstSeq = 1;
  let seq = 0;
  let next = 0;
  let polls = 0;
  let waiting: { res: ServerResponse; last: number; timer: NodeJS.Timeout }[] = [];

  const reply = (res: ServerResponse, last: number) => {
    const Data: Record<string, unknown[]> = {};
    for (let s = Math.max(last + 1, firstSeq); s <= seq; s++) {
      const item = log[s - firstSeq]!;
      (Data[item.ext] ??= []).push(item.entry);
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ Data, seq, Code: 0 }));
  };

  const flush = () => {
    const ready = waiting;
    waiting = [];
    for (const w of ready) {
      clearTimeout(w.timer);
      reply(w.res, w.last);
    }
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://pbx');
    req.resume();
    req.on('end', () => {
      if (!url.pathname.endsWith('/subscribe') || url.searchParams.get('apiKey') !== apiKey) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ Code: -1, Message: 'unsupported' }));
        return;
      }
      polls += 1;
      const last = Number(url.searchParams.get('lastSequenceNumber') ?? 0);
      const timeOutS = Number(url.searchParams.get('timeOut') ?? 0);
      // A snapshot (last = 0): every extension idle, so the board starts with 2,000 idle tiles.
      if (last === 0) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ Data: {}, seq, Code: 0 }));
        return;
      }
      if (seq > last || timeOutS === 0) return reply(res, last);
      const timer = setTimeout(() => {
        waiting = waiting.filter((w) => w.res !== res);
        reply(res, last);
      }, timeOutS * 1000);
      waiting.push({ res, last, timer });
      res.on('close', () => {
        clearTimeout(timer);
        waiting = waiting.filter((w) => w.res !== res);
      });
    });
  });
  server.maxHeadersCount = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  let timer: NodeJS.Timeout | null = null;
  let rate = 0;
  let t0 = 0;
  let base = 0;
  const tick = () => {
    const due = base + Math.floor(((performance.now() - t0) / 1000) * rate);
    if (due <= next) return;
    while (next < due) {
      const payload = feed.payload(next++) as Record<string, unknown[]>;
      for (const [ext, entries] of Object.entries(payload)) for (const entry of entries) log.push({ ext, entry });
      seq = firstSeq + log.length - 1;
    }
    if (log.length > KEEP) {
      const drop = log.length - KEEP;
      log = log.slice(drop);
      firstSeq += drop;
    }
    flush();
  };

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    apiKey,
    extensions,
    setRate(perSecond) {
      rate = perSecond;
      t0 = performance.now();
      base = next;
      if (timer) clearInterval(timer);
      timer = perSecond > 0 ? setInterval(tick, 5) : null;
    },
    emitted: () => next,
    polls: () => polls,
    close: () =>
      new Promise<void>((resolve) => {
        if (timer) clearInterval(timer);
        for (const w of waiting) clearTimeout(w.timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
