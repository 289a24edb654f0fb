import { afterEach, describe, expect, it } from 'vitest';
import { createTelphinClient, type TelphinClientOptions } from './client';
import { captureLogger, FAKE_APP_ID, FAKE_APP_SECRET, json, startFakeTelphin, type FakeTelphin, type FakeTelphinOptions } from './fake-telphin-server';
import { TelphinError } from './telphin-error';

let fake: FakeTelphin | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(fakeOptions: FakeTelphinOptions = {}, clientOptions: Partial<TelphinClientOptions> = {}) {
  fake = await startFakeTelphin(fakeOptions);
  const { logger, lines } = captureLogger();
  const slept: number[] = [];
  const client = createTelphinClient({
    baseUrl: `${fake.url}/`,
    clientId: FAKE_APP_ID,
    clientSecret: FAKE_APP_SECRET,
    logger,
    requestTimeoutMs: 2_000,
    sleep: async (ms) => void slept.push(ms),
    ...clientOptions,
  });
  return { client, lines, slept, server: fake };
}

async function failure(promise: Promise<unknown>): Promise<TelphinError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TelphinError);
  return error as TelphinError;
}

const tokenRequests = (server: FakeTelphin) => server.requests.filter((r) => r.path === '/oauth/token');
const apiRequests = (server: FakeTelphin) => server.requests.filter((r) => r.path.startsWith('/api/'));

describe('Telphin client: OAuth (§2)', () => {
  it('asks for a client_credentials token with a form body and sends it as a Bearer token', async () => {
    const { client, server } = await setup();
    expect(await client.user()).toMatchObject({ client_id: '42', login: 'admin' });
    const [token] = tokenRequests(server);
    expect(token?.method).toBe('POST');
    expect(token?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(token?.body))).toEqual({ grant_type: 'client_credentials', client_id: FAKE_APP_ID, client_secret: FAKE_APP_SECRET });
    const [user] = apiRequests(server);
    expect(user?.path).toBe('/api/ver1.0/user');
    expect(user?.headers.authorization).toBe(`Bearer ${server.issuedTokens[0]}`);
  });

  it('caches the token, and concurrent first requests share one token request', async () => {
    const { client, server } = await setup();
    await Promise.all([client.user(), client.user(), client.currentCalls('42')]);
    await client.user();
    expect(tokenRequests(server)).toHaveLength(1);
    expect(apiRequests(server)).toHaveLength(4);
  });

  it('renews the token before expires_in runs out', async () => {
    let nowMs = 1_000_000;
    const { client, server } = await setup({ tokenTtlS: 3600 }, { now: () => nowMs, renewBeforeMs: 60_000 });
    await client.user();
    nowMs += 3600_000 - 61_000;
    await client.user();
    expect(tokenRequests(server)).toHaveLength(1);
    nowMs += 2_000; // now within the last minute of the token's life
    await client.user();
    expect(tokenRequests(server)).toHaveLength(2);
    expect(apiRequests(server).at(-1)?.headers.authorization).toBe(`Bearer ${server.issuedTokens[1]}`);
  });

  it('retries exactly once with a fresh token after a 401', async () => {
    const { client, server } = await setup();
    await client.user();
    server.revokeTokens();
    expect(await client.user()).toMatchObject({ client_id: '42' });
    expect(tokenRequests(server)).toHaveLength(2);
    expect(apiRequests(server).map((r) => r.headers.authorization)).toEqual([
      `Bearer ${server.issuedTokens[0]}`,
      `Bearer ${server.issuedTokens[0]}`,
      `Bearer ${server.issuedTokens[1]}`,
    ]);
  });

  it('gives up after the retry is refused too', async () => {
    const { client, server } = await setup();
    server.intercept = (req, res) => (req.path.startsWith('/api/') ? (json(res, 401, { message: 'Unauthorized' }), true) : false);
    const error = await failure(client.user());
    expect(error.kind).toBe('auth');
    expect(error.message).toBe('Telphin answered GET /user with HTTP 401: Unauthorized.');
    expect(apiRequests(server)).toHaveLength(2);
    expect(tokenRequests(server)).toHaveLength(2);
  });

  it('reports refused app credentials in plain words', async () => {
    const { client } = await setup({ appSecret: 'another-secret' });
    const error = await failure(client.user());
    expect(error.kind).toBe('auth');
    expect(error.message).toBe('Telphin refused the app credentials (HTTP 401): Invalid client credentials. Check the App ID and App Secret.');
  });

  it('reads an OAuth-style error body too', async () => {
    const { client, server } = await setup();
    server.intercept = (req, res) => (req.path === '/oauth/token' ? (json(res, 400, { error: 'invalid_client', error_description: 'Client is blocked' }), true) : false);
    expect((await failure(client.user())).message).toContain(': Client is blocked.');
  });
});

