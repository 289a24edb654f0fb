import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestSim, type TestSim } from '../test-helpers';
import { loggedIn, type ReceivedNotification, type SvClient } from './test-client';

let t: TestSim;
let c: SvClient;
beforeAll(async () => {
  t = await startTestSim({ engine: { externalAnswerMs: null, agentAnswerMs: null }, switchvox: { serverUuid: 'uuid-b' } });
});
afterAll(() => t.sim.close());
afterEach(() => {
  c.close();
  t.sim.engine.reset();
});

const ALL = Array.from({ length: 12 }, (_, i) => 1301 + i);
const X = '8585551212';

/** switchvox.md §7.2 notation: `status/direction [remote numbers]` (+ flags), per line in order of appearance. */
function lines(client: SvClient, accountId: number): string[][] {
  const out = new Map<string, string[]>();
  for (const n of client.notifications.filter((m) => m.params.account.accountId === accountId)) {
    const p = n.params;
    let text = `${p.status}/${p.direction} [${p.remotes.map((r) => r.number).join(',')}]`;
    if (p.intercom) text += ' intercom';
    if (p.conference) text += ` conf:${p.conference.extension}`;
    if (p.queueId) text += ` queue:${p.queueId.accountId}`;
    out.set(p.uniqueId, [...(out.get(p.uniqueId) ?? []), text]);
  }
  return [...out.values()];
}

const last = (client: SvClient, accountId: number): ReceivedNotification['params'] | undefined =>
  client.notifications.filter((n) => n.params.account.accountId === accountId).at(-1)?.params;

