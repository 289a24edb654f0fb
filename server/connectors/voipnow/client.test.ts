import { afterEach, describe, expect, it } from 'vitest';
import { createVoipnowClient, type VoipnowClientOptions } from './client';
import { activeCall, captureLogger, FAKE_CLIENT_ID, FAKE_CLIENT_SECRET, json, startFakeVoipnow, type FakeVoipnowOptions } from './fake-voipnow-server';
import { VoipnowError } from './voipnow-error';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(fake: FakeVoipnowOptions = {}, o: Partial<VoipnowClientOptions> = {}) {
  const server = await startFakeVoipnow(fake);
  cleanups.push(() => server.close());
  const { logger, lines } = captureLogger();
  const client = createVoipnowClient({ baseUrl: server.url, clientId: FAKE_CLIENT_ID, clientSecret: FAKE_CLIENT_SECRET, logger, ...o });
  return { server, client, lines };
}

const hookUrl = 'https://linesight.example/hooks/vn/0?token=abc';

describe('VoipNow client', () => {
  it('gets a token form-encoded at /oauth/token.php, caches it, and sends it as Bearer', async () => {
    const { server, client } = await setup();
    await client.phoneCalls();
    await client.listEvents('0003*210');
    const tokenReqs = server.requests.filter((r) => r.path === '/oauth/token.php');
    expect(tokenReqs).toHaveLength(1);
    expect(tokenReqs[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(tokenReqs[0]?.body);
    expect(Object.fromEntries(form)).toMatchObject({ grant_type: 'client_credentials', client_id: FAKE_CLIENT_ID, type: 'unifiedapi' });
    expect(form.get('redirect_uri')).toBeTruthy();
    expect(server.requests.at(-1)?.headers.authorization).toBe(`Bearer ${server.issuedTokens[0]}`);
  });

  it('renews the token before expires_in runs out', async () => {
    let clock = 0;
    const { server, client } = await setup({ tokenTtlS: 100 }, { now: () => clock });
    await client.phoneCalls();
    clock = 95_000;
    await client.phoneCalls();
    expect(server.issuedTokens).toHaveLength(2);
  });

  it.each([401, 403])('retries once with a fresh token after %i', async (status) => {
    const { server, client } = await setup();
    await client.phoneCalls();
    let refused = 0;
    server.intercept = (req, res) => {
      if (req.path.startsWith('/uapi') && refused === 0) {
        refused += 1;
        json(res, status, { error: { code: 'access_denied', message: 'You are not authorized to use this request.' } });
        return true;
      }
    };
    await client.phoneCalls();
    expect(server.issuedTokens).toHaveLength(2);
  });

  it('gives up after the second refusal with an auth error', async () => {
    const { server, client } = await setup();
    server.intercept = (req, res) => {
      if (!req.path.startsWith('/uapi')) return;
      json(res, 403, { error: { code: 'access_denied', message: 'nope' } });
      return true;
    };
    const error = await client.phoneCalls().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VoipnowError);
    expect(error).toMatchObject({ kind: 'auth', details: { status: 403, code: 'access_denied' } });
    expect(server.issuedTokens).toHaveLength(2);
  });

  it('surfaces {"error":{code,message}} and never leaks the secret or the token', async () => {
    const { server, client, lines } = await setup();
    await expect(client.listEvents('0003*999')).rejects.toMatchObject({ kind: 'http', details: { status: 400, code: 'extension_invalid', vendorMessage: 'Extension is invalid.' } });
    server.intercept = (req, res) => {
      if (!req.path.startsWith('/uapi')) return;
      json(res, 500, { error: { code: 'internal_server_error', message: `boom ${FAKE_CLIENT_SECRET} ${server.issuedTokens[0]}` } });
      return true;
    };
    const error = (await client.phoneCalls().catch((e: unknown) => e)) as VoipnowError;
    expect(error.message).toContain('HTTP 500');
    expect(error.message).not.toContain(FAKE_CLIENT_SECRET);
    expect(error.message).not.toContain(server.issuedTokens[0]);
    expect(lines.join('\n')).not.toContain(FAKE_CLIENT_SECRET);
    expect(lines.join('\n')).not.toContain(server.issuedTokens[0]);
  });

  it('reports refused credentials in plain words (OAuth-style error)', async () => {
    const { client } = await setup({ clientSecret: 'other-secret' });
    const error = (await client.phoneCalls().catch((e: unknown) => e)) as VoipnowError;
    expect(error).toMatchObject({ kind: 'auth', details: { status: 401, code: 'invalid_client' } });
    expect(error.message).toMatch(/refused the app credentials/);
    expect(error.message).not.toContain(FAKE_CLIENT_SECRET);
  });

  it('reports network failures without throwing raw errors', async () => {
    const { server, client } = await setup();
    await server.close();
    await expect(client.phoneCalls()).rejects.toMatchObject({ kind: 'network' });
  });

  it('phoneCallEvents CRUD: raw * in paths, string enums, {type}/{id} addressing, partial PUT', async () => {
    const { server, client } = await setup();
    const created = await client.createEvent('0003*210', { type: '0', method: '1', url: hookUrl, status: '1', note: 'x' });
    const post = server.requests.at(-1)!;
    expect(post.method).toBe('POST');
    expect(post.path).toBe('/uapi/extensions/@me/0003*210/phoneCallEvents');
    expect(JSON.parse(post.body)).toEqual({ type: '0', method: '1', url: hookUrl, status: '1', note: 'x' });
    expect(created.id).toMatch(/^Ev/);
    expect(await client.listEvents('0003*210')).toEqual([expect.objectContaining({ id: created.id, type: '0', url: hookUrl })]);
    expect(await client.getEvent('0003*210', '0', created.id)).toMatchObject({ id: created.id });
    await client.updateEvent('0003*210', '0', created.id, { status: '0' });
    expect(server.requests.at(-1)).toMatchObject({ method: 'PUT', path: `/uapi/extensions/@me/0003*210/phoneCallEvents/0/${created.id}` });
    expect(JSON.parse(server.requests.at(-1)!.body)).toEqual({ status: '0' });
    expect(server.events.get('0003*210')?.[0]).toMatchObject({ status: '0', method: '1', url: hookUrl });
    await client.deleteEvent('0003*210', '0', created.id);
    expect(server.requests.at(-1)).toMatchObject({ method: 'DELETE', path: `/uapi/extensions/@me/0003*210/phoneCallEvents/0/${created.id}` });
    expect(await client.listEvents('0003*210')).toEqual([]);
    await expect(client.deleteEvent('0003*210', '0', created.id)).rejects.toMatchObject({ details: { code: 'pce_id_invalid' } });
  });

  it.each([200, 204] as const)('create answered %i still yields the id', async (createReply) => {
    const { client } = await setup({ createReply });
    const created = await client.createEvent('0003*211', { type: '2', method: '1', url: hookUrl, status: '1' });
    expect(created.id).toMatch(/^Ev/);
  });

  it('reads numeric enums, an array-wrapped envelope and callerID casing', async () => {
    const { server, client } = await setup();
    server.intercept = (req, res) => {
      if (req.path !== '/uapi/phoneCalls/@me/@self') return;
      json(res, 200, [{ entry: [{ id: 'x1', phoneCallView: [{ id: '00', extension: '0003*210', flow: 8, status: 5, callerID: 'Ann <123>', source: ['123'], destination: ['0003*210'] }] }] }]);
      return true;
    };
    const calls = await client.phoneCalls();
    expect(calls[0]?.phoneCallView[0]).toMatchObject({ flow: '8', status: '5', callerId: 'Ann <123>' });
  });

  it('follows paging.next until absent; 204 is an empty list', async () => {
    const { server, client } = await setup({ pageSize: 2 });
    expect(await client.phoneCalls()).toEqual([]);
    for (let i = 0; i < 5; i++) server.calls.push(activeCall(`c${i}`, [{ extension: '0003*210', source: ['1'], destination: ['0003*210'], flow: '8', status: '3' }]));
    const calls = await client.phoneCalls();
    expect(calls.map((c) => c.id)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
    expect(server.requests.filter((r) => r.path === '/uapi/phoneCalls/@me/@self')).toHaveLength(4);
  });

  it('sends recording actions as PUT phoneCalls/@me/{ext}/{id}', async () => {
    const { server, client } = await setup();
    server.calls.push(activeCall('c1', [{ extension: '0003*210', source: ['1'], destination: ['0003*210'], flow: '8', status: '5' }]));
    await client.callAction('0003*210', 'c1', 'StartRecording', '00');
    expect(server.requests.at(-1)).toMatchObject({ method: 'PUT', path: '/uapi/phoneCalls/@me/0003*210/c1' });
    expect(server.actions[0]?.body).toEqual({ action: 'StartRecording', phoneCallViewId: '00' });
  });
});
