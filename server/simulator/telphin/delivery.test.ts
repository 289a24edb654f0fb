import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { control, startTestSim, type TestSim } from '../test-helpers';
import { formEncode } from './delivery-send';
import { startReceiver, TelphinTestClient, type Receiver } from './test-helpers';

let t: TestSim;
let rx: Receiver;
let client: TelphinTestClient;
beforeAll(async () => {
  t = await startTestSim({ telphin: { deliveryTimeoutMs: 300 } });
  rx = await startReceiver();
  client = new TelphinTestClient(t.sim);
  await client.login();
});
afterAll(async () => {
  await t.sim.close();
  await rx.close();
});
beforeEach(async () => {
  await control(t.sim, 'POST', '/control/reset');
  await t.sim.telphin.idle();
  t.sim.telphin.clearHooks();
  t.sim.telphin.clearDeliveries();
  rx.reset();
});

const addHook = async (ext: number, method: 'GET' | 'POST', event_type: string, url = `${rx.url}/h/${ext}`) => {
  const r = await client.api('POST', `/extension/${ext}/event/`, { url, method, event_type });
  expect(r.status).toBe(201);
  return (r.json as { id: number }).id;
};

describe('telphin hook delivery (telphin.md §5, §10.4)', () => {
  it('GET: event pairs appended to the hook URL query (its own pairs kept); POST: the same pairs as a form body', async () => {
    await addHook(1401, 'GET', 'dial-in', `${rx.url}/tel/get?myid=175&secret=s3cr%2Bt`);
    await addHook(1401, 'POST', 'dial-in', `${rx.url}/tel/post?myid=176`);
    const t0 = t.clock.now();
    t.sim.engine.placeCall('+79161112233', '401');
    await t.sim.telphin.idle();
    expect(rx.received.map((r) => [r.method, r.path])).toEqual([['GET', '/tel/get'], ['POST', '/tel/post']]);
    const [get, post] = rx.received;
    if (!get || !post) throw new Error('missing requests');
    expect(get.url).toMatch(/^\/tel\/get\?myid=175&secret=s3cr%2Bt&EventType=dial-in&/);
    expect(get.url).toContain('CalledNumber=0003%2A401&');
    expect(get.url).toContain('CallerIDNum=%2B79161112233&');
    expect(get.url).toContain('CalledExtension=0003%2A401%40sipproxy.telphin.ru');
    expect(get.body).toBe('');
    expect(post.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(post.query).toBe('myid=176');
    expect(post.body).toContain('CalledNumber=0003%2A401&');
    const { myid: _m, secret, ...fromGet } = get.params;
    expect(secret).toBe('s3cr+t');
    expect(fromGet).toEqual(post.params);
    // Exactly the parameters that apply to an inbound dial-in (telphin.md §5.3), all strings.
    expect(Object.keys(post.params).sort()).toEqual([
      'CallAPIID', 'CallFlow', 'CallID', 'CallStatus', 'CalledDID', 'CalledExtension', 'CalledExtensionID', 'CalledNumber', 'CallerIDName', 'CallerIDNum',
      'EventTime', 'EventType', 'SubCallID',
    ]);
    expect(post.params).toMatchObject({
      EventType: 'dial-in', CallFlow: 'in', CallStatus: 'CALLING', EventTime: String(t0 * 1000), CallID: expect.stringMatching(/^[0-9a-f]{32}$/),
      SubCallID: expect.stringMatching(/^1401-[0-9a-f]{32}$/), CallAPIID: expect.stringMatching(/^\d{10}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
    });
    expect(post.params.EventTime).toMatch(/^\d{16}$/);
    for (const r of [get, post]) {
      expect(r.headers.authorization).toBeUndefined();
      expect(r.headers['user-agent']).toBeUndefined();
    }
  });

  it('one request per matching hook: other types and other extensions stay quiet; duplicates fire twice', async () => {
    await addHook(1401, 'POST', 'hangup');
    await addHook(1401, 'POST', 'hangup');
    await addHook(1401, 'POST', 'message-in');
    await addHook(1402, 'POST', 'dial-in');
    const call = t.sim.engine.placeCall('+79161112233', '401');
    t.sim.engine.answer(call.callId, '401');
    t.sim.engine.hangup(call.callId);
    await t.sim.telphin.idle();
    expect(rx.received.map((r) => [r.path, r.params.EventType])).toEqual([['/h/1401', 'hangup'], ['/h/1401', 'hangup']]);
    const deliveries = (await control(t.sim, 'GET', '/control/telphin/deliveries')).json.deliveries as Record<string, unknown>[];
    expect(deliveries).toHaveLength(2);
    expect(deliveries[0]).toMatchObject({
      extensionId: 1401, extension: '0003*401', eventType: 'hangup', method: 'POST', url: `${rx.url}/h/1401`, outcome: 'delivered', status: 200,
      uniqueCallId: call.callId, faults: [], params: expect.objectContaining({ EventType: 'hangup', CallStatus: 'ANSWER' }),
    });
    expect(t.sim.telphin.events().slice(-3).map((e) => `${e.owner.name} ${e.params.EventType}`)).toEqual(['0003*401 dial-in', '0003*401 answer', '0003*401 hangup']);
  });

  it('UTF-8 caller-ID names arrive intact; `*` and `+` are percent-encoded', async () => {
    await addHook(1401, 'GET', 'dial-in');
    t.sim.engine.placeCall('402', '401');
    t.sim.engine.placeCall('+74951234567', '403', { callerName: 'ООО «Ромашка»' });
    await addHook(1403, 'POST', 'dial-in');
    t.sim.engine.placeCall('+74951234568', '404');
    t.sim.engine.reset();
    t.sim.engine.placeCall('+74951234567', '403', { callerName: 'ООО «Ромашка»' });
    await t.sim.telphin.idle();
    expect(rx.received.map((r) => r.params.CallerIDName)).toEqual(['Иван Петров', 'ООО «Ромашка»']);
    expect(formEncode({ a: '000*306', b: '+7916 x', c: "!'()~" })).toBe('a=000%2A306&b=%2B7916%20x&c=%21%27%28%29%7E');
  });

  it('a receiver that does not answer in time: the request is abandoned, never retried', async () => {
    await addHook(1401, 'POST', 'dial-in');
    rx.delayMs = 800;
    t.sim.engine.placeCall('+79161112233', '401');
    await t.sim.telphin.idle();
    expect(t.sim.telphin.deliveries()).toEqual([expect.objectContaining({ outcome: 'timeout', status: null, error: expect.stringMatching(/300 ms/) })]);
    await new Promise((r) => setTimeout(r, 600));
    expect(rx.received).toHaveLength(1);
  });

  it('a receiver that is down: failed, never retried; the next event still goes out', async () => {
    await addHook(1401, 'POST', 'dial-in', 'http://127.0.0.1:9/down');
    await addHook(1401, 'POST', 'hangup');
    const call = t.sim.engine.placeCall('+79161112233', '401');
    t.sim.engine.hangup(call.callId);
    await t.sim.telphin.idle();
    expect(t.sim.telphin.deliveries().map((d) => [d.eventType, d.outcome])).toEqual([['dial-in', 'failed'], ['hangup', 'delivered']]);
  });
});
