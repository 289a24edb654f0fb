import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestSim, type TestSim } from '../test-helpers';
import { connectClient, loggedIn, sequences, until, type SvClient } from './test-client';

let t: TestSim;
let quiet: TestSim;
const clients: SvClient[] = [];
beforeAll(async () => {
  t = await startTestSim({ switchvox: { serverUuid: 'sim-uuid-b' } });
  quiet = await startTestSim({ switchvox: { initialSnapshot: false } });
});
afterAll(() => Promise.all([t.sim.close(), quiet.sim.close()]));
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
  t.sim.engine.reset();
  quiet.sim.engine.reset();
});

const TOPIC = 'state.change.extension.line';
const track = (c: SvClient) => (clients.push(c), c);
const sub = (c: SvClient, targets: unknown[], method = 'subscribe') => c.call(method, { topic: TOPIC, targets });

describe('login / logout (switchvox.md §2, §4.1, §4.2)', () => {
  it('a wrong password is -32000 and the connection stays open for a retry', async () => {
    const c = track(await connectClient(t.sim));
    for (const params of [{ extension: '301', password: 'nope' }, { extension: '399', password: 'pw-399' }, { extension: '610', password: '' }, { extension: '201', password: 'pw-201' }]) {
      expect(await c.call('login', params)).toMatchObject({ error: { code: -32000, message: 'Invalid extension or password' } });
    }
    expect(c.socket.connected).toBe(true);
    expect((await c.call('login', { extension: '301', password: 'pw-301' })).result).toBe(true);
    expect((await c.call('login', { extension: '301', password: 'pw-301' })).error?.code).toBe(-32002);
    expect((await c.call('login', { extension: '302', password: 'pw-302' })).error?.code).toBe(-32002);
  });

  it('logout: the response arrives, then a socket.io-level disconnect the client does not auto-reconnect', async () => {
    const c = await connectClient(t.sim, { reconnection: true });
    track(c);
    await c.call('login', { extension: '302', password: 'pw-302' });
    expect(await c.call('logout', {})).toEqual({ jsonrpc: '2.0', id: expect.any(Number), result: true });
    await until(() => c.disconnects.length > 0, 2_000, 'disconnect');
    expect(c.disconnects).toEqual(['io server disconnect']);
    await new Promise((r) => setTimeout(r, 150));
    expect(c.connects).toBe(1);
    // A fresh session needs a fresh login.
    const again = track(await connectClient(t.sim));
    expect((await sub(again, [])).error?.code).toBe(-32000);
  });
});

describe('subscribe / unsubscribe (switchvox.md §4.3, §4.4)', () => {
  it('targets accumulate; re-subscribing is a no-op; the own account is not implied', async () => {
    const c = track(await loggedIn(t.sim, '301'));
    t.sim.engine.placeCall('8585550001', '301');
    await c.sync();
    expect(c.notifications).toEqual([]);
    expect((await sub(c, [{ accountId: 1302 }])).result).toBe(true);
    expect((await sub(c, [{ accountId: '1303' }, { accountId: 1302, serverUuid: 'sim-uuid-b' }])).result).toBe(true);
    expect((await sub(c, [{ account: { accountId: 1302 } }])).result).toBe(true);
    expect((await sub(c, [])).result).toBe(true);
    c.notifications.length = 0;
    t.sim.engine.placeCall('8585550002', '302');
    t.sim.engine.placeCall('8585550003', '303');
    t.sim.engine.placeCall('8585550004', '304');
    await c.sync();
    expect(c.notifications.map((n) => [n.params.account.accountId, n.params.status])).toEqual([
      [1302, 'ringing'],
      [1303, 'ringing'],
    ]);
    expect(c.notifications[0]?.params.account.serverUuid).toBe('sim-uuid-b');
  });

  it('all-or-nothing: one unknown or forbidden target and nothing from that request is applied', async () => {
    const c = track(await loggedIn(t.sim, '301'));
    expect((await sub(c, [{ accountId: 1302 }, { accountId: 9999 }])).error?.code).toBe(-32602);
    t.sim.switchvox.injectFault({ kind: 'revokeVisibility', accountId: 1301 });
    expect((await sub(c, [{ accountId: 1301 }, { accountId: 1303 }])).error?.code).toBe(-32001);
    expect((await sub(c, [{ accountId: 1301 }])).result).toBe(true);
    t.sim.switchvox.clearFaults();
    t.sim.engine.placeCall('8585550002', '302');
    t.sim.engine.placeCall('8585550003', '303');
    t.sim.engine.placeCall('8585550001', '301');
    await c.sync();
    expect(c.notifications.map((n) => n.params.account.accountId)).toEqual([1301]);
  });

  it('unsubscribe removes targets; removing one not subscribed is fine', async () => {
    const c = track(await loggedIn(t.sim, '301', [1302, 1303]));
    expect((await sub(c, [{ accountId: 1302 }, { accountId: 1304 }], 'unsubscribe')).result).toBe(true);
    t.sim.engine.placeCall('8585550002', '302');
    t.sim.engine.placeCall('8585550003', '303');
    await c.sync();
    expect(c.notifications.map((n) => n.params.account.accountId)).toEqual([1303]);
  });

  it('the queue account is a valid target but owns no lines', async () => {
    const c = track(await loggedIn(t.sim, '301', [1610]));
    t.sim.engine.placeCall('8585550002', '610');
    await c.sync();
    expect(c.notifications).toEqual([]);
  });

  it('initialSnapshot (default on): after the true, one notification per non-idle line of each new target', async () => {
    const e = t.sim.engine;
    const one = e.placeCall('8585550001', '304');
    e.answer(one.callId, '304');
    e.placeCall('8585550002', '304');
    e.placeCall('305', '306');
    const c = track(await loggedIn(t.sim, '301'));
    expect((await sub(c, [{ accountId: 1304 }, { accountId: 1305 }, { accountId: 1307 }])).result).toBe(true);
    await c.sync();
    expect(c.notifications.map((n) => [n.params.account.accountId, n.params.status, n.params.remotes[0]?.number])).toEqual([
      [1304, 'onThePhone', '8585550001'],
      [1304, 'ringing', '8585550002'],
      [1305, 'calling', '306'],
    ]);
    // Already subscribed targets are not replayed again.
    await sub(c, [{ accountId: 1304 }, { accountId: 1306 }]);
    await c.sync();
    expect(c.notifications.slice(3).map((n) => [n.params.account.accountId, n.params.status])).toEqual([[1306, 'ringing']]);
  });

  it('initialSnapshot off: only changes after the subscribe', async () => {
    const e = quiet.sim.engine;
    const call = e.placeCall('8585550001', '304');
    const c = track(await loggedIn(quiet.sim, '304', [1304]));
    await c.sync();
    expect(c.notifications).toEqual([]);
    e.answer(call.callId, '304');
    e.hangup(call.callId);
    await c.sync();
    expect(sequences(c)).toEqual([['onThePhone', 'idle']]);
  });
});
