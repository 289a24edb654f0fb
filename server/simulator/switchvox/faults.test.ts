import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { control, startTestSim, type TestSim } from '../test-helpers';
import { connectClient, loggedIn, sequences, until, type SvClient } from './test-client';

let t: TestSim;
const clients: SvClient[] = [];
beforeAll(async () => {
  t = await startTestSim({ engine: { externalAnswerMs: null, agentAnswerMs: null } });
});
afterAll(() => t.sim.close());
beforeEach(async () => {
  await control(t.sim, 'POST', '/control/reset');
});
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});

const TOPIC = 'state.change.extension.line';
const fault = (body: Record<string, unknown>) => control(t.sim, 'POST', '/control/faults', { target: 'switchvox', ...body });
const track = (c: SvClient) => (clients.push(c), c);
const X = '8585551212';

describe('switchvox fault injection (switchvox.md §10.8)', () => {
  it('drop: the transport dies mid-call, the client reconnects by itself to a fresh unauthenticated session', async () => {
    const c = track(await connectClient(t.sim, { reconnection: true }));
    await c.call('login', { extension: '301', password: 'pw-301' });
    await c.call('subscribe', { topic: TOPIC, targets: [{ accountId: 1301 }] });
    const call = t.sim.engine.placeCall(X, '301');
    t.sim.engine.answer(call.callId);
    expect((await fault({ kind: 'drop' })).status).toBe(201);
    await until(() => c.connects === 2, 3_000, 'reconnect');
    expect(c.disconnects).toEqual(['transport close']);
    expect((await c.call('subscribe', { topic: TOPIC, targets: [{ accountId: 1301 }] })).error?.code).toBe(-32000);
    await c.call('login', { extension: '301', password: 'pw-301' });
    await c.call('subscribe', { topic: TOPIC, targets: [{ accountId: 1301 }] });
    await c.sync();
    // The call survived the drop: the snapshot shows the same line again.
    const [first, , again] = c.notifications;
    expect(again?.params).toMatchObject({ uniqueId: first?.params.uniqueId, status: 'onThePhone' });
  });

  it('serverDisconnect: socket.io-level disconnect, not auto-reconnected', async () => {
    const c = track(await connectClient(t.sim, { reconnection: true }));
    expect((await fault({ kind: 'serverDisconnect' })).status).toBe(201);
    await until(() => c.disconnects.length > 0, 2_000, 'disconnect');
    expect(c.disconnects).toEqual(['io server disconnect']);
    await new Promise((r) => setTimeout(r, 150));
    expect(c.connects).toBe(1);
  });

  it('delay: the next notifications arrive late, after later responses', async () => {
    const c = track(await loggedIn(t.sim, '302', [1302]));
    await fault({ kind: 'delay', delayMs: 200, count: 1 });
    const call = t.sim.engine.placeCall(X, '302');
    t.sim.engine.answer(call.callId);
    await c.sync();
    expect(c.notifications.map((n) => n.params.status)).toEqual(['onThePhone']);
    await until(() => c.notifications.length === 2, 2_000, 'delayed notification');
    expect(c.notifications.map((n) => n.params.status)).toEqual(['onThePhone', 'ringing']);
    expect((await control(t.sim, 'GET', '/control/faults')).json.switchvox).toEqual([]);
  });

  it('duplicate: the next notifications are sent twice, then normal', async () => {
    const c = track(await loggedIn(t.sim, '302', [1302]));
    await fault({ kind: 'duplicate', count: 2 });
    const call = t.sim.engine.placeCall(X, '302');
    t.sim.engine.answer(call.callId);
    t.sim.engine.hangup(call.callId);
    await c.sync();
    expect(sequences(c)).toEqual([['ringing', 'ringing', 'onThePhone', 'onThePhone', 'idle']]);
    expect(c.notifications[0]).toEqual(c.notifications[1]);
  });

  it('reorder: the next two notifications of one line are swapped (an idle may come first)', async () => {
    const c = track(await loggedIn(t.sim, '303', [1303]));
    await fault({ kind: 'reorder' });
    const call = t.sim.engine.placeCall(X, '303');
    t.sim.engine.answer(call.callId);
    t.sim.engine.hangup(call.callId);
    await c.sync();
    expect(sequences(c)).toEqual([['onThePhone', 'ringing', 'idle']]);
    const [a, b] = c.notifications;
    expect((a?.params.serverTime ?? 0) > (b?.params.serverTime ?? 0)).toBe(true);
  });

  it('reorder with no second notification of that line: the held one is sent after delayMs', async () => {
    const c = track(await loggedIn(t.sim, '303', [1303]));
    await fault({ kind: 'reorder', delayMs: 100 });
    t.sim.engine.placeCall(X, '303');
    await c.sync();
    expect(c.notifications).toEqual([]);
    await until(() => c.notifications.length === 1, 2_000, 'held notification');
  });

  it('internalError: the next requests answer -32603 and are not carried out', async () => {
    const c = track(await connectClient(t.sim));
    await fault({ kind: 'internalError', count: 2 });
    expect((await c.call('login', { extension: '301', password: 'pw-301' })).error?.code).toBe(-32603);
    expect((await c.call('hangup', {})).error?.code).toBe(-32603);
    expect((await c.call('dial', { extension: X })).error?.code).toBe(-32000);
    expect((await c.call('login', { extension: '301', password: 'pw-301' })).result).toBe(true);
    // Narrowed to one account's sessions.
    await fault({ kind: 'internalError', accountId: 1302 });
    expect((await c.call('dial', { extension: X })).result).toBe(true);
    expect((await control(t.sim, 'GET', '/control/faults')).json.switchvox).toEqual([{ kind: 'internalError', accountId: 1302, remaining: 1 }]);
  });

  it('revokeDial / revokeVisibility: later requests get -32001, existing subscriptions stay; restorePermissions', async () => {
    const c = track(await loggedIn(t.sim, '304', [1305]));
    await fault({ kind: 'revokeDial', accountId: 1304 });
    await fault({ kind: 'revokeVisibility', accountId: 1304 });
    expect((await c.call('dial', { extension: X })).error?.code).toBe(-32001);
    expect((await c.call('subscribe', { topic: TOPIC, targets: [{ accountId: 1306 }] })).error?.code).toBe(-32001);
    expect((await c.call('subscribe', { topic: TOPIC, targets: [{ accountId: 1304 }] })).result).toBe(true);
    t.sim.engine.placeCall(X, '305');
    await c.sync();
    expect(c.notifications.map((n) => n.params.account.accountId)).toEqual([1305]);
    // New sessions of the account are refused as well.
    const other = track(await loggedIn(t.sim, '304'));
    expect((await other.call('dial', { extension: X })).error?.code).toBe(-32001);
    expect((await control(t.sim, 'GET', '/control/faults')).json.switchvox).toEqual([
      { kind: 'revokeDial', accountId: 1304 },
      { kind: 'revokeVisibility', accountId: 1304 },
    ]);
    await fault({ kind: 'restorePermissions' });
    expect((await c.call('dial', { extension: X })).result).toBe(true);
    expect((await c.call('subscribe', { topic: TOPIC, targets: [{ accountId: 1306 }] })).result).toBe(true);
  });

  it('control API: validation, GET lists both targets, DELETE and reset clear faults and permissions', async () => {
    expect((await fault({ kind: 'http500' })).status).toBe(400);
    expect((await fault({ kind: 'revokeDial' })).status).toBe(400);
    expect((await fault({ kind: 'revokeDial', accountId: 1610 })).status).toBe(400);
    expect((await fault({ kind: 'delay', delayMs: -1 })).status).toBe(400);
    expect((await control(t.sim, 'POST', '/control/faults', { target: 'voipnow', kind: 'revokeDial' })).status).toBe(400);
    await fault({ kind: 'duplicate', count: 3, accountId: 1301 });
    await fault({ kind: 'revokeDial', accountId: 1301 });
    await control(t.sim, 'POST', '/control/faults', { target: 'noojee', kind: 'http500' });
    expect((await control(t.sim, 'GET', '/control/faults')).json).toEqual({
      noojee: [{ kind: 'http500', remaining: 1 }],
      switchvox: [{ kind: 'duplicate', count: 3, accountId: 1301, remaining: 3 }, { kind: 'revokeDial', accountId: 1301 }],
      telphin: [],
      voipnow: [],
    });
    expect((await control(t.sim, 'DELETE', '/control/faults')).status).toBe(200);
    expect((await control(t.sim, 'GET', '/control/faults')).json).toEqual({ noojee: [], switchvox: [], telphin: [], voipnow: [] });
    await fault({ kind: 'revokeVisibility', accountId: 1302 });
    await fault({ kind: 'delay' });
    await control(t.sim, 'POST', '/control/reset');
    expect(t.sim.switchvox.faults()).toEqual([]);
  });
});
