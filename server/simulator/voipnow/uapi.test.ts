import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { control, startTestSim, type TestSim } from '../test-helpers';
import { errorOf, VoipNowTestClient } from './test-client';

let t: TestSim;
let c: VoipNowTestClient;
beforeAll(async () => {
  t = await startTestSim({ voipnow: { tokenTtlS: 1 } });
  c = new VoipNowTestClient(t.sim);
  await c.login();
});
afterAll(() => t.sim.close());
beforeEach(() => t.sim.voipnow.clearEvents());

const EV = 'extensions/@me/0005*501/phoneCallEvents';
const hook = { type: '0', method: '0', note: 'dial-in', url: 'http://crm.example/in?x=1', status: '1' };

describe('voipnow OAuth (voipnow.md §1.3, §7.1–2)', () => {
  it('client_credentials: form-encoded, Bearer, expires_in; invalid_client 401', async () => {
    const ok = await fetch(`${t.sim.urls.voipnow}/oauth/token.php`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: t.sim.voipnow.clientId, client_secret: t.sim.voipnow.clientSecret, grant_type: 'client_credentials', state: 'abcdefghijklmnopq' }),
    });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as Record<string, unknown>;
    expect(body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 1 });
    const bad = await fetch(`${t.sim.urls.voipnow}/oauth/token.php`, { method: 'POST', body: new URLSearchParams({ client_id: 'x', client_secret: 'y', grant_type: 'client_credentials' }) });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ error: 'invalid_client' });
  });

  it('authorization_code via authorize.php redirect, then refresh_token', async () => {
    const q = new URLSearchParams({ response_type: 'code', client_id: t.sim.voipnow.clientId, redirect_uri: 'https://board.example/cb', state: 'st4te-0123456789ab' });
    const r = await fetch(`${t.sim.urls.voipnow}/oauth/authorize.php?${q}`, { redirect: 'manual' });
    expect(r.status).toBe(302);
    const loc = new URL(r.headers.get('location') ?? '');
    expect(loc.searchParams.get('state')).toBe('st4te-0123456789ab');
    const form = { client_id: t.sim.voipnow.clientId, client_secret: t.sim.voipnow.clientSecret, redirect_uri: 'https://board.example/cb' };
    const tok = await fetch(`${t.sim.urls.voipnow}/oauth/token.php`, { method: 'POST', body: new URLSearchParams({ ...form, grant_type: 'authorization_code', code: loc.searchParams.get('code') ?? '' }) });
    const body = (await tok.json()) as { refresh_token: string };
    expect(body.refresh_token).toEqual(expect.any(String));
    const again = await fetch(`${t.sim.urls.voipnow}/oauth/token.php`, { method: 'POST', body: new URLSearchParams({ ...form, grant_type: 'refresh_token', refresh_token: body.refresh_token }) });
    expect(again.status).toBe(200);
  });

  it('401 access_denied without, with a bad or an expired token; accessRequestToken query works', async () => {
    const none = await fetch(`${t.sim.urls.voipnow}/uapi/${EV}`);
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ error: { code: 'access_denied', message: expect.any(String) } });
    expect((await c.api('GET', EV, undefined, { authorization: 'Bearer nope' })).status).toBe(401);
    const q = await fetch(`${t.sim.urls.voipnow}/uapi/${EV}?accessRequestToken=${encodeURIComponent(`Bearer ${c.token}`)}`);
    expect(q.status).toBe(204);
    const short = new VoipNowTestClient(t.sim);
    await short.login();
    await new Promise((r) => setTimeout(r, 1_050));
    expect(errorOf(await short.api('GET', EV))).toBe('access_denied');
    await c.login();
  });
});