describe('Telphin client: 429 back-off (§8.6)', () => {
  it('honours Retry-After, then succeeds', async () => {
    const { client, server, slept } = await setup();
    let limited = 2;
    server.intercept = (req, res) => {
      if (req.path.startsWith('/api/') && limited-- > 0) return (json(res, 429, { message: 'Too many requests' }, { 'retry-after': '2' }), true);
      return false;
    };
    expect(await client.user()).toMatchObject({ client_id: '42' });
    expect(slept).toEqual([2000, 2000]);
  });

  it('backs off exponentially without Retry-After and gives up with the vendor message', async () => {
    const { client, server, slept } = await setup({}, { rateLimit: { baseMs: 100, capMs: 250, maxRetries: 3 } });
    server.intercept = (req, res) => (req.path.startsWith('/api/') ? (json(res, 429, { message: 'Stats request already exists, concurrent request not allowed' }), true) : false);
    const error = await failure(client.currentCalls('42'));
    expect(error.kind).toBe('rate_limited');
    expect(error.details.vendorMessage).toBe('Stats request already exists, concurrent request not allowed');
    expect(slept).toEqual([100, 200, 250]);
    expect(apiRequests(server)).toHaveLength(4);
  });

  it('waits for real by default (Retry-After 0 means at once)', async () => {
    const { client, server } = await setup({}, { sleep: undefined });
    let limited = true;
    server.intercept = (req, res) => (req.path.startsWith('/api/') && limited ? ((limited = false), json(res, 429, {}, { 'retry-after': '0' }), true) : false);
    await client.user();
    expect(apiRequests(server)).toHaveLength(2);
  });
});

describe('Telphin client: resources', () => {
  it('pages through extensions until a short page', async () => {
    const extensions = Array.from({ length: 7 }, (_, i) => ({ id: 200 + i, name: `000*${300 + i}`, type: 'phone' }));
    const { client, server } = await setup({ extensions });
    const all = await client.allExtensions('42', { type: 'phone', per_page: 3 });
    expect(all.map((e) => e.name)).toEqual(extensions.map((e) => e.name));
    expect(apiRequests(server).map((r) => Object.fromEntries(r.query))).toEqual(
      [1, 2, 3].map((page) => ({ type: 'phone', page: String(page), per_page: '3' })),
    );
  });

  it('stops paging when a server ignores page and repeats itself', async () => {
    const { client, server } = await setup();
    server.intercept = (req, res) => (req.path.endsWith('/extension/') ? (json(res, 200, [{ id: 1, name: '000*101', type: 'phone' }]), true) : false);
    expect(await client.allExtensions('42', { per_page: 1 })).toHaveLength(1);
    expect(apiRequests(server)).toHaveLength(2);
  });

  it('skips malformed entries instead of failing the list', async () => {
    const { client, server } = await setup();
    server.intercept = (req, res) => (req.path.endsWith('/extension/') ? (json(res, 200, [{ id: 1, name: '000*101', type: 'phone' }, { nope: true }]), true) : false);
    expect(await client.extensions('42')).toHaveLength(1);
  });

  it('creates, reads, updates, lists and deletes hooks on /extension/{id}/event/', async () => {
    const { client, server } = await setup();
    const hook = { url: 'https://linesight.example/hooks/ru/dial-in?token=abc', method: 'POST' as const, event_type: 'dial-in' };
    const created = await client.createHook('176', hook);
    expect(created).toMatchObject({ ...hook, id: expect.any(String) });
    expect(await client.getHook('176', created.id)).toMatchObject(hook);
    expect(await client.updateHook('176', created.id, { ...hook, event_type: 'hangup' })).toMatchObject({ event_type: 'hangup', id: created.id });
    expect(await client.listHooks('176')).toHaveLength(1);
    expect(await client.deleteHook('176', created.id)).toBe('deleted');
    expect(await client.deleteHook('176', created.id)).toBe('already_deleted');
    await client.createHook('176', hook);
    await client.deleteAllHooks('176');
    expect(await client.listHooks('176')).toEqual([]);
    const post = server.requests.find((r) => r.method === 'POST' && r.path === '/api/ver1.0/extension/176/event/');
    expect(post?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(post?.body ?? '')).toEqual(hook);
  });

  it('surfaces the vendor message of a refused hook', async () => {
    const { client } = await setup({ hookLimit: 0 });
    const error = await failure(client.createHook('176', { url: 'https://x.example/hooks/ru/answer?token=t', method: 'POST', event_type: 'answer' }));
    expect(error).toMatchObject({ kind: 'http', details: { status: 400, vendorMessage: 'Events limit exceeded' } });
    expect(error.message).toBe('Telphin answered POST /extension/176/event/ with HTTP 400: Events limit exceeded.');
  });

  it('posts a callback and reads call_id', async () => {
    const { client, server } = await setup();
    expect(await client.callback('190', { src_num: ['200'], dst_num: '+79817654321' })).toEqual({
      call_api_id: '3584709739-5205dc5c-c5a4-11e5-ab9e-b3691b90ea15',
      call_id: '5205dc5cc5a411e5ab9eb3691b90ea15',
    });
    expect(server.callbacks).toEqual([{ extensionId: 190, src_num: ['200'], dst_num: '+79817654321' }]);
  });

  it('reads current calls, skipping malformed entries', async () => {
    const { client, server } = await setup();
    server.currentCalls = [{ call_api_id: '1-abc', extension_id: 176, called_extension: { id: 176, name: '000*101' }, answer_time_gmt: null }, 'garbage'];
    expect(await client.currentCalls('42')).toEqual([expect.objectContaining({ call_api_id: '1-abc', extension_id: '176', answer_time_gmt: null })]);
  });

  it('falls back to @me when /user names no client (§2.3)', async () => {
    const { client, server } = await setup();
    server.intercept = (req, res) => (req.path === '/api/ver1.0/user' ? (json(res, 200, { id: 7, login: 'ext101' }), true) : false);
    const user = await client.user();
    expect(user.client_id).toBe('@me');
    expect(await client.extensions(user.client_id, { type: 'queue' })).toEqual([expect.objectContaining({ name: '000*300' })]);
    expect(apiRequests(server).at(-1)?.path).toBe('/api/ver1.0/client/@me/extension/');
  });

  it('calls a 2xx that is not the documented shape invalid', async () => {
    const { client, server } = await setup();
    server.intercept = (req, res) => (req.path === '/api/ver1.0/user' ? (json(res, 200, [{ client_id: 42 }]), true) : false);
    expect((await failure(client.user())).kind).toBe('invalid');
  });
});

