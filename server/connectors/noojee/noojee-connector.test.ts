import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ZNoojeeConnection } from '@/lib/connection-config';
import { CommandError } from '@/server/connectors/connector';
import { captureLogger, sendJson, sendText, startFakeNoojee, type FakeHandler, type FakeNoojee, type FakeRequest } from './fake-noojee-server';
import { entry, reply, sample } from './fixtures';
import { createNoojeeConnector, DEFAULT_ANSWER_STRING, NoojeeConnector, type NoojeeConnectorOptions } from './noojee-connector';
import { recordingSink } from '../recording-sink';

const apiKey = 'c0ffee00-1234-SECRET-key';
const fast: NoojeeConnectorOptions = { backoff: { baseMs: 10, capMs: 40 } };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const recorder = recordingSink;

/** `shared`: a server an earlier connector used (a restart against the same PBX); closed by its own setup. */
async function setup(handler: FakeHandler, options: NoojeeConnectorOptions = fast, shared?: FakeNoojee) {
  const server = shared ?? (await startFakeNoojee(handler));
  const { logger, lines } = captureLogger();
  const config = ZNoojeeConnection.parse({
    id: 'hq',
    vendor: 'noojee',
    name: 'HQ',
    baseUrl: server.url,
    apiKey,
    extensions: ['400', '410', '420'],
    pollTimeoutS: 1,
  });
  const connector = createNoojeeConnector(config, { logger, ...options });
  const rec = recorder();
  if (!shared) cleanups.push(() => server.close());
  cleanups.push(() => connector.stop());
  return { server, connector, lines, ...rec };
}

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const polls = (server: FakeNoojee) => server.requests.filter((r) => r.path.endsWith('/subscribe'));
const lastSeqs = (server: FakeNoojee) => polls(server).map((r) => Number(r.params.get('lastSequenceNumber')));
const isSnapshot = (req: FakeRequest) => req.params.get('lastSequenceNumber') === '0';

/** Holds a long poll for its `timeOut`, then answers "nothing new" like the simulator (§2.1). */
function hold(req: FakeRequest, res: ServerResponse, seq: number): void {
  const timer = setTimeout(() => sendJson(res, { Data: {}, seq, Code: 0 }), Number(req.params.get('timeOut')) * 1000);
  res.on('close', () => clearTimeout(timer));
}

const snapshot28 = reply(28, { '410': [entry({ status: 'Ringing', uniqueCallId: sample.call1, callerId: '400', canAnswer: true })] });