describe('§7.2 sequences driven by the call engine (301 observed)', () => {
  it('inbound answered: ringing → onThePhone → idle, caller-ID name in any Unicode', async () => {
    c = await loggedIn(t.sim, '301', [1301]);
    const call = t.sim.engine.placeCall(X, '301', { callerName: 'Renée Faure–Ωμέγα 😀' });
    t.sim.engine.answer(call.callId);
    t.sim.engine.hangup(call.callId);
    await c.sync();
    expect(lines(c, 1301)).toEqual([[`ringing/fromPbx [${X}]`, `onThePhone/fromPbx [${X}]`, `idle/fromPbx [${X}]`]]);
    expect(c.notifications.map((n) => n.params.remotes)).toEqual(Array(3).fill([{ name: 'Renée Faure–Ωμέγα 😀', number: X }]));
  });

  it('missed: ringing → idle (ring timeout, caller abandons)', async () => {
    c = await loggedIn(t.sim, '301', [1301]);
    t.sim.engine.placeCall(X, '301');
    t.clock.advance(15_000);
    const abandoned = t.sim.engine.placeCall('8585550000', '301');
    t.sim.engine.hangup(abandoned.callId);
    await c.sync();
    expect(lines(c, 1301)).toEqual([
      [`ringing/fromPbx [${X}]`, `idle/fromPbx [${X}]`],
      ['ringing/fromPbx [8585550000]', 'idle/fromPbx [8585550000]'],
    ]);
  });

  it('outbound 301 → 302: starting → calling → onThePhone → idle; 302 rings; names and accounts in remotes', async () => {
    c = await loggedIn(t.sim, '301', [1301, 1302]);
    const call = t.sim.engine.placeCall('301', '302');
    t.sim.engine.answer(call.callId, '302');
    t.sim.engine.hangup(call.callId, '301');
    await c.sync();
    expect(lines(c, 1301)).toEqual([['starting/toPbx []', 'calling/toPbx [302]', 'onThePhone/toPbx [302]', 'idle/toPbx [302]']]);
    expect(lines(c, 1302)).toEqual([['ringing/fromPbx [301]', 'onThePhone/fromPbx [301]', 'idle/fromPbx [301]']]);
    expect(last(c, 1301)?.remotes).toEqual([{ name: 'José Núñez', number: '302', account: { accountId: 1302, serverUuid: 'uuid-b' } }]);
    expect(last(c, 1302)?.remotes).toEqual([{ name: 'Zoë Müller', number: '301', account: { accountId: 1301, serverUuid: 'uuid-b' } }]);
  });

  it('outbound busy / no answer: starting → calling → idle', async () => {
    c = await loggedIn(t.sim, '301', [1301]);
    t.sim.engine.placeCall('301', X, { farEnd: { outcome: 'busy', afterMs: 1_000 } });
    t.clock.advance(1_000);
    const unanswered = t.sim.engine.placeCall('301', '302');
    t.clock.advance(15_000);
    expect(t.sim.engine.call(unanswered.callId)).toBeNull();
    await c.sync();
    expect(lines(c, 1301)).toEqual([
      ['starting/toPbx []', `calling/toPbx [${X}]`, `idle/toPbx [${X}]`],
      ['starting/toPbx []', 'calling/toPbx [302]', 'idle/toPbx [302]'],
    ]);
  });

  it('hold: the holding side onThePhone → onHold → onThePhone, the held party stays onThePhone; truth agrees', async () => {
    c = await loggedIn(t.sim, '301', [1301, 1302]);
    const call = t.sim.engine.placeCall('302', '301');
    t.sim.engine.answer(call.callId, '301');
    t.sim.engine.hold(call.callId, '301');
    expect(t.sim.engine.truth().legs.map((l) => [l.extension, l.state, l.onHold])).toEqual([
      ['301', 'held', true],
      ['302', 'talking', false],
    ]);
    expect(t.sim.engine.call(call.callId)?.phase).toBe('talking');
    expect(() => t.sim.engine.hold(call.callId, '301')).toThrow(/not talking/);
    t.sim.engine.unhold(call.callId, '301');
    t.sim.engine.hangup(call.callId);
    await c.sync();
    expect(lines(c, 1301)).toEqual([['ringing/fromPbx [302]', 'onThePhone/fromPbx [302]', 'onHold/fromPbx [302]', 'onThePhone/fromPbx [302]', 'idle/fromPbx [302]']]);
    expect(lines(c, 1302)).toEqual([['starting/toPbx []', 'calling/toPbx [301]', 'onThePhone/toPbx [301]', 'idle/toPbx [301]']]);
  });

  it('blind transfer: the transferer goes idle; the target gets a new line ringing → onThePhone [X]', async () => {
    c = await loggedIn(t.sim, '301', [1301, 1302, 1303]);
    const outside = t.sim.engine.placeCall(X, '301');
    t.sim.engine.answer(outside.callId);
    t.sim.engine.transfer(outside.callId, '301', '302');
    t.sim.engine.answer(outside.callId, '302');
    // An internal party left behind waits on hold until the target answers.
    const internal = t.sim.engine.placeCall('303', '304');
    t.sim.engine.answer(internal.callId, '304');
    t.sim.engine.transfer(internal.callId, '304', '305');
    t.sim.engine.answer(internal.callId, '305');
    await c.sync();
    expect(lines(c, 1301)).toEqual([[`ringing/fromPbx [${X}]`, `onThePhone/fromPbx [${X}]`, `idle/fromPbx [${X}]`]]);
    expect(lines(c, 1302)).toEqual([[`ringing/fromPbx [${X}]`, `onThePhone/fromPbx [${X}]`]]);
    expect(lines(c, 1303)).toEqual([['starting/toPbx []', 'calling/toPbx [304]', 'onThePhone/toPbx [304]', 'onHold/toPbx [305]', 'onThePhone/toPbx [305]']]);
  });

  it('attended transfer: A onHold, B starting → calling → onThePhone; completion idles A then B; 302 keeps its line, remotes [301] → [X]', async () => {
    c = await loggedIn(t.sim, '301', [1301, 1302]);
    const e = t.sim.engine;
    const call = e.placeCall(X, '301');
    e.answer(call.callId);
    const consult = e.consult(call.callId, '301', '302');
    expect(e.truth().legs.filter((l) => l.extension === '301').map((l) => l.state)).toEqual(['held', 'dialing']);
    expect(() => e.completeTransfer(call.callId, consult.callId)).toThrow(/not answered/);
    e.answer(consult.callId, '302');
    e.completeTransfer(call.callId, consult.callId);
    expect(e.call(consult.callId)).toBeNull();
    expect(e.truth().legs.map((l) => [l.extension, l.state, l.peer, l.uniqueCallId])).toEqual([['302', 'talking', X, call.callId]]);
    e.hangup(call.callId);
    await c.sync();
    expect(lines(c, 1301)).toEqual([
      [`ringing/fromPbx [${X}]`, `onThePhone/fromPbx [${X}]`, `onHold/fromPbx [${X}]`, `idle/fromPbx [${X}]`],
      ['starting/toPbx []', 'calling/toPbx [302]', 'onThePhone/toPbx [302]', 'idle/toPbx [302]'],
    ]);
    expect(lines(c, 1302)).toEqual([['ringing/fromPbx [301]', 'onThePhone/fromPbx [301]', `onThePhone/fromPbx [${X}]`, `idle/fromPbx [${X}]`]]);
  });

  it('conference: onThePhone with conference set and remotes [], leaving → idle', async () => {
    c = await loggedIn(t.sim, '301', [1301, 1302]);
    const one = t.sim.engine.placeCall('301', '850');
    const two = t.sim.engine.placeCall(X, '850');
    t.sim.engine.placeCall('302', '850');
    expect(t.sim.engine.truth().calls.map((call) => call.conference)).toEqual(['850', '850', '850']);
    t.sim.engine.hangup(one.callId);
    t.sim.engine.hangup(two.callId);
    await c.sync();
    expect(lines(c, 1301)).toEqual([['starting/toPbx []', 'calling/toPbx [850]', 'onThePhone/toPbx [] conf:850', 'idle/toPbx [] conf:850']]);
    expect(lines(c, 1302)).toEqual([['starting/toPbx []', 'calling/toPbx [850]', 'onThePhone/toPbx [] conf:850']]);
    expect(last(c, 1302)?.conference).toEqual({ extension: '850', name: 'Team bridge' });
  });

  it('queue 610 ring-all: every idle agent rings with queueId; the first answer wins, the others go idle', async () => {
    c = await loggedIn(t.sim, '301', ALL);
    const busy = t.sim.engine.placeCall('8585550000', '304');
    t.sim.engine.answer(busy.callId);
    const call = t.sim.engine.placeCall(X, '610');
    expect(t.sim.engine.truth().legs.filter((l) => l.state === 'ringing').map((l) => [l.extension, l.queue])).toEqual(
      ['301', '302', '303', '305', '306'].map((ext) => [ext, '610']),
    );
    t.sim.engine.answer(call.callId, '303');
    t.sim.engine.hangup(call.callId);
    await c.sync();
    for (const agent of [1301, 1302, 1305, 1306]) expect(lines(c, agent)).toEqual([[`ringing/fromPbx [${X}] queue:1610`, `idle/fromPbx [${X}] queue:1610`]]);
    expect(lines(c, 1303)).toEqual([[`ringing/fromPbx [${X}] queue:1610`, `onThePhone/fromPbx [${X}] queue:1610`, `idle/fromPbx [${X}] queue:1610`]]);
    expect(last(c, 1303)?.queueId).toEqual({ accountId: 1610, serverUuid: 'uuid-b' });
  });

  it('queue 610: nobody answers → all idle, then every idle agent rings again', async () => {
    c = await loggedIn(t.sim, '301', [1301]);
    const call = t.sim.engine.placeCall(X, '610');
    t.clock.advance(15_000);
    expect(t.sim.engine.call(call.callId)?.legs).toHaveLength(6);
    await c.sync();
    expect(lines(c, 1301).map((l) => l.map((s) => s.split('/')[0]))).toEqual([['ringing', 'idle'], ['ringing']]);
  });

  it('intercom: originator starting → calling → onThePhone, target directly onThePhone; both intercom', async () => {
    c = await loggedIn(t.sim, '301', [1301, 1302]);
    const call = t.sim.engine.intercom('301', '302');
    expect(t.sim.engine.truth().legs.map((l) => [l.extension, l.state])).toEqual([['301', 'talking'], ['302', 'talking']]);
    t.sim.engine.hangup(call.callId);
    await c.sync();
    expect(lines(c, 1301)).toEqual([['starting/toPbx [] intercom', 'calling/toPbx [302] intercom', 'onThePhone/toPbx [302] intercom', 'idle/toPbx [302] intercom']]);
    expect(lines(c, 1302)).toEqual([['onThePhone/fromPbx [301] intercom', 'idle/fromPbx [301] intercom']]);
  });

  it('several simultaneous lines on one account: call waiting puts the first line on hold', async () => {
    c = await loggedIn(t.sim, '301', [1301]);
    const first = t.sim.engine.placeCall(X, '301');
    t.sim.engine.answer(first.callId);
    const second = t.sim.engine.placeCall('302', '301');
    t.sim.engine.answer(second.callId, '301');
    expect(t.sim.engine.truth().legs.filter((l) => l.extension === '301').map((l) => l.state)).toEqual(['held', 'talking']);
    t.sim.engine.unhold(first.callId, '301');
    expect(t.sim.engine.truth().legs.filter((l) => l.extension === '301').map((l) => l.state)).toEqual(['talking', 'held']);
    await c.sync();
    expect(lines(c, 1301)).toEqual([
      [`ringing/fromPbx [${X}]`, `onThePhone/fromPbx [${X}]`, `onHold/fromPbx [${X}]`, `onThePhone/fromPbx [${X}]`],
      ['ringing/fromPbx [302]', 'onThePhone/fromPbx [302]', 'onHold/fromPbx [302]'],
    ]);
  });
});
