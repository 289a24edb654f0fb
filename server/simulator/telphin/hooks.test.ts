import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { control, startTestSim, type TestSim } from '../test-helpers';
import { TelphinTestClient } from './test-helpers';

let t: TestSim;
let client: TelphinTestClient;
beforeAll(async () => {
  t = await startTestSim({ telphin: { hookLimit: 5 } });
  client = new TelphinTestClient(t.sim);
  await client.login();
});
afterAll(() => t.sim.close());
beforeEach(() => t.sim.telphin.clearHooks());

const hook = { url: 'https://crm.example/fordel/show.php?myid=175', method: 'GET', event_type: 'dial-in' };

describe('telphin hook CRUD (telphin.md §4.2, §10.3)', () => {
  it('create 201 with id, list, get, update 200, delete 204, delete-all 204', async () => {
    const created = await client.api('POST', '/extension/1401/event/', hook);
    expect(created.status).toBe(201);
    const id = (created.json as { id: number }).id;
    expect(created.json).toEqual({ ...hook, id: expect.any(Number) });
    expect((await client.api('GET', '/extension/1401/event/')).json).toEqual([{ ...hook, id }]);
    expect((await client.api('GET', '/extension/1401/event')).json).toEqual([{ ...hook, id }]);
    expect((await client.api('GET', `/extension/1401/event/${id}`)).json).toEqual({ ...hook, id });
    expect((await client.api('GET', `/extension/1402/event/${id}`)).json).toEqual({ message: 'Event not found' });
    const changed = { url: 'http://crm.example/t', method: 'POST', event_type: 'hangup' };
    const updated = await client.api('PUT', `/extension/1401/event/${id}`, changed);
    expect(updated).toMatchObject({ status: 200, json: { ...changed, id } });
    expect((await client.api('DELETE', `/extension/1401/event/${id}/`)).status).toBe(204);
    expect((await client.api('DELETE', `/extension/1401/event/${id}`)).json).toEqual({ message: 'Event not found' });
    expect((await client.api('GET', '/extension/1401/event/')).json).toEqual([]);
    await client.api('POST', '/extension/1401/event/', hook);
    await client.api('POST', '/extension/1401/event/', hook);
    await client.api('POST', '/extension/1402/event/', hook);
    const all = await client.api('DELETE', '/extension/1401/event/');
    expect(all).toMatchObject({ status: 204, text: '' });
    expect((await client.api('GET', '/extension/1401/event/')).json).toEqual([]);
    expect(t.sim.telphin.hooks()).toEqual([expect.objectContaining({ extensionId: 1402, extension: '0003*402', ...hook })]);
  });

  it('addresses extensions by @name; duplicates get their own ids; queues and IVRs take call hooks', async () => {
    const a = await client.api('POST', '/extension/@401/event/', hook);
    const b = await client.api('POST', '/extension/1401/event/', hook);
    expect((a.json as { id: number }).id).not.toBe((b.json as { id: number }).id);
    expect((await client.api('GET', '/extension/@0003*401/event/')).json).toHaveLength(2);
    expect((await client.api('POST', '/extension/1620/event/', { ...hook, event_type: 'hangup' })).status).toBe(201);
    expect((await client.api('POST', '/extension/1720/event/', { ...hook, event_type: 'voicemail' })).status).toBe(201);
    const listed = await control(t.sim, 'GET', '/control/telphin/hooks');
    expect((listed.json.hooks as { extension: string }[]).map((h) => h.extension)).toEqual(['0003*401', '0003*401', '0003*620', '0003*720']);
  });

  it('validation: 400 {"message":"<field>: <reason>"}', async () => {
    const cases: [unknown, string][] = [
      [{ method: 'GET', event_type: 'dial-in' }, 'url: required'],
      [{ url: 'http://x.example/h', event_type: 'dial-in' }, 'method: required'],
      [{ url: 'http://x.example/h', method: 'GET' }, 'event_type: required'],
      [{ ...hook, url: '/relative/path' }, 'url: must be an absolute http(s) URL'],
      [{ ...hook, url: 'ftp://x.example/h' }, 'url: must be an absolute http(s) URL'],
      [{ ...hook, url: 42 }, 'url: must be a string'],
      [{ ...hook, method: 'get' }, 'method: must be GET or POST'],
      [{ ...hook, method: 'PUT' }, 'method: must be GET or POST'],
      [{ ...hook, event_type: 'Dial-In' }, 'event_type: must be one of dial-in, dial-out, answer, hangup, message-in, message-out, voicemail'],
      [{ ...hook, event_type: 'ringing' }, 'event_type: must be one of dial-in, dial-out, answer, hangup, message-in, message-out, voicemail'],
      [[hook], 'body: must be a JSON object'],
    ];
    for (const [body, msg] of cases) {
      const r = await client.api('POST', '/extension/1401/event/', body);
      expect([r.status, r.json], JSON.stringify(body)).toEqual([400, { message: msg }]);
    }
    expect((await client.api('POST', '/extension/1401/event/', '{oops')).json).toEqual({ message: 'body: invalid JSON' });
    for (const ext of ['1620', '1720']) {
      const r = await client.api('POST', `/extension/${ext}/event/`, { ...hook, event_type: 'message-in' });
      expect(r).toMatchObject({ status: 400, json: { message: 'event_type: message events exist only on phone extensions' } });
    }
    expect((await client.api('POST', '/extension/1401/event/', { ...hook, event_type: 'message-out' })).status).toBe(201);
    const created = (await client.api('POST', '/extension/1401/event/', hook)).json as { id: number };
    expect((await client.api('PUT', `/extension/1401/event/${created.id}`, { ...hook, method: 'post' })).json).toEqual({ message: 'method: must be GET or POST' });
  });

  it('404 unknown extension / event, 403 another client, 401 without a token', async () => {
    expect((await client.api('GET', '/extension/9999/event/')).json).toEqual({ message: 'Extension not found' });
    expect((await client.api('POST', '/extension/@998/event/', hook)).status).toBe(404);
    expect((await client.api('GET', '/extension/@me/event/')).status).toBe(404);
    expect((await client.api('GET', '/extension/1401/event/77777')).json).toEqual({ message: 'Event not found' });
    expect((await client.api('PUT', '/extension/1401/event/abc', hook)).status).toBe(404);
    expect((await client.api('GET', '/extension/2100/event/')).json).toEqual({ message: 'Forbidden' });
    expect((await client.api('POST', '/extension/2100/event/', hook)).status).toBe(403);
    expect((await client.api('GET', '/extension/1401/event/', undefined, { authorization: 'Bearer nope' })).status).toBe(401);
  });

  it('per-client hook limit: 400 "Events limit exceeded" until one is deleted', async () => {
    const ids: number[] = [];
    for (const ext of ['1401', '1402', '1620', '1720', '1403']) ids.push(((await client.api('POST', `/extension/${ext}/event/`, hook)).json as { id: number }).id);
    expect((await client.api('GET', '/client/@me/limit/')).json).toEqual({ event_limit: 5, event_count: 5 });
    const over = await client.api('POST', '/extension/1404/event/', hook);
    expect(over).toMatchObject({ status: 400, json: { message: 'Events limit exceeded' } });
    await client.api('DELETE', `/extension/1401/event/${ids[0]}`);
    expect((await client.api('POST', '/extension/1404/event/', hook)).status).toBe(201);
  });
});
