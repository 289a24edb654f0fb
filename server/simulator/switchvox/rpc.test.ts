import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestSim, type TestSim } from '../test-helpers';
import { connectClient, loggedIn, until, type SvClient } from './test-client';

let t: TestSim;
let c: SvClient;
beforeAll(async () => {
  t = await startTestSim({ switchvox: { permissions: { 1305: { canDial: false, visibleAccounts: [1306] } } } });
});
afterAll(() => t.sim.close());
afterEach(() => c.close());

const TOPIC = 'state.change.extension.line';
const code = (r: { error?: { code: number } }) => r.error?.code;

/** The next response after sending a raw `request` argument. */
async function rawReply(client: SvClient, arg: unknown) {
  const seen = client.responses.length;
  client.raw(arg);
  await until(() => client.responses.length > seen, 2_000, 'response');
  return client.responses[seen];
}

describe('JSON-RPC envelope and errors (switchvox.md §3)', () => {
  it('-32700 for an unparsable string; a JSON string is parsed', async () => {
    c = await connectClient(t.sim);
    expect(await rawReply(c, '{"jsonrpc":"2.0","id":1,')).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32700, message: expect.any(String) } });
    expect(await rawReply(c, JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'login', params: { extension: '301', password: 'pw-301' } }))).toEqual({ jsonrpc: '2.0', id: 2, result: true });
  });

  it('-32600 for a batch, a non-object, a bad id, jsonrpc ≠ "2.0", a non-string method', async () => {
    c = await connectClient(t.sim);
    const cases: [unknown, unknown][] = [
      [[{ jsonrpc: '2.0', id: 1, method: 'login' }], null],
      [42, null],
      [null, null],
      [{ jsonrpc: '2.0', id: { x: 1 }, method: 'login' }, null],
      [{ jsonrpc: '1.0', id: 7, method: 'login' }, 7],
      [{ id: 8, method: 'login' }, 8],
      [{ jsonrpc: '2.0', id: 'nine', method: 9 }, 'nine'],
    ];
    for (const [arg, id] of cases) expect(await rawReply(c, arg)).toMatchObject({ jsonrpc: '2.0', id, error: { code: -32600 } });
  });

  it('checks in order: envelope → method → authenticated → params → permission', async () => {
    c = await connectClient(t.sim);
    // Unknown method beats "not logged in"; -32601 for call control that is not in the API (§4.6).
    for (const method of ['hangup', 'transfer', 'hold', 'Login', 'getMyInfo']) expect(code(await c.call(method, {}))).toBe(-32601);
    // Not logged in beats bad params.
    expect(code(await c.call('subscribe', { topic: 42 }))).toBe(-32000);
    expect(code(await c.call('dial', {}))).toBe(-32000);
    expect(code(await c.call('logout'))).toBe(-32000);
    expect(code(await c.call('unsubscribe', { topic: TOPIC, targets: [] }))).toBe(-32000);
    // login's own params.
    expect(code(await c.call('login', { extension: 301, password: 'pw-301' }))).toBe(-32602);
    expect(code(await c.call('login', { extension: '301' }))).toBe(-32602);
    expect(code(await c.call('login', ['301', 'pw-301']))).toBe(-32602);
    expect((await c.call('login', { extension: '305', password: 'pw-305' })).result).toBe(true);
    // Bad params beat a missing permission: 1305 may see only 1306 and may not dial.
    expect(code(await c.call('subscribe', { topic: TOPIC, targets: [{ accountId: 1301 }, { accountId: 99 }] }))).toBe(-32602);
    expect(code(await c.call('subscribe', { topic: TOPIC, targets: [{ accountId: 1301 }] }))).toBe(-32001);
    expect(code(await c.call('dial', { extension: 'abc' }))).toBe(-32602);
    expect(code(await c.call('dial', { extension: '8585551212' }))).toBe(-32001);
    expect(code(await c.call('login', { extension: '305', password: 'pw-305' }))).toBe(-32002);
    expect(code(await c.call('nope', {}))).toBe(-32601);
  });

  it('echoes ids verbatim, answers true on success, and sends nothing for a request without id', async () => {
    c = await connectClient(t.sim);
    expect(await rawReply(c, { jsonrpc: '2.0', id: 'req-ä1', method: 'login', params: { extension: '302', password: 'pw-302' } })).toEqual({ jsonrpc: '2.0', id: 'req-ä1', result: true });
    expect(await rawReply(c, { jsonrpc: '2.0', id: 0, method: 'subscribe', params: { topic: TOPIC, targets: [] } })).toEqual({ jsonrpc: '2.0', id: 0, result: true });
    expect(await rawReply(c, { jsonrpc: '2.0', id: 12.5, method: 'subscribe', params: { topic: TOPIC, targets: [] } })).toMatchObject({ id: 12.5, result: true });
    const seen = c.responses.length;
    c.raw({ jsonrpc: '2.0', method: 'subscribe', params: { topic: TOPIC, targets: [{ accountId: 1302 }] } });
    c.raw({ jsonrpc: '2.0', method: 'nope' });
    await c.sync();
    expect(c.responses.length).toBe(seen + 1);
    // The id-less subscribe was carried out all the same.
    t.sim.engine.placeCall('8585551212', '302');
    await c.sync();
    expect(c.notifications.map((n) => n.params.status)).toEqual(['ringing']);
    t.sim.engine.reset();
  });

  it('params must be named members; unknown topics and malformed targets are -32602', async () => {
    c = await loggedIn(t.sim, '303');
    const bad: unknown[] = [
      [TOPIC, []],
      {},
      { topic: TOPIC },
      { topic: 'state.change.parkingSpace', targets: [] },
      { topic: 'state.change.extension', targets: [] },
      { topic: TOPIC, targets: {} },
      { topic: TOPIC, targets: [1301] },
      { topic: TOPIC, targets: [{}] },
      { topic: TOPIC, targets: [{ accountId: 'x1301' }] },
      { topic: TOPIC, targets: [{ accountId: 1301.5 }] },
      { topic: TOPIC, targets: [{ accountId: 1301, serverUuid: 'another-pbx' }] },
      { topic: TOPIC, targets: [{ accountId: 4242 }] },
    ];
    for (const params of bad) expect(code(await c.call('subscribe', params)), JSON.stringify(params)).toBe(-32602);
    for (const params of bad.slice(0, 7)) expect(code(await c.call('unsubscribe', params)), JSON.stringify(params)).toBe(-32602);
  });
});
