import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { control, startTestSim, type TestSim } from '../test-helpers';
import { startReceiver, TelphinTestClient, type Receiver } from './test-helpers';

let t: TestSim;
let rx: Receiver;
let client: TelphinTestClient;
beforeAll(async () => {
  t = await startTestSim();
  rx = await startReceiver();
  client = new TelphinTestClient(t.sim);
  await client.login();
  await client.hookAll(rx.url, [1401], ['dial-in', 'answer', 'hangup']);
});
afterAll(async () => {
  await t.sim.close();
  await rx.close();
});
beforeEach(async () => {
  await control(t.sim, 'POST', '/control/reset');
  await t.sim.telphin.idle();
  t.sim.telphin.clearDeliveries();
  rx.reset();
});

const fault = (body: Record<string, unknown>) => control(t.sim, 'POST', '/control/faults', { target: 'telphin', ...body });

/** An answered external call to 401: dial-in, answer, hangup. */
function answeredCall(): void {
  const call = t.sim.engine.placeCall('+79161112233', '401');
  t.clock.advance(1_000);
  t.sim.engine.answer(call.callId, '401');
  t.clock.advance(10_000);
  t.sim.engine.hangup(call.callId);
}

const types = async () => {
  await t.sim.telphin.idle();
  return rx.received.map((r) => r.params.EventType);
};

describe('telphin delivery faults (telphin.md §10.8)', () => {
  it('drop: the next `count` requests are not sent (logged as dropped)', async () => {
    expect((await fault({ kind: 'drop', count: 2 })).status).toBe(201);
    answeredCall();
    expect(await types()).toEqual(['hangup']);
    expect(t.sim.telphin.deliveries().map((d) => [d.eventType, d.outcome, d.faults])).toEqual([
      ['dial-in', 'dropped', ['drop']], ['answer', 'dropped', ['drop']], ['hangup', 'delivered', []],
    ]);
  });

  it('duplicate: the next request is sent twice, identical', async () => {
    await fault({ kind: 'duplicate' });
    answeredCall();
    expect(await types()).toEqual(['dial-in', 'dial-in', 'answer', 'hangup']);
    expect(rx.received[1]?.body).toBe(rx.received[0]?.body);
  });

  it('reorder: the next two requests arrive swapped', async () => {
    await fault({ kind: 'reorder' });
    answeredCall();
    expect(await types()).toEqual(['answer', 'dial-in', 'hangup']);
    // Receivers must order by EventTime, not arrival (telphin.md §11.4).
    const [a, b] = rx.received.map((r) => Number(r.params.EventTime));
    expect(a).toBeGreaterThan(b ?? Infinity);
  });

  it('reorder with nothing following: the held request goes out after delayMs', async () => {
    await fault({ kind: 'reorder', delayMs: 100 });
    t.sim.engine.placeCall('+79161112233', '401');
    expect(await types()).toEqual(['dial-in']);
  });

  it('delay: the next request comes delayMs late, later ones overtake it', async () => {
    await fault({ kind: 'delay', delayMs: 250 });
    const started = Date.now();
    answeredCall();
    expect(await types()).toEqual(['answer', 'hangup', 'dial-in']);
    expect((rx.received[2]?.startedAt ?? 0) - started).toBeGreaterThanOrEqual(240);
  });

  it('concurrent: the next burst goes out in parallel (normally one at a time)', async () => {
    rx.delayMs = 80;
    answeredCall();
    await types();
    expect(rx.maxInFlight).toBe(1);
    rx.reset();
    rx.delayMs = 80;
    await fault({ kind: 'concurrent', count: 3 });
    answeredCall();
    expect((await types()).sort()).toEqual(['answer', 'dial-in', 'hangup']);
    expect(rx.maxInFlight).toBe(3);
  });

  it('missingRecId: the next recorded hangup comes without RecID; call history still has the record', async () => {
    await fault({ kind: 'missingRecId' });
    answeredCall();
    answeredCall();
    await types();
    const hangups = rx.received.filter((r) => r.params.EventType === 'hangup').map((r) => r.params);
    expect(hangups.map((p) => p.RecID === undefined)).toEqual([true, false]);
    const history = (await client.api('GET', '/client/1/call_history/')).json as { call_history: { call_uuid: string; cdr: { record_uuid: string | null }[] }[] };
    const first = history.call_history.find((c) => c.call_uuid === hangups[0]?.CallID);
    expect(first?.cdr[0]?.record_uuid).toMatch(/^1401-[0-9a-f]{32}$/);
  });
});

describe('telphin API faults and the control API', () => {
  it('http500: the next `count` API requests answer 500 {"message"}', async () => {
    await fault({ kind: 'http500', count: 2 });
    const a = await client.api('GET', '/user');
    expect([a.status, a.json]).toEqual([500, { message: 'Internal Server Error' }]);
    expect((await client.api('GET', '/extension/1401/event/')).status).toBe(500);
    expect((await client.api('GET', '/user')).status).toBe(200);
  });

  it('expireTokens: every token issued so far is refused; a new one works', async () => {
    expect((await fault({ kind: 'expireTokens' })).status).toBe(201);
    expect((await client.api('GET', '/user')).status).toBe(401);
    await client.login();
    expect((await client.api('GET', '/user')).status).toBe(200);
  });

  it('validation, listing, DELETE and reset; hooks and deliveries for tests', async () => {
    expect((await fault({ kind: 'meltdown' })).status).toBe(400);
    expect((await fault({ kind: 'delay', delayMs: -5 })).status).toBe(400);
    await fault({ kind: 'drop', count: 3 });
    await fault({ kind: 'concurrent' });
    expect((await control(t.sim, 'GET', '/control/faults')).json).toMatchObject({
      telphin: [{ kind: 'drop', count: 3, remaining: 3 }, { kind: 'concurrent', remaining: 10 }],
    });
    expect((await control(t.sim, 'DELETE', '/control/faults')).status).toBe(200);
    expect(t.sim.telphin.faults()).toEqual([]);
    await fault({ kind: 'http500' });
    await control(t.sim, 'POST', '/control/reset');
    expect((await control(t.sim, 'GET', '/control/faults')).json).toEqual({ noojee: [], switchvox: [], telphin: [], voipnow: [] });
    const hooks = (await control(t.sim, 'GET', '/control/telphin/hooks')).json.hooks as { extensionId: number; event_type: string; url: string; method: string }[];
    expect(hooks.map((h) => [h.extensionId, h.event_type, h.method])).toEqual([[1401, 'dial-in', 'POST'], [1401, 'answer', 'POST'], [1401, 'hangup', 'POST']]);
    const call = t.sim.engine.placeCall('+79161112233', '401');
    await t.sim.telphin.idle();
    const log = (await control(t.sim, 'GET', '/control/telphin/deliveries')).json.deliveries as { url: string; uniqueCallId: string }[];
    expect(log).toEqual([expect.objectContaining({ url: `${rx.url}/hook/1401?myid=1401`, uniqueCallId: call.callId })]);
    const ids = (await control(t.sim, 'GET', `/control/telphin/calls/${call.callId}`)).json;
    expect(ids).toEqual({ uniqueCallId: call.callId, callId: rx.received[0]?.params.CallID, callApiId: rx.received[0]?.params.CallAPIID });
    expect((await control(t.sim, 'DELETE', '/control/telphin/deliveries')).status).toBe(200);
    expect(t.sim.telphin.deliveries()).toEqual([]);
    expect((await control(t.sim, 'GET', '/control/telphin/extensions')).json).toMatchObject({ clientId: 1, prefix: '0003', domain: 'sipproxy.telphin.ru' });
  });
});
