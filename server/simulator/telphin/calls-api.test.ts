import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { control, startTestSim, type TestSim } from '../test-helpers';
import { CALL_EVENTS, startReceiver, TelphinTestClient, type Receiver } from './test-helpers';

let t: TestSim;
let rx: Receiver;
let client: TelphinTestClient;
beforeAll(async () => {
  t = await startTestSim({ telphin: { callHistoryDelayMs: 100 } });
  rx = await startReceiver();
  client = new TelphinTestClient(t.sim);
  await client.login();
  await client.hookAll(rx.url, [1401, 1402, 1620], CALL_EVENTS);
});
afterAll(async () => {
  await t.sim.close();
  await rx.close();
});
beforeEach(async () => {
  await control(t.sim, 'POST', '/control/reset');
  await t.sim.telphin.idle();
  rx.reset();
});

type Json = Record<string, unknown>;
const currentCalls = async () => ((await client.api('GET', '/client/@me/current_calls/')).json as { call_list: Json[] }).call_list;
const sent = async () => {
  await t.sim.telphin.idle();
  return rx.received.map((r) => r.params);
};

describe('telphin current calls (telphin.md §8.3, §10.7)', () => {
  it('a caller waiting in queue 620, then answered: call_api_id = CallAPIID of the events', async () => {
    const call = t.sim.engine.placeCall('+79161112233', '620');
    const [waiting] = await currentCalls();
    const [first] = await sent();
    expect(waiting).toEqual({
      call_api_id: first?.CallAPIID, call_flow: 'in', caller_id_number: '+79161112233', caller_id_name: '+79161112233', called_number: '0003*620',
      called_did: '74952300003', callback_id: null, init_time_gmt: '2024-06-03 00:00:00', answer_time_gmt: null, extension_id: 1620,
      caller_extension: null, called_extension: { id: 1620, type: 'queue', name: '0003*620', client_id: 1, extension_group_id: null }, record_uuid: null,
    });
    t.clock.advance(2_000);
    t.sim.engine.answer(call.callId, '401');
    const [talking] = await currentCalls();
    expect(talking).toMatchObject({ answer_time_gmt: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/), called_extension: expect.objectContaining({ id: 1401 }), record_uuid: expect.stringMatching(/^1401-[0-9a-f]{32}$/) });
    t.sim.engine.hangup(call.callId);
    expect(await currentCalls()).toEqual([]);
    const recId = (await sent()).find((p) => p.EventType === 'hangup' && p.RecID)?.RecID;
    expect(recId).toBe(talking?.record_uuid);
  });

  it('PUT …/current_calls/{call_api_id} transfers the live call (the target sees RemoteNumber); unknown id 404', async () => {
    const call = t.sim.engine.placeCall('+79161112233', '401');
    t.sim.engine.answer(call.callId, '401');
    const [live] = await currentCalls();
    const r = await client.api('PUT', `/extension/1401/current_calls/${String(live?.call_api_id)}`, { action: 'transfer', send_dst: '402' });
    expect(r.status).toBe(200);
    expect(t.sim.engine.truth().legs.map((l) => [l.extension, l.state, l.site])).toEqual([['402', 'ringing', 'C']]);
    expect((await sent()).at(-1)).toMatchObject({ EventType: 'dial-in', CalledExtensionID: '1402', RemoteNumber: '+79161112233', CallerIDNum: '0003*401' });
    expect((await client.api('PUT', '/extension/1401/current_calls/nope', { action: 'transfer', send_dst: '402' })).status).toBe(404);
    expect((await client.api('PUT', `/extension/1401/current_calls/${String(live?.call_api_id)}`, { action: 'park' })).status).toBe(400);
  });
});

