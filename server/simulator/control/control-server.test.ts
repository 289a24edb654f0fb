import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { control, startTestSim, type TestSim } from '../test-helpers';

let t: TestSim;
beforeAll(async () => {
  t = await startTestSim();
});
afterAll(() => t.sim.close());
beforeEach(async () => {
  await control(t.sim, 'POST', '/control/reset');
});

describe('control API (DESIGN.md §7)', () => {
  it('GET /control/directory', async () => {
    const { status, json } = await control(t.sim, 'GET', '/control/directory');
    expect(status).toBe(200);
    const phones = json.phones as { site: string }[];
    expect(phones.filter((p) => p.site === 'A').length).toBe(16);
    expect(phones.filter((p) => p.site === 'B').length).toBe(12);
    expect(phones[0]).toEqual({ number: '201', name: 'Olivia Bennett', login: 'olivia', site: 'A', accountId: null });
    expect(phones.find((p) => (p as unknown as { number: string }).number === '301')).toEqual({ number: '301', name: 'Zoë Müller', login: 'zoë', site: 'B', accountId: 1301 });
    expect(json.queues).toEqual([
      { number: '600', name: 'Sales', agents: ['201', '202', '203', '204', '205', '206'], site: 'A', strategy: 'rrmemory', accountId: null },
      { number: '601', name: 'Support', agents: ['207', '208', '209', '210', '211', '212'], site: 'A', strategy: 'rrmemory', accountId: null },
      { number: '610', name: 'Helpdesk', agents: ['301', '302', '303', '304', '305', '306'], site: 'B', strategy: 'ringall', accountId: 1610 },
      { number: '620', name: 'Orders', agents: ['401', '402', '403', '404', '405', '406'], site: 'C', strategy: 'topdown', accountId: null },
      { number: '630', name: 'Service', agents: ['501', '502', '503', '504', '505', '506'], site: 'D', strategy: 'rrmemory', accountId: null },
    ]);
    expect(json.ivrs).toEqual([
      { number: '700', name: 'Main menu', site: 'A' },
      { number: '720', name: 'Menu', site: 'C' },
    ]);
    expect(phones.filter((p) => p.site === 'C').length).toBe(10);
    expect(phones.filter((p) => p.site === 'D').length).toBe(10);
    expect(json.conferences).toEqual([{ number: '850', name: 'Team bridge', site: 'B' }]);
  });

  it('calls: create, answer, transfer, hang up; truth follows', async () => {
    const created = await control(t.sim, 'POST', '/control/calls', { from: '0412345678', to: '214' });
    expect(created.status).toBe(201);
    const id = created.json.callId as string;
    expect(created.json.uniqueCallId).toBe(id);
    const path = `/control/calls/${encodeURIComponent(id)}`;
    expect((await control(t.sim, 'POST', `${path}/answer`, { extension: '215' })).status).toBe(409);
    expect((await control(t.sim, 'POST', `${path}/answer`, { extension: '214' })).json).toEqual({ ok: true });
    expect((await control(t.sim, 'POST', `${path}/transfer`, { extension: '214', to: '215' })).status).toBe(200);
    const truth = await control(t.sim, 'GET', '/control/truth');
    expect(truth.json.legs).toEqual([
      expect.objectContaining({ extension: '215', uniqueCallId: id, state: 'ringing', direction: 'inbound', peer: '0412345678', queue: null, recording: false }),
    ]);
    expect(truth.json.calls).toEqual([expect.objectContaining({ callId: id, phase: 'ringing', external: '0412345678', legs: ['215'] })]);
    expect((await control(t.sim, 'POST', `${path}/hangup`, {})).status).toBe(200);
    expect((await control(t.sim, 'POST', `${path}/hangup`)).status).toBe(404);
    expect((await control(t.sim, 'GET', '/control/truth')).json).toEqual({ legs: [], calls: [], queueWaiting: [] });
  });

  it('outbound calls with a scripted far end', async () => {
    const created = await control(t.sim, 'POST', '/control/calls', { from: '213', to: '0383208100', farEnd: { outcome: 'answer', afterMs: null } });
    const id = created.json.callId as string;
    t.clock.advance(60_000);
    expect(t.sim.engine.call(id)?.phase).toBe('dialing');
    await control(t.sim, 'POST', `/control/calls/${id}/answer`, {});
    expect(t.sim.engine.call(id)?.legs[0]?.state).toBe('talking');
  });

  it('rejects bad input with 400 {error}', async () => {
    for (const body of [{}, { from: '213' }, { from: 'abc', to: '214' }, { from: '600', to: '214' }, { from: '213', to: '213' }]) {
      const r = await control(t.sim, 'POST', '/control/calls', body);
      expect(r.status).toBe(400);
      expect(typeof r.json.error).toBe('string');
    }
    const raw = await fetch(`${t.sim.urls.control}/control/calls`, { method: 'POST', body: '{nope' });
    expect(raw.status).toBe(400);
    expect((await control(t.sim, 'GET', '/control/nothing')).status).toBe(404);
    expect((await control(t.sim, 'POST', '/control/traffic', { callsPerMinute: -1 })).status).toBe(400);
  });

  it('scenarios by letter or name, with parties; unknown is 404', async () => {
    const r = await control(t.sim, 'POST', '/control/scenarios/f', { a: '201', b: '202', c: '203' });
    expect(r.json).toMatchObject({ scenario: 'F', callIds: [expect.any(String)] });
    expect(t.sim.engine.legsOn('201')).toHaveLength(1);
    expect((await control(t.sim, 'POST', '/control/scenarios/nope')).status).toBe(404);
    expect((await control(t.sim, 'POST', '/control/scenarios/A', { a: '600' })).status).toBe(400);
  });

  it('traffic start/stop and reset', async () => {
    const started = await control(t.sim, 'POST', '/control/traffic', { callsPerMinute: 120, seed: 4 });
    expect(started.json).toEqual({ running: true, callsPerMinute: 120, seed: 4 });
    t.clock.advance(60_000);
    expect(t.sim.engine.calls().length).toBeGreaterThan(0);
    expect((await control(t.sim, 'DELETE', '/control/traffic')).json).toMatchObject({ running: false });
    await control(t.sim, 'POST', '/control/faults', { target: 'noojee', kind: 'http500', count: 5 });
    await control(t.sim, 'POST', '/control/traffic', { callsPerMinute: 120 });
    expect((await control(t.sim, 'POST', '/control/reset')).json).toEqual({ ok: true });
    expect(t.sim.engine.calls()).toEqual([]);
    expect(t.sim.traffic.status().running).toBe(false);
    expect(t.sim.noojee.faults()).toEqual([]);
  });

  it('hold, consult + complete-transfer, intercom, caller names (site B features)', async () => {
    const created = await control(t.sim, 'POST', '/control/calls', { from: '8585551212', to: '301', callerName: 'Zoë Outside' });
    const id = created.json.callId as string;
    expect(t.sim.engine.call(id)?.callerName).toBe('Zoë Outside');
    await control(t.sim, 'POST', `/control/calls/${id}/answer`, {});
    expect((await control(t.sim, 'POST', `/control/calls/${id}/hold`, { extension: '301' })).json).toEqual({ ok: true });
    expect((await control(t.sim, 'POST', `/control/calls/${id}/hold`, { extension: '301' })).status).toBe(409);
    expect((await control(t.sim, 'GET', '/control/truth')).json.legs).toEqual([expect.objectContaining({ extension: '301', site: 'B', state: 'held', onHold: true })]);
    expect((await control(t.sim, 'POST', `/control/calls/${id}/unhold`, { extension: '301' })).status).toBe(200);
    const consult = await control(t.sim, 'POST', `/control/calls/${id}/consult`, { extension: '301', to: '302' });
    expect(consult.status).toBe(201);
    const consultId = consult.json.callId as string;
    expect((await control(t.sim, 'POST', `/control/calls/${id}/complete-transfer`, { consultCallId: consultId })).status).toBe(409);
    await control(t.sim, 'POST', `/control/calls/${consultId}/answer`, { extension: '302' });
    expect((await control(t.sim, 'POST', `/control/calls/${id}/complete-transfer`, { consultCallId: consultId })).status).toBe(200);
    expect(t.sim.engine.truth().legs.map((l) => [l.extension, l.state, l.peer])).toEqual([['302', 'talking', '8585551212']]);
    const intercom = await control(t.sim, 'POST', '/control/intercom', { from: '303', to: '304' });
    expect(intercom.status).toBe(201);
    expect((await control(t.sim, 'GET', '/control/truth')).json.calls).toEqual(
      expect.arrayContaining([expect.objectContaining({ callId: intercom.json.callId, intercom: true })]),
    );
    expect((await control(t.sim, 'POST', '/control/intercom', { from: '303', to: '0412345678' })).status).toBe(400);
    expect((await control(t.sim, 'POST', '/control/traffic', { callsPerMinute: 10, sites: ['E'] })).status).toBe(400);
    expect((await control(t.sim, 'POST', '/control/traffic', { callsPerMinute: 10, sites: ['B'] })).status).toBe(200);
  });

  it('GET /control/recordings shows live and ended recorded calls', async () => {
    const call = t.sim.engine.placeCall('0412345678', '214');
    t.sim.engine.startRecording(call.callId, { tag: 't1', owner: 'leo' });
    t.sim.engine.answer(call.callId);
    let r = await control(t.sim, 'GET', '/control/recordings');
    expect(r.json.recordings).toEqual([{ callId: call.callId, uniqueCallId: call.callId, ended: false, active: true, legs: 2, tag: 't1', owner: 'leo' }]);
    t.sim.engine.hangup(call.callId);
    r = await control(t.sim, 'GET', '/control/recordings');
    expect(r.json.recordings).toEqual([expect.objectContaining({ callId: call.callId, ended: true, active: false, legs: 2 })]);
  });
});