describe('Telphin client: transport failures', () => {
  it('a refused connection is a network failure in plain words', async () => {
    const { server } = await setup();
    const url = server.url;
    await server.close();
    fake = undefined;
    const client = createTelphinClient({ baseUrl: url, clientId: FAKE_APP_ID, clientSecret: FAKE_APP_SECRET });
    const error = await failure(client.user());
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(/^Could not reach Telphin at http:\/\/127\.0\.0\.1:\d+: connection refused\.$/);
  });

  it('a server that never answers times out', async () => {
    const { client, server } = await setup({}, { requestTimeoutMs: 150 });
    server.intercept = (req) => req.path.startsWith('/api/');
    expect((await failure(client.user())).kind).toBe('timeout');
  });

  it('an aborted request says so', async () => {
    const { client, server } = await setup();
    server.intercept = (req) => req.path.startsWith('/api/');
    const abort = new AbortController();
    const pending = client.user(abort.signal);
    setTimeout(() => abort.abort(), 50);
    expect((await failure(pending)).kind).toBe('aborted');
  });
});

describe('Telphin client: secrets stay secret', () => {
  it('never puts the client secret or an access token in errors or log lines, even when echoed', async () => {
    const webhookToken = 'wh-token-0123456789';
    const { client, server, lines } = await setup({}, { secrets: [webhookToken] });
    await client.user();
    const token = server.issuedTokens[0]!;
    server.intercept = (req, res) => {
      if (!req.path.startsWith('/api/')) return false;
      const echo = `bad ${req.headers.authorization} secret=${FAKE_APP_SECRET} ${encodeURIComponent(FAKE_APP_SECRET)} hook ?token=${webhookToken}`;
      json(res, 403, { message: echo });
      return true;
    };
    const error = await failure(client.listHooks('176'));
    expect(error.message).toContain('bad Bearer [redacted]');
    expect(lines.length).toBeGreaterThan(2);
    for (const text of [error.message, error.details.vendorMessage ?? '', ...lines]) {
      expect(text).not.toContain(FAKE_APP_SECRET);
      expect(text).not.toContain(token);
      expect(text).not.toContain(webhookToken);
    }
  });
});
