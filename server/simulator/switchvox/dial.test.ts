import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestSim, type TestSim } from '../test-helpers';
import { loggedIn, sequences, until, type SvClient } from './test-client';

let t: TestSim;
let responseFirst: TestSim;
let c: SvClient;
beforeAll(async () => {
  const engine = { externalAnswerMs: null, agentAnswerMs: null };
  t = await startTestSim({ engine });
  responseFirst = await startTestSim({ engine, switchvox: { dialResponseFirst: true } });
});
afterAll(() => Promise.all([t.sim.close(), responseFirst.sim.close()]));
afterEach(() => {
  c.close();
  t.sim.engine.reset();
  responseFirst.sim.engine.reset();
});

const X = '8585551212';
const D = { linesightRequestId: '6f1c2a9e-0000-4000-8000-000000000001', note: 'ça marche' };

describe('dial (switchvox.md §4.5, §7.3)', () => {
  it('rings the caller first (fromPbx), then dials on answer; dialData on every notification of that line', async () => {
    c = await loggedIn(t.sim, '301', [1301]);
    const r = await c.call('dial', { extension: X, dialData: D });
    expect(r.result).toBe(true);
    await c.sync();
    const [leg] = t.sim.engine.truth().legs;
    expect(leg).toMatchObject({ extension: '301', state: 'ringing', role: 'caller' });
    // The destination is not dialed until 301 answers.
    expect(t.sim.engine.truth().calls[0]?.phase).toBe('setup');
    const callId = leg?.uniqueCallId ?? '';
    t.sim.engine.answer(callId, '301');
    t.sim.engine.answer(callId);
    t.sim.engine.hangup(callId);
    await c.sync();
    const line = c.notifications.map((n) => `${n.params.status}/${n.params.direction} [${n.params.remotes.map((x) => x.number).join()}]`);
    expect(line).toEqual([`ringing/fromPbx [${X}]`, `calling/fromPbx [${X}]`, `onThePhone/fromPbx [${X}]`, `idle/fromPbx [${X}]`]);
    expect(new Set(c.notifications.map((n) => n.params.uniqueId)).size).toBe(1);
    for (const n of c.notifications) expect(n.params.dialData).toEqual(D);
    for (const n of c.notifications) expect(n.params.endpoint).toEqual({ convergedDeviceId: 1, label: 'Main Extension' });
  });

  it('not answered by the caller: ringing → idle and the destination is never dialed', async () => {
    c = await loggedIn(t.sim, '302', [1302, 1303]);
    expect((await c.call('dial', { extension: '303', dialData: 7 })).result).toBe(true);
    t.clock.advance(15_000);
    await c.sync();
    expect(sequences(c, 1302)).toEqual([['ringing', 'idle']]);
    expect(sequences(c, 1303)).toEqual([]);
    expect(c.notifications.map((n) => n.params.dialData)).toEqual([7, 7]);
  });

  it('an internal destination: its own line has no dialData; convergedDeviceId picks the endpoint', async () => {
    c = await loggedIn(t.sim, '301', [1301, 1302]);
    expect((await c.call('dial', { extension: '302', convergedDeviceId: '2', dialData: 'x' })).result).toBe(true);
    const callId = t.sim.engine.truth().legs[0]?.uniqueCallId ?? '';
    t.sim.engine.answer(callId, '301');
    t.sim.engine.answer(callId, '302');
    await c.sync();
    expect(sequences(c, 1301)).toEqual([['ringing', 'calling', 'onThePhone']]);
    expect(sequences(c, 1302)).toEqual([['ringing', 'onThePhone']]);
    const mine = c.notifications.filter((n) => n.params.account.accountId === 1301);
    expect(mine.every((n) => n.params.dialData === 'x' && n.params.endpoint.convergedDeviceId === 2 && n.params.endpoint.label === 'Cellphone')).toBe(true);
    expect(c.notifications.filter((n) => n.params.account.accountId === 1302).every((n) => n.params.dialData === null)).toBe(true);
  });

  it('default order: the first notification may precede the response; the client correlates by dialData', async () => {
    c = await loggedIn(t.sim, '301', [1301]);
    await c.call('dial', { extension: X, dialData: D });
    await c.sync();
    expect(c.order.slice(-3, -1)).toEqual(['notification ringing', expect.stringMatching(/^response \d+$/)]);
  });

  it('dialResponseFirst: the response comes first', async () => {
    c = await loggedIn(responseFirst.sim, '301', [1301]);
    await c.call('dial', { extension: X, dialData: D });
    await until(() => c.notifications.length > 0);
    expect(c.order.slice(-2)).toEqual([expect.stringMatching(/^response \d+$/), 'notification ringing']);
  });

  it('bad extension or device is -32602; permission -32001 after params; dialData defaults to null', async () => {
    c = await loggedIn(t.sim, '303', [1303]);
    for (const params of [{}, { extension: 303 }, { extension: '12' }, { extension: '85a' }, { extension: X, convergedDeviceId: 3 }, { extension: X, convergedDeviceId: 'main' }, { extension: '303' }]) {
      expect((await c.call('dial', params)).error?.code, JSON.stringify(params)).toBe(-32602);
    }
    expect(t.sim.engine.calls()).toEqual([]);
    expect((await c.call('dial', { extension: X })).result).toBe(true);
    await c.sync();
    expect(c.notifications.map((n) => n.params.dialData)).toEqual([null]);
  });
});
