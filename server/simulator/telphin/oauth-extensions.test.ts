import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallEngine } from '../engine/call-engine';
import { ManualClock } from '../engine/clock';
import { startTestSim, type TestSim } from '../test-helpers';
import { startTelphinFacade } from './telphin-facade';
import { TelphinTestClient } from './test-helpers';

let t: TestSim;
let client: TelphinTestClient;
beforeAll(async () => {
  t = await startTestSim();
  client = new TelphinTestClient(t.sim);
  await client.login();
});
afterAll(() => t.sim.close());

const token = (body: string, query = '', type = 'application/x-www-form-urlencoded') =>
  fetch(`${t.sim.urls.telphin}/oauth/token${query}`, { method: 'POST', headers: { 'content-type': type }, body });

const creds = () => `client_id=${t.sim.telphin.clientId}&client_secret=${t.sim.telphin.clientSecret}`;

describe('telphin OAuth (telphin.md §2, §10.1)', () => {
  it('client_credentials from a form body, the query string or JSON; Bearer token, scope all', async () => {
    const res = await token(`grant_type=client_credentials&${creds()}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({ access_token: expect.stringMatching(/^[A-Za-z0-9]{30}$/), token_type: 'Bearer', expires_in: 3600, scope: 'all' });
    expect((await token('', `?grant_type=client_credentials&${creds()}&scope=all`)).status).toBe(200);
    const json = JSON.stringify({ grant_type: 'client_credentials', client_id: t.sim.telphin.clientId, client_secret: t.sim.telphin.clientSecret });
    expect((await token(json, '', 'application/json')).status).toBe(200);
  });

  it('refuses bad credentials and grant types with {"message"}; password grant gives a refresh token', async () => {
    const bad = await token(`grant_type=client_credentials&client_id=${t.sim.telphin.clientId}&client_secret=nope`);
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ message: expect.any(String) });
    expect((await token(`grant_type=implicit&${creds()}`)).status).toBe(400);
    expect((await token(`grant_type=password&${creds()}&username=admin&password=wrong`)).status).toBe(400);
    const pw = (await (await token(`grant_type=password&${creds()}&username=admin&password=demo-telphin-password`)).json()) as Record<string, string>;
    expect(pw).toMatchObject({ token_type: 'Bearer', scope: 'all', refresh_token: expect.stringMatching(/^[A-Za-z0-9]{30}$/) });
    const refreshed = await token(`grant_type=refresh_token&${creds()}&refresh_token=${pw.refresh_token}`);
    expect(refreshed.status).toBe(200);
    expect((await token(`grant_type=refresh_token&${creds()}&refresh_token=${pw.refresh_token}`)).status).toBe(400);
    expect((await fetch(`${t.sim.urls.telphin}/oauth/token`)).status).toBe(405);
  });

  it('API calls need a live bearer token: 401 {"message":"Unauthorized"} otherwise; expireTokens revokes all', async () => {
    const none = await fetch(`${t.sim.urls.telphin}/api/ver1.0/user`);
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ message: 'Unauthorized' });
    expect((await client.api('GET', '/user', undefined, { authorization: 'Bearer XXXXXXXXXXXXXXXXXXXXXXXXXXXXXX' })).status).toBe(401);
    expect((await client.api('GET', '/user')).json).toEqual({
      id: expect.any(Number), login: 'admin@0003', client_id: 1, extension_id: null, extension_group_id: null, dealer_id: null, admin: true, access: 'all', timezone: 'Europe/Moscow',
    });
    t.sim.telphin.injectFault({ kind: 'expireTokens' });
    expect((await client.api('GET', '/user')).status).toBe(401);
    await client.login();
    expect((await client.api('GET', '/user')).status).toBe(200);
  });

  it('a token dies after expires_in seconds', async () => {
    const facade = await startTelphinFacade({ engine: new CallEngine({ clock: new ManualClock() }), tokenTtlS: 1 });
    try {
      const res = await fetch(`${facade.url}/oauth/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: facade.clientId, client_secret: facade.clientSecret }) });
      const { access_token, expires_in } = (await res.json()) as { access_token: string; expires_in: number };
      expect(expires_in).toBe(1);
      const user = () => fetch(`${facade.url}/api/ver1.0/user`, { headers: { authorization: `Bearer ${access_token}` } });
      expect((await user()).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1_050));
      expect((await user()).status).toBe(401);
    } finally {
      await facade.close();
    }
  });
});

describe('telphin extensions (telphin.md §3, §10.2)', () => {
  it('lists the site-C tenant with type / status filters and 1-based paging', async () => {
    const all = (await client.api('GET', '/client/@me/extension/?per_page=100')).json as Record<string, unknown>[];
    expect(all.map((e) => [e.id, e.name, e.type, e.status])).toEqual([
      ...Array.from({ length: 10 }, (_, i) => [1401 + i, `0003*${401 + i}`, 'phone', 'active']),
      [1499, '0003*499', 'fax', 'blocked'],
      [1620, '0003*620', 'queue', 'active'],
      [1720, '0003*720', 'ivr', 'active'],
    ]);
    expect(all[0]).toMatchObject({ label: 'Анна Смирнова', client_id: 1, domain: 'sipproxy.telphin.ru', extension_group_id: null, create_date: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/) });
    const names = async (q: string) => ((await client.api('GET', `/client/1/extension/${q}`)).json as { name: string }[]).map((e) => e.name);
    expect(await names('?type=queue')).toEqual(['0003*620']);
    expect(await names('?type=ivr')).toEqual(['0003*720']);
    expect(await names('?status=blocked')).toEqual(['0003*499']);
    expect(await names('?type=phone&per_page=4&page=3')).toEqual(['0003*409', '0003*410']);
    expect(await names('?type=phone&per_page=4&page=4')).toEqual([]);
    expect((await client.api('GET', '/client/1/extension/?type=trunk')).status).toBe(400);
  });

  it('one extension by id; 404 unknown, 403 another client', async () => {
    expect((await client.api('GET', '/client/1/extension/1620')).json).toMatchObject({ id: 1620, name: '0003*620', type: 'queue', label: 'Orders' });
    expect((await client.api('GET', '/client/1/extension/9999')).json).toEqual({ message: 'Extension not found' });
    expect((await client.api('GET', '/client/1/extension/2100')).status).toBe(403);
    expect((await client.api('GET', '/client/2/extension/')).json).toEqual({ message: 'Forbidden' });
    expect((await client.api('GET', '/nothing/here')).status).toBe(404);
    expect((await client.api('DELETE', '/user')).status).toBe(405);
    expect(t.sim.telphin.extensions().find((e) => e.number === '720')).toEqual({ id: 1720, name: '0003*720', type: 'ivr', label: 'Menu', number: '720' });
  });
});