describe('NoojeeConnector: the §4 subscribe loop', () => {
  it('settles a re-ring (same uniqueCallId, A5) with a snapshot of just that extension; a failed one replays from the same last', async () => {
    const Q = '1700000000.42';
    const on410 = (status: string) => entry({ status, uniqueCallId: Q, callerId: '0299990000', isQueueCall: true });
    let confirmFailures = 1;
    const t = await setup((req, res) => {
      if (isSnapshot(req) && req.params.get('exten') === '400,410,420') return sendJson(res, reply(28, { '410': [on410('Ringing')] }));
      if (isSnapshot(req)) {
        if (confirmFailures-- > 0) return sendJson(res, { Message: 'try later', Code: -1 });
        return sendJson(res, reply(31, { '410': [on410('Connected')] }));
      }
      if (req.params.get('lastSequenceNumber') === '28') return sendJson(res, reply(30, { '410': [on410('No Answer'), on410('Ringing'), on410('Connected')] }));
      return hold(req, res, 31);
    });
    t.connector.start(t.sink);
    await until(() => lastSeqs(t.server).includes(30));
    const requests = polls(t.server).map((r) => [r.params.get('exten'), r.params.get('lastSequenceNumber'), r.params.get('timeOut')]);
    expect(requests.slice(0, 6)).toEqual([
      ['400,410,420', '0', '0'],
      ['400,410,420', '28', '1'],
      ['410', '0', '0'],
      // The confirmation failed: `last` stayed 28, the server replays, the candidate is asked about again.
      ['400,410,420', '28', '1'],
      ['410', '0', '0'],
      ['400,410,420', '30', '1'],
    ]);
    const legEvents = t.events().filter((e) => e.type === 'leg.upsert' || e.type === 'leg.end');
    expect(legEvents.map((e) => [e.type, e.type === 'leg.upsert' ? `${e.leg.legId}|${e.leg.state}` : `${e.legId}|${e.outcome}`])).toEqual([
      ['leg.end', `hq:410:${Q}|no_answer`],
      ['leg.upsert', `hq:410:${Q}~r2|talking`],
    ]);
    expect(t.statuses.map(([status]) => status)).toEqual(['connecting', 'live', 'down', 'live']);
  });

  it('takes over the legs a previous process stored before its first snapshot (a restart during round 2)', async () => {
    const Q = '1700000000.42';
    const on410 = (status: string) => entry({ status, uniqueCallId: Q, callerId: '0299990000', isQueueCall: true, canAnswer: true });
    const round2 = {
      id: `hq:410:${Q}~r2`, vendorCallId: Q, direction: 'inbound' as const, peer: { number: '0299990000', name: null }, state: 'ringing' as const,
      startedAt: '2024-05-01T10:00:00.000Z', answeredAt: null, queueId: 'hq:__unknown__', recording: 'off' as const, canAnswer: true,
    };
    const storedLiveLegs = () => [
      { id: 'hq:410', connectionId: 'hq', number: '410', name: null, kind: 'phone' as const, state: 'ringing' as const, since: round2.startedAt, calls: [round2] },
    ];
    const t = await setup((req, res) => (isSnapshot(req) ? sendJson(res, reply(28, { '410': [on410('Ringing')] })) : hold(req, res, 28)), { ...fast, storedLiveLegs });
    t.connector.start(t.sink);
    await until(() => t.batches.length >= 2);
    expect(t.batches[1]).toMatchObject([{ type: 'extensions.resync', legs: [{ legId: round2.id, state: 'ringing' }] }]);
    expect(t.lines.some((line) => line.includes('Noojee legs of the previous process taken over'))).toBe(true);
  });

  describe('a later round ending and the queue ringing 410 again in one long-poll reply', () => {
    const Q = '1700000000.42';
    const on410 = (status: string) => entry({ status, uniqueCallId: Q, callerId: '0299990000', isQueueCall: true, canAnswer: status === 'Ringing' });
    const round2 = {
      id: `hq:410:${Q}~r2`, vendorCallId: Q, direction: 'inbound' as const, peer: { number: '0299990000', name: null }, state: 'ringing' as const,
      startedAt: '2024-05-01T10:00:00.000Z', answeredAt: null, queueId: 'hq:__unknown__', recording: 'off' as const, canAnswer: true,
    };
    const storedLiveLegs = () => [
      { id: 'hq:410', connectionId: 'hq', number: '410', name: null, kind: 'phone' as const, state: 'ringing' as const, since: round2.startedAt, calls: [round2] },
    ];
    /** Round 2 ringing; the poll from 28 answers `seq` with round 2's No Answer and the re-ring. */
    async function run(seq: number, confirmFailures: number) {
      let failures = confirmFailures;
      const t = await setup((req, res) => {
        if (isSnapshot(req) && req.params.get('exten') === '400,410,420') return sendJson(res, reply(28, { '410': [on410('Ringing')] }));
        if (isSnapshot(req)) {
          if (failures-- > 0) return sendJson(res, { Message: 'try later', Code: -1 });
          return sendJson(res, reply(seq, { '410': [on410('Ringing')] }));
        }
        if (req.params.get('lastSequenceNumber') === '28') return sendJson(res, reply(seq, { '410': [on410('No Answer'), on410('Ringing')] }));
        return hold(req, res, seq);
      }, { ...fast, storedLiveLegs });
      t.connector.start(t.sink);
      await until(() => lastSeqs(t.server).includes(seq));
      return t.events().flatMap((e) => (e.type === 'leg.end' ? [`end ${e.legId}|${e.outcome}`] : e.type === 'leg.upsert' ? [`upsert ${e.leg.legId}|${e.leg.state}`] : []));
    }

    it('a reply of only new entries (2 entries, seq 28 → 30): round 2 ends no_answer and round 3 rings', async () => {
      expect(await run(30, 0)).toEqual([`end hq:410:${Q}~r2|no_answer`, `upsert hq:410:${Q}~r3|ringing`]);
    });

    it('the re-ring survives a failed confirmation: the retried reply is a replay, but the pending round 3 stays', async () => {
      expect(await run(30, 1)).toEqual([`end hq:410:${Q}~r2|no_answer`, `upsert hq:410:${Q}~r3|ringing`]);
    });

    it('more entries than the seq advanced (28 → 29) means a server replay: nothing is merged or made up', async () => {
      expect(await run(29, 0)).toEqual([]);
    });
  });

  it('announces extensions, takes a snapshot, then long-polls from its seq and applies the entries', async () => {
    const t = await setup((req, res) => {
      if (isSnapshot(req)) return sendJson(res, snapshot28);
      if (req.params.get('lastSequenceNumber') === '28') return sendJson(res, sample.second);
      return hold(req, res, 36);
    });
    t.connector.start(t.sink);
    await until(() => t.batches.length >= 3 && polls(t.server).length >= 3);
    const [known, snap, events] = t.batches;
    expect(known?.map((e) => e.type)).toEqual(['extensions.known']);
    expect(snap).toMatchObject([{ type: 'extensions.resync', extensions: ['400', '410', '420'], legs: [{ legId: 'hq:410:1412750652.496' }] }]);
    expect(events?.map((e) => e.type)).toEqual(['leg.upsert', 'leg.upsert']);
    const [first, second, third] = polls(t.server);
    expect(Object.fromEntries(first?.params ?? [])).toMatchObject({ exten: '400,410,420', lastSequenceNumber: '0', timeOut: '0' });
    expect(Object.fromEntries(second?.params ?? [])).toMatchObject({ lastSequenceNumber: '28', timeOut: '1' });
    expect(third?.params.get('lastSequenceNumber')).toBe('36');
    expect(t.statuses).toEqual([
      ['connecting', null],
      ['live', null],
    ]);
  });

  describe('the stored sequence number (a restart resumes where the previous process stopped)', () => {
    const handler: FakeHandler = (req, res) => {
      if (isSnapshot(req)) return sendJson(res, snapshot28);
      if (req.params.get('lastSequenceNumber') === '28') return sendJson(res, sample.second);
      return hold(req, res, 36);
    };
    /** A first process runs to seq 36 and stores its positions; returns the last one. */
    async function previousProcess() {
      const t = await setup(handler);
      t.connector.start(t.sink);
      await until(() => t.positions.length >= 2);
      await t.connector.stop();
      expect(t.positions.map((p) => (JSON.parse(p) as { seq: number }).seq)).toEqual([28, 36]);
      t.server.requests.length = 0;
      return { position: t.positions.at(-1)!, server: t.server };
    }

    it('replays from it instead of taking a snapshot', async () => {
      const { position, server } = await previousProcess();
      const t = await setup(handler, { ...fast, storedStreamPosition: () => ({ position, at: new Date() }) }, server);
      t.connector.start(t.sink);
      await until(() => polls(t.server).length >= 1);
      expect(Object.fromEntries(polls(t.server)[0]?.params ?? [])).toMatchObject({ lastSequenceNumber: '36', timeOut: '1' });
      expect(t.lines.some((line) => line.includes('resuming from the stored sequence number'))).toBe(true);
    });

    it.each<[string, (position: string) => { position: string; at: Date }]>([
      ['older than the replay window', (position) => ({ position, at: new Date(Date.now() - 6 * 60_000) })],
      ['of another extension list or server', (position) => ({ position: position.replace(/"stream":"[^"]+"/, '"stream":"0000"'), at: new Date() })],
      ['unreadable', () => ({ position: 'seq=36', at: new Date() })],
    ])('starts from a snapshot when it is %s', async (_name, stored) => {
      const { position, server } = await previousProcess();
      const t = await setup(handler, { ...fast, storedStreamPosition: () => stored(position) }, server);
      t.connector.start(t.sink);
      await until(() => polls(t.server).length >= 1);
      expect(polls(t.server)[0]?.params.get('lastSequenceNumber')).toBe('0');
    });
  });

  it('waits out a long poll held past its timeOut without calling it a failure (read timeout ≥ timeOut + 10 s)', async () => {
    const t = await setup((req, res) => {
      if (isSnapshot(req)) return sendJson(res, snapshot28);
      const timer = setTimeout(() => sendJson(res, sample.second), 1_400);
      res.on('close', () => clearTimeout(timer));
    });
    t.connector.start(t.sink);
    await until(() => t.events().some((e) => e.type === 'leg.upsert'));
    expect(t.statuses.map(([s]) => s)).toEqual(['connecting', 'live']);
  });

  it.each<[string, (res: ServerResponse) => void, RegExp]>([
    ['a 503', (res) => sendText(res, 'Service Unavailable', 503), /HTTP 503/],
    ['a non-JSON 200', (res) => sendText(res, 'OK', 200), /not JSON/],
    ['an HTML 404', (res) => sendText(res, '<html><h1>Not Found</h1></html>', 404, 'text/html'), /HTTP 404\.$/],
    ['Code < 0', (res) => sendJson(res, { Message: 'Invalid apiKey', Code: -1 }), /Noojee refused subscribe: Invalid apiKey/],
    ['a dropped connection', (res) => res.socket?.destroy(), /Could not reach the Noojee server/],
  ])('after %s: reports down, keeps `last`, backs off, recovers to live', async (_name, fail, message) => {
    let failuresLeft = 2;
    const t = await setup((req, res) => {
      if (isSnapshot(req)) return sendJson(res, snapshot28);
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        return fail(res);
      }
      if (req.params.get('lastSequenceNumber') === '28') return sendJson(res, sample.second);
      return hold(req, res, 36);
    });
    t.connector.start(t.sink);
    await until(() => t.events().some((e) => e.type === 'leg.upsert'));
    expect(lastSeqs(t.server).slice(0, 4)).toEqual([0, 28, 28, 28]);
    expect(t.statuses.map(([s]) => s)).toEqual(['connecting', 'live', 'down', 'live']);
    expect(t.statuses[2]?.[1]).toMatch(message);
    expect(t.server.maxInFlight).toBe(1);
  });

  it('reports down from the start when the first snapshot fails, and never gives up', async () => {
    let calls = 0;
    const t = await setup((req, res) => {
      calls += 1;
      if (calls <= 3) return sendText(res, 'busy', 502);
      return isSnapshot(req) ? sendJson(res, snapshot28) : hold(req, res, 28);
    });
    t.connector.start(t.sink);
    await until(() => t.statuses.some(([s]) => s === 'live'));
    expect(t.statuses).toEqual([
      ['connecting', null],
      ['down', 'The Noojee server answered subscribe with HTTP 502.'],
      ['live', null],
    ]);
    expect(lastSeqs(t.server).slice(0, 4)).toEqual([0, 0, 0, 0]);
  });

  it('resyncs from a snapshot when seq goes backwards (server restart), ignoring that reply’s entries', async () => {
    let restarted = false;
    const t = await setup((req, res) => {
      if (isSnapshot(req)) {
        return sendJson(res, restarted ? reply(3, { '420': [entry({ status: 'Connected', uniqueCallId: 'NEW', callerId: '0299998888' })] }) : snapshot28);
      }
      if (!restarted && req.params.get('lastSequenceNumber') === '28') {
        restarted = true;
        return sendJson(res, reply(2, { '400': [entry({ status: 'Ringing', uniqueCallId: 'STALE', callerId: '0211112222' })] }));
      }
      return hold(req, res, 3);
    });
    t.connector.start(t.sink);
    await until(() => polls(t.server).length >= 4);
    expect(lastSeqs(t.server).slice(0, 4)).toEqual([0, 28, 0, 3]);
    const resyncs = t.events().filter((e) => e.type === 'extensions.resync');
    expect(resyncs).toHaveLength(2);
    expect(resyncs[1]).toMatchObject({ legs: [{ legId: 'hq:420:NEW', state: 'talking' }] });
    expect(JSON.stringify(t.events())).not.toContain('STALE');
  });

  it('resyncs from a snapshot instead of replaying after an outage longer than the replay window', async () => {
    let failuresLeft = 3;
    const t = await setup(
      (req, res) => {
        if (isSnapshot(req)) return sendJson(res, snapshot28);
        if (failuresLeft-- > 0) return sendText(res, 'down', 503);
        return hold(req, res, 28);
      },
      { ...fast, replayWindowMs: 150 },
    );
    t.connector.start(t.sink);
    await until(() => t.events().filter((e) => e.type === 'extensions.resync').length === 2);
    expect(lastSeqs(t.server)).toContain(0);
    expect(lastSeqs(t.server).slice(0, 2)).toEqual([0, 28]);
    expect(lastSeqs(t.server).lastIndexOf(0)).toBeGreaterThan(1);
  });

  it('never polls faster than every 100 ms, one poll at a time (A4)', async () => {
    let seq = 28;
    const t = await setup((req, res) => sendJson(res, isSnapshot(req) ? snapshot28 : { Data: {}, seq: ++seq, Code: 0 }), {});
    t.connector.start(t.sink);
    await until(() => polls(t.server).length >= 6);
    await t.connector.stop();
    const times = polls(t.server).map((r) => r.receivedAt);
    const gaps = times.slice(1).map((time, i) => time - (times[i] ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(80);
    expect(t.server.maxInFlight).toBe(1);
  });

  it('paces repeated snapshots when the server has never assigned a sequence (seq 0)', async () => {
    const t = await setup((_req, res) => sendJson(res, { Data: {}, seq: 0, Code: 0 }), { backoff: { baseMs: 300, capMs: 300 } });
    t.connector.start(t.sink);
    await until(() => polls(t.server).length >= 2);
    const [first, second] = polls(t.server);
    expect(lastSeqs(t.server).slice(0, 2)).toEqual([0, 0]);
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(295);
  });

  it('stop() aborts the in-flight long poll and resolves promptly', async () => {
    const t = await setup((req, res) => (isSnapshot(req) ? sendJson(res, snapshot28) : void res));
    t.connector.start(t.sink);
    await until(() => polls(t.server).length >= 2);
    const started = performance.now();
    await t.connector.stop();
    expect(performance.now() - started).toBeLessThan(500);
    const after = polls(t.server).length;
    await new Promise((r) => setTimeout(r, 150));
    expect(polls(t.server).length).toBe(after);
  });

  it('stop() also ends a backoff wait promptly', async () => {
    const t = await setup((_req, res) => sendText(res, 'down', 500), { backoff: { baseMs: 60_000, capMs: 60_000, random: () => 0.99 } });
    t.connector.start(t.sink);
    await until(() => t.statuses.some(([s]) => s === 'down'));
    const started = performance.now();
    await t.connector.stop();
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('keeps the apiKey out of every log line and status error', async () => {
    let calls = 0;
    const t = await setup((req, res) => {
      calls += 1;
      const echo = `${req.rawUrl} key=${req.params.get('apiKey')}`;
      if (calls === 1) return sendJson(res, { Message: echo, Code: -1 });
      if (calls === 2) return sendText(res, `<html>${echo}</html>`, 404, 'text/html');
      if (calls === 3) return void res.socket?.destroy();
      return isSnapshot(req) ? sendJson(res, snapshot28) : hold(req, res, 28);
    });
    t.connector.start(t.sink);
    await until(() => t.statuses.some(([s]) => s === 'live'));
    const texts = [...t.lines, ...t.statuses.map(([, e]) => e ?? '')];
    expect(t.lines.length).toBeGreaterThan(3);
    for (const text of texts) {
      expect(text).not.toContain(apiKey);
      expect(text).not.toContain('SECRET');
    }
  });
});

describe('NoojeeConnector: commands', () => {
  async function commandSetup(answer: (req: FakeRequest, res: ServerResponse) => void) {
    return setup((req, res) => {
      if (req.path.endsWith('/subscribe')) return isSnapshot(req) ? sendJson(res, snapshot28) : hold(req, res, 28);
      return answer(req, res);
    });
  }

  it('declares its capabilities', () => {
    const connector = new NoojeeConnector(
      ZNoojeeConnection.parse({ id: 'hq', vendor: 'noojee', name: 'HQ', baseUrl: 'https://pbx.example', apiKey, extensions: ['400'] }),
    );
    expect(connector).toMatchObject({ id: 'hq', vendor: 'noojee', name: 'HQ', capabilities: { record: true, answer: true, dial: true, hooks: false } });
  });

  it('starts and stops recording and answers by uniqueCallId', async () => {
    const t = await commandSetup((_req, res) => sendJson(res, { Message: 'ok', Code: 0 }));
    const leg = { extension: '410', vendorCallId: sample.call1 };
    await t.connector.startRecording(leg);
    await t.connector.stopRecording(leg);
    await t.connector.answer(leg);
    const sent = t.server.requests.map((r) => [r.path.split('/').pop(), Object.fromEntries(r.params)]);
    expect(sent).toEqual([
      ['start', { extenOrUniqueId: sample.call1, apiKey }],
      ['stop', { extenOrUniqueId: sample.call1, apiKey }],
      ['answer', { uniqueId: sample.call1, exten: '410', answerString: DEFAULT_ANSWER_STRING, apiKey }],
    ]);
  });

  it('uses the id the PBX switched to (A5) for commands on a connected leg', async () => {
    let step = 0;
    const t = await setup((req, res) => {
      if (!req.path.endsWith('/subscribe')) return sendJson(res, { Message: 'ok', Code: 0 });
      step += 1;
      if (step === 1) return sendJson(res, snapshot28);
      if (step === 2) return sendJson(res, reply(30, { '410': [entry({ status: 'Connected', uniqueCallId: '1412750660.499', callerId: '400' })] }));
      return hold(req, res, 30);
    });
    t.connector.start(t.sink);
    await until(() => t.events().some((e) => e.type === 'leg.upsert'));
    await t.connector.startRecording({ extension: '410', vendorCallId: sample.call1 });
    expect(t.server.requests.find((r) => r.path.endsWith('/start'))?.params.get('extenOrUniqueId')).toBe('1412750660.499');
  });

  it('uses a configured answerString', async () => {
    const t = await setup((_req, res) => sendJson(res, { Message: 'ok', Code: 0 }), { answerString: 'Alert-Info: Ring Answer' });
    await t.connector.answer({ extension: '410', vendorCallId: '1.2' });
    expect(t.server.requests[0]?.rawUrl).toContain('answerString=Alert-Info%3A+Ring+Answer');
  });

  it('throws CommandError rejected with the vendor Message when Code < 0', async () => {
    const t = await commandSetup((_req, res) => sendJson(res, { Message: 'No active channel', Code: -4 }));
    const error = await t.connector.startRecording({ extension: '410', vendorCallId: '1.2' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect(error).toMatchObject({ reason: 'rejected', message: 'No active channel' });
  });

  it('throws CommandError unreachable on HTTP failures and when the server is gone', async () => {
    const t = await commandSetup((_req, res) => sendText(res, 'oops', 500));
    const httpError = await t.connector.answer({ extension: '410', vendorCallId: '1.2' }).catch((e: unknown) => e);
    expect(httpError).toMatchObject({ reason: 'unreachable', message: 'The Noojee server answered answer with HTTP 500.' });
    await t.server.close();
    const gone = await t.connector.stopRecording({ extension: '410', vendorCallId: '1.2' }).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(CommandError);
    expect(gone).toMatchObject({ reason: 'unreachable' });
    expect((gone as Error).message).not.toContain(apiKey);
  });
});
