import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createNoojeeClient, type NoojeeClient } from './client';
import { captureLogger, sendJson, sendText, startFakeNoojee, type FakeHandler, type FakeNoojee } from './fake-noojee-server';
import { sample } from './fixtures';
import { NoojeeError } from './noojee-error';

const apiKey = 'f863246a-973e-11e6-8784-SECRET+/=';
const base = '/servicemanager/rest/CallManagementAPI';

let fake: FakeNoojee | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(handler: FakeHandler, timeoutMs = 2_000): Promise<{ client: NoojeeClient; lines: string[]; server: FakeNoojee }> {
  fake = await startFakeNoojee(handler);
  const { logger, lines } = captureLogger();
  return { client: createNoojeeClient({ baseUrl: `${fake.url}/`, apiKey, requestTimeoutMs: timeoutMs, logger }), lines, server: fake };
}

async function failure(promise: Promise<unknown>): Promise<NoojeeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NoojeeError);
  return error as NoojeeError;
}

function expectNoKey(texts: string[]): void {
  for (const text of texts) {
    expect(text).not.toContain(apiKey);
    expect(text).not.toContain(encodeURIComponent(apiKey));
    expect(text).not.toContain('f863246a');
  }
}

describe('Noojee client: requests (A1)', () => {
  it('POSTs subscribe with query-string parameters, an empty body and the form content type', async () => {
    const { client, server } = await setup((_req, res) => sendJson(res, sample.first));
    const reply = await client.subscribe({ extensions: ['400', '410', '410'], lastSequenceNumber: 28, timeOutS: 25, readTimeoutMs: 35_000 });
    expect(reply.seq).toBe(32);
    const [req] = server.requests;
    expect(req?.method).toBe('POST');
    expect(req?.path).toBe(`${base}/subscribe`);
    expect(req?.body).toBe('');
    expect(req?.headers['content-type']).toBe('application/x-www-form-urlencoded; charset=UTF-8');
    expect(Object.fromEntries(req?.params ?? [])).toEqual({ exten: '400,410', lastSequenceNumber: '28', timeOut: '25', apiKey });
  });

  it('URL-encodes answerString and sends the bare extension to answer (A6)', async () => {
    const { client, server } = await setup((_req, res) => sendJson(res, { Message: 'Answered', Code: 0 }));
    await client.answer({ uniqueId: '1412750652.496', exten: '410', answerString: 'Call-info:answer-after=0' });
    const [req] = server.requests;
    expect(req?.path).toBe(`${base}/answer`);
    expect(req?.rawUrl).toContain('answerString=Call-info%3Aanswer-after%3D0');
    expect(req?.params.get('exten')).toBe('410');
    expect(req?.params.get('uniqueId')).toBe('1412750652.496');
  });

  it('sends start/stop/hangup by uniqueCallId, lower-case tag only on start, optional agentLoginName', async () => {
    const { client, server } = await setup((_req, res) => sendJson(res, { Message: 'ok', Code: 0 }));
    await client.start({ uniqueCallId: '3412341214.123', tag: '22', agentLoginName: 'Fred' });
    await client.start({ uniqueCallId: '3412341214.123' });
    await client.stop({ uniqueCallId: '12347811.214' });
    await client.hangup({ uniqueCallId: '342082345-238.234' });
    const seen = server.requests.map((r) => [r.path.slice(base.length + 1), Object.fromEntries(r.params)]);
    expect(seen).toEqual([
      ['start', { extenOrUniqueId: '3412341214.123', tag: '22', agentLoginName: 'Fred', apiKey }],
      ['start', { extenOrUniqueId: '3412341214.123', apiKey }],
      ['stop', { extenOrUniqueId: '12347811.214', apiKey }],
      ['hangup', { extenOrUniqueId: '342082345-238.234', apiKey }],
    ]);
  });

  it('dials with a tech-prefixed extension and monitored=yes (A8), reading SessionID as text', async () => {
    const { client, server } = await setup((_req, res) => sendJson(res, { SessionID: 4711, Message: 'Dialing', Code: 0 }));
    const reply = await client.dial({ number: '0383208100', extension: '400', tech: 'SIP' });
    expect(reply.SessionID).toBe('4711');
    expect(Object.fromEntries(server.requests[0]?.params ?? [])).toEqual({ number: '0383208100', extenOrUniqueId: 'SIP/400', monitored: 'yes', apiKey });
  });
});