describe('voipnow UAPI conventions and PhoneCallEvents (voipnow.md §1, §2)', () => {
  it('CRUD: 201 + full object, list, get-one, partial PUT, delete one / by type / all', async () => {
    const created = await c.api('POST', EV, hook);
    expect(created.status).toBe(201);
    const ev = created.json as Record<string, unknown> & { id: string; links: { self: string } };
    expect(ev).toEqual({ ...hook, id: expect.stringMatching(/^[A-Za-z0-9]{30}$/), modified: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/), links: { self: `${t.sim.urls.voipnow}/uapi/extensions/@me/0005*501/phoneCallEvents/0/${ev.id}` } });
    // raw and %2A-encoded `*`, short form, trailing slash, /unifiedapi, @viewer / numeric user
    for (const p of [`${EV}/0/${ev.id}`, `extensions/@me/0005%2A501/phoneCallEvents/0/${ev.id}/`, `/unifiedapi/extensions/1/501/phoneCallEvents/0/${ev.id}`, `extensions/@viewer/0005*501/phoneCallEvents/0/${ev.id}`]) {
      const got = await c.api('GET', p);
      expect(got.status, p).toBe(200);
      expect((got.json as { entry: { id: string }[]; totalResults: number }).entry[0]?.id).toBe(ev.id);
    }
    const put = await c.api('PUT', `${EV}/0/${ev.id}`, { method: '1', note: 'POST please' });
    expect(put.json).toMatchObject({ ...hook, method: '1', note: 'POST please', id: ev.id });
    await c.api('POST', `${EV}/2`, { method: '1', url: 'http://crm.example/hangup', status: '0' });
    await c.api('POST', EV, { ...hook, type: 2 });
    const list = await c.api('GET', EV);
    expect(list.json).toMatchObject({ startIndex: 0, itemsPerPage: 20, totalResults: 3, filtered: false, sorted: false, paging: {} });
    expect(((await c.api('GET', `${EV}/2`)).json as { entry: unknown[] }).entry).toHaveLength(2);
    const byType = await c.api('DELETE', `${EV}/2`);
    expect(byType.status).toBe(200);
    expect(byType.json).toHaveLength(2);
    expect((await c.api('DELETE', `${EV}/0/${ev.id}`)).status).toBe(200);
    expect((await c.api('GET', EV)).status).toBe(204);
    await c.api('POST', EV, hook);
    expect((await c.api('DELETE', EV)).json).toHaveLength(1);
    expect((await c.api('DELETE', EV)).status).toBe(204);
    expect(t.sim.voipnow.events()).toEqual([]);
  });

  it('error codes and their spellings, validation order, the 1024-character note', async () => {
    const id = ((await c.api('POST', EV, hook)).json as { id: string }).id;
    const cases: [string, string, unknown, string, number?][] = [
      ['POST', 'extensions/bob/0005*501/phoneCallEvents', hook, 'user_invalid'],
      ['POST', 'extensions/@me/@self/phoneCallEvents', hook, 'extension_invalid'],
      ['POST', 'extensions/@me/0003*401/phoneCallEvents', hook, 'extension_invalid'],
      ['POST', EV, { ...hook, type: '7' }, 'pcet_type_invalid'],
      ['POST', EV, { method: '0', url: 'http://a.example/', status: '1' }, 'pcet_type_invalid'],
      ['POST', `${EV}/1`, hook, 'pcet_type_invalid'],
      ['POST', EV, { ...hook, method: '2' }, 'pce_method_invalid'],
      ['POST', EV, { ...hook, url: 'not a url' }, 'pce_url_invalid'],
      ['POST', EV, { ...hook, url: undefined }, 'pce_url_invalid'],
      ['POST', EV, { ...hook, status: 'on' }, 'pce_status_invalid'],
      ['POST', EV, { ...hook, note: 'n'.repeat(1025) }, 'pce_note_invalid'],
      ['PUT', `${EV}/0/${id}`, { note: 'n'.repeat(1025) }, 'pce_note_invalid'],
      ['PUT', `${EV}/0/${id}`, { type: '1' }, 'pce_type_invalid'],
      ['PUT', `${EV}/9/${id}`, { note: 'x' }, 'pce_type_invalid'],
      ['PUT', `${EV}/1/${id}`, { note: 'x' }, 'pce_id_invalid'],
      ['GET', `${EV}/0/nope`, undefined, 'pce_id_invalid'],
      ['DELETE', `${EV}/0/nope`, undefined, 'pce_id_invalid'],
      ['GET', `${EV}?count=0`, undefined, 'count_invalid'],
      ['GET', `${EV}?count=5001`, undefined, 'count_invalid'],
      ['GET', `${EV}?filterBy=colour&filterValue=x`, undefined, 'filterby_invalid'],
      ['GET', `${EV}?filterBy=url&filterOp=like&filterValue=x`, undefined, 'filterop_invalid'],
      ['GET', `${EV}?sortOrder=up`, undefined, 'sortorder_invalid'],
      ['GET', `${EV}?fields=colour`, undefined, 'fields_invalid'],
      ['PATCH', `${EV}/0/${id}`, { note: 'x' }, 'request_not_implemented', 501],
      ['GET', 'extensions/@me/@self', undefined, 'request_not_implemented', 501],
    ];
    for (const [method, path, body, code, status = 400] of cases) {
      const r = await c.api(method, path, body);
      expect([r.status, errorOf(r)], `${method} ${path}`).toEqual([status, code]);
    }
    expect((await c.api('PUT', `${EV}/0/${id}`, { note: 'n'.repeat(1024) })).status).toBe(200);
    expect((await c.api('POST', EV, { ...hook, note: 'n'.repeat(1024) })).status).toBe(201);
  });

  it('paging, filtering, sorting and fields', async () => {
    for (const n of [3, 1, 2]) await c.api('POST', EV, { ...hook, url: `http://crm.example/h${n}` });
    const page = await c.api('GET', `${EV}?count=2&sortOrder=desc`);
    const body = page.json as { entry: { url: string }[]; paging: { next?: string }; sorted: boolean; totalResults: number };
    expect(body.entry.map((e) => e.url)).toEqual(['http://crm.example/h3', 'http://crm.example/h2']);
    expect(body.sorted).toBe(true);
    const next = await fetch(body.paging.next ?? '', { headers: { authorization: `Bearer ${c.token}` } });
    const nb = (await next.json()) as { entry: { url: string }[]; paging: { prev?: string; next?: string } };
    expect(nb.entry.map((e) => e.url)).toEqual(['http://crm.example/h1']);
    expect(nb.paging.prev).toBeDefined();
    expect(nb.paging.next).toBeUndefined();
    const f = await c.api('GET', `${EV}?filterBy=url&filterOp=contains&filterValue=h2&fields=id,url`);
    expect(f.json).toMatchObject({ filtered: true, totalResults: 1 });
    expect(Object.keys((f.json as { entry: object[] }).entry[0] ?? {}).sort()).toEqual(['id', 'links', 'url']);
  });

  it('control API lists events; extensions() shows site D', async () => {
    await c.api('POST', EV, hook);
    const listed = await control(t.sim, 'GET', '/control/voipnow/events');
    expect(listed.json.events).toEqual([expect.objectContaining({ extension: '0005*501', type: '0', url: hook.url })]);
    expect(t.sim.voipnow.extensions()).toContainEqual({ number: '0005*630', short: '630', name: 'Service', kind: 'queue' });
    expect(t.sim.voipnow.extensions().filter((e) => e.kind === 'phone')).toHaveLength(10);
  });
});