describe('telphin call history and records (telphin.md §8.4, §10.7)', () => {
  it('finished calls with call_uuid = CallID and cdr record_uuid = RecID; filters; one item by uuid', async () => {
    const call = t.sim.engine.placeCall('+79161112233', '620');
    t.clock.advance(15_000);
    t.sim.engine.answer(call.callId, '402');
    t.clock.advance(30_000);
    t.sim.engine.hangup(call.callId, '402');
    const internal = t.sim.engine.placeCall('401', '402');
    t.clock.advance(5_000);
    t.sim.engine.hangup(internal.callId);
    const events = await sent();
    const callId = events[0]?.CallID;
    const recId = events.find((p) => p.RecID)?.RecID;
    const res = await client.api('GET', '/client/@me/call_history/?order=asc&per_page=100');
    expect(res.status).toBe(200);
    const body = res.json as { page: number; per_page: number; order: string; call_history: Json[] };
    expect(body).toMatchObject({ page: 1, per_page: 100, order: 'asc' });
    const item = body.call_history.find((c) => c.call_uuid === callId);
    expect(item).toMatchObject({
      flow: 'in', bridged: true, result: 'answered', from_username: '+79161112233', to_username: '0003*620', extension_id: 1620,
      duration: 45, bridged_duration: 30, hangup_disposition: 'callee_bye', init_time_gmt: expect.stringMatching(/^\d{4}-/),
    });
    const cdr = item?.cdr as Json[];
    expect(cdr.map((c) => [c.extension_id, c.flow, c.result])).toEqual([
      [1620, 'in', 'answered'], [1620, 'out', 'not answered'], [1401, 'in', 'not answered'], [1620, 'out', 'answered'], [1402, 'in', 'answered'],
    ]);
    expect(cdr.find((c) => c.extension_id === 1402)).toMatchObject({ record_uuid: recId, duration: 30, hangup_cause: 'NORMAL_CLEARING' });
    const internalId = t.sim.telphin.callIds(internal.callId)?.callId;
    const only = async (q: string) =>
      ((await client.api('GET', `/client/1/call_history/${q}`)).json as { call_history: Json[] }).call_history.map((c) => c.call_uuid).filter((id) => id === callId || id === internalId);
    expect(await only('?flow=out')).toEqual([internalId]);
    expect(await only('?flow=in')).toEqual([callId]);
    expect(await only('?extension_id=1402')).toEqual([internalId, callId]);
    expect(await only('?extension_id=1402&order=asc')).toEqual([callId, internalId]);
    expect(await only('?to_username=0003*402')).toEqual([internalId]);
    expect(await only('?start_datetime=2099-01-01%2000:00:00')).toEqual([]);
    expect((await client.api('GET', '/client/1/call_history/?start_datetime=yesterday')).json).toEqual({ message: 'start_datetime: must be YYYY-MM-DD HH:MM:SS' });
    expect((await client.api('GET', `/client/1/call_history/${String(callId)}`)).json).toMatchObject({ call_uuid: callId });
    expect((await client.api('GET', `/client/1/call_history/${'0'.repeat(32)}`)).status).toBe(404);
    const url = await client.api('GET', `/client/@me/record/${String(recId)}/storage_url/`);
    expect(url.json).toEqual({ record_url: `https://storage.telphin.ru/1/${String(recId)}.mp3` });
    const audio = await fetch(`${t.sim.urls.telphin}/api/ver1.0/client/1/record/${String(recId)}`, { headers: { authorization: `Bearer ${client.token}` } });
    expect([audio.status, audio.headers.get('content-type')]).toEqual([200, 'audio/mpeg']);
    expect((await client.api('GET', '/client/1/record/1401-nope/storage_url/')).json).toEqual({ message: 'Record not found' });
  });

  it('a second call_history request while one runs gets 429', async () => {
    const [a, b] = await Promise.all([client.api('GET', '/client/1/call_history/'), client.api('GET', '/client/1/call_history/')]);
    expect([a.status, b.status].sort()).toEqual([200, 429]);
    expect([a, b].find((r) => r.status === 429)?.json).toEqual({ message: 'Stats request already exists, concurrent request not allowed' });
    expect((await client.api('GET', '/client/1/call_history/')).status).toBe(200);
  });
});

describe('telphin callback errors (telphin.md §7)', () => {
  it('400 for missing or bad fields, 404 / 403 for the extension, 409 for a busy source', async () => {
    const cb = (ext: string, body: unknown) => client.api('POST', `/extension/${ext}/callback/`, body);
    expect((await cb('1401', { dst_num: '+79817654321' })).json).toEqual({ message: 'src_num: required' });
    expect((await cb('1401', { src_num: ['401'] })).json).toEqual({ message: 'dst_num: required' });
    expect((await cb('1401', { src_num: [], dst_num: '+79817654321' })).json).toEqual({ message: 'src_num: must not be empty' });
    expect((await cb('1401', { src_num: '401', dst_num: '+79817654321' })).json).toEqual({ message: 'src_num: must be an array of numbers' });
    expect((await cb('1401', { src_num: ['620'], dst_num: '+79817654321' })).json).toEqual({ message: 'src_num: queue and IVR extensions cannot be sources' });
    expect((await cb('1401', { src_num: ['401'], dst_num: 'pizza' })).json).toEqual({ message: 'dst_num: unknown number pizza' });
    expect((await cb('1620', { src_num: ['401'], dst_num: '+79817654321' })).status).toBe(400);
    expect((await cb('9999', { src_num: ['401'], dst_num: '+79817654321' })).status).toBe(404);
    expect((await cb('2100', { src_num: ['401'], dst_num: '+79817654321' })).status).toBe(403);
    t.sim.engine.answer(t.sim.engine.placeCall('+79161112233', '401').callId, '401');
    expect((await cb('1401', { src_num: ['401'], dst_num: '+79817654321' })).status).toBe(409);
    const visitor = await cb('1401', { src_num: ['+79260000000'], dst_num: '0003*402' });
    expect(visitor.status).toBe(201);
    expect((await currentCalls()).find((c) => c.call_api_id === (visitor.json as Json).call_api_id)).toMatchObject({ callback_id: '52001', caller_id_number: '+79260000000' });
  });
});