describe('Noojee client: failures (§7.2, A13)', () => {
  it('Code < 0 with HTTP 200 is a refusal carrying the vendor Message', async () => {
    const { client } = await setup((_req, res) => sendJson(res, { Message: 'No active channel for 1.2', Code: -3 }));
    const error = await failure(client.start({ uniqueCallId: '1.2' }));
    expect(error.kind).toBe('rejected');
    expect(error.details).toMatchObject({ code: -3, status: 200, vendorMessage: 'No active channel for 1.2' });
    expect(error.message).toBe('Noojee refused start: No active channel for 1.2.');
  });

  it('Code < 0 with a non-2xx status is still a refusal', async () => {
    const { client } = await setup((_req, res) => sendJson(res, { Message: 'Expired TimeStamp', Code: -1 }, 401));
    expect((await failure(client.hangup({ uniqueCallId: '1.2' }))).kind).toBe('rejected');
  });

  it('Code > 0 succeeds with a logged warning', async () => {
    const { client, lines } = await setup((_req, res) => sendJson(res, { Message: 'Already recording', Code: 2 }));
    await expect(client.start({ uniqueCallId: '1.2' })).resolves.toMatchObject({ Code: 2 });
    expect(lines.some((l) => l.includes('"level":40') && l.includes('Already recording'))).toBe(true);
  });

  it.each([
    ['a 503 with a text body', 503, 'Service Unavailable', 'text/plain'],
    ['a 404 HTML page', 404, '<html><body><h1>404</h1><p>/servicemanager/rest/CallManagementAPI/nope</p></body></html>', 'text/html'],
    ['a 500 with an empty body', 500, '', 'text/plain'],
  ])('%s is an HTTP failure whose message quotes no body', async (_name, status, body, type) => {
    const { client } = await setup((_req, res) => sendText(res, body, status, type));
    const error = await failure(client.subscribe({ extensions: ['400'], lastSequenceNumber: 0, timeOutS: 0, readTimeoutMs: 2_000 }));
    expect(error.kind).toBe('http');
    expect(error.details.status).toBe(status);
    expect(error.message).toBe(`The Noojee server answered subscribe with HTTP ${status}.`);
  });

  it('a 200 that is not JSON, or JSON of the wrong shape, is invalid', async () => {
    let body = 'OK';
    const { client } = await setup((_req, res) => sendText(res, body, 200));
    const params = { extensions: ['400'], lastSequenceNumber: 0, timeOutS: 0, readTimeoutMs: 2_000 };
    expect((await failure(client.subscribe(params))).message).toContain('not JSON');
    body = JSON.stringify({ Data: {}, Code: 0 });
    expect((await failure(client.subscribe(params))).message).toContain('unexpected shape');
  });

  it.each([
    ['before the headers', (res: ServerResponse) => res.socket?.destroy()],
    ['mid-body', (res: ServerResponse) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' }).write('{"Data":{"410":[');
      setTimeout(() => res.socket?.destroy(), 20);
    }],
  ])('a connection dropped %s is a network failure', async (_when, drop) => {
    const { client } = await setup((_req, res) => drop(res));
    const error = await failure(client.subscribe({ extensions: ['400'], lastSequenceNumber: 7, timeOutS: 25, readTimeoutMs: 35_000 }));
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(/^Could not reach the Noojee server at http:\/\/127\.0\.0\.1:\d+: the connection was (dropped|reset)\.$/);
  });

  it('a refused connection is a network failure', async () => {
    const { server } = await setup((_req, res) => sendJson(res, {}));
    const url = server.url;
    await server.close();
    fake = undefined;
    const client = createNoojeeClient({ baseUrl: url, apiKey, requestTimeoutMs: 2_000 });
    const error = await failure(client.hangup({ uniqueCallId: '1.2' }));
    expect(error.kind).toBe('network');
    expect(error.message).toContain('connection refused');
  });

  it('a server that never answers times out; an aborted signal is reported as aborted', async () => {
    const { client } = await setup(() => {}, 150);
    const timedOut = await failure(client.start({ uniqueCallId: '1.2' }));
    expect(timedOut.kind).toBe('timeout');
    const abort = new AbortController();
    const pending = client.subscribe({ extensions: ['400'], lastSequenceNumber: 5, timeOutS: 25, readTimeoutMs: 35_000, signal: abort.signal });
    setTimeout(() => abort.abort(), 50);
    expect((await failure(pending)).kind).toBe('aborted');
  });
});

describe('Noojee client: the apiKey stays secret (§7.1)', () => {
  it('never appears in error messages or log lines, even when the server echoes it', async () => {
    const { client, lines } = await setup((req, res) => {
      const echo = `bad key ${req.params.get('apiKey')} in ${req.rawUrl}`;
      if (req.path.endsWith('/start')) return sendJson(res, { Message: echo, Code: -2 });
      if (req.path.endsWith('/stop')) return sendJson(res, { Message: echo, Code: 1 });
      if (req.path.endsWith('/hangup')) return sendJson(res, { Message: echo, Code: 0 }, 500);
      return sendText(res, `<html>${echo}</html>`, 404, 'text/html');
    });
    const messages: string[] = [];
    for (const attempt of [
      client.start({ uniqueCallId: '1.2' }),
      client.hangup({ uniqueCallId: '1.2' }),
      client.answer({ uniqueId: '1.2', exten: '410', answerString: 'x' }),
    ]) {
      messages.push((await failure(attempt)).message);
    }
    await client.stop({ uniqueCallId: '1.2' });
    expect(messages[0]).toContain('bad key [redacted]');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.some((l) => l.includes('apiKey=[redacted]'))).toBe(true);
    expectNoKey([...messages, ...lines]);
  });
});
