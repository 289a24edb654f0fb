import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSim, type TestSim } from '../test-helpers';
import { loggedIn, statusesByLine, type SvClient } from './test-client';

let t: TestSim;
let c: SvClient;
let d: SvClient;
beforeAll(async () => {
  t = await startTestSim({ switchvox: { serverUuid: 'uuid-inv' } });
  const all = t.sim.switchvox.accounts().filter((a) => a.kind === 'phone').map((a) => a.accountId);
  c = await loggedIn(t.sim, '312', all);
  d = await loggedIn(t.sim, '311', [1301, 1302, 1303]);
  // Ten busy minutes of both sites, then every call hung up: every line must have ended.
  t.sim.traffic.start({ callsPerMinute: 40, seed: 11 });
  for (let i = 0; i < 600; i++) t.clock.advance(1_000);
  t.sim.traffic.clear();
  t.sim.engine.reset();
  await c.sync();
  await d.sync();
});
afterAll(async () => {
  c.close();
  d.close();
  await t.sim.close();
});

const MEMBERS = ['account', 'conference', 'dialData', 'direction', 'displayUrl', 'endpoint', 'intercom', 'queueId', 'remotes', 'serverTime', 'startTime', 'status', 'uniqueId'];

describe('notification invariants under random traffic (switchvox.md §5, §10.6)', () => {
  it('saw a rich mix of lines on site B only', () => {
    const seen = new Set(c.notifications.map((n) => n.params.status));
    expect([...seen].sort()).toEqual(['calling', 'idle', 'onHold', 'onThePhone', 'ringing', 'starting']);
    expect(c.notifications.some((n) => n.params.queueId?.accountId === 1610)).toBe(true);
    expect(c.notifications.some((n) => n.params.intercom)).toBe(true);
    expect(c.notifications.some((n) => n.params.conference !== null)).toBe(true);
    expect(new Set(c.notifications.map((n) => n.params.account.accountId)).size).toBe(12);
    expect(Object.keys(statusesByLine(c)).length).toBeGreaterThan(50);
  });

  it('every message: §5.1 envelope without id and the full §5.2 member set, typed', () => {
    for (const n of c.notifications) {
      expect(Object.keys(n).sort()).toEqual(['jsonrpc', 'method', 'params']);
      expect(n.jsonrpc).toBe('2.0');
      expect(n.method).toBe('state.change.extension.line');
      const p = n.params;
      expect(Object.keys(p).sort()).toEqual(MEMBERS);
      expect(p.account).toEqual({ accountId: expect.any(Number), serverUuid: 'uuid-inv' });
      expect(['toPbx', 'fromPbx']).toContain(p.direction);
      expect(Number.isInteger(p.startTime) && Number.isInteger(p.serverTime) && p.startTime > 1e12).toBe(true);
      expect(typeof p.intercom).toBe('boolean');
      expect(p.displayUrl).toBeNull();
      for (const r of p.remotes) expect(typeof r.name === 'string' && typeof r.number === 'string').toBe(true);
    }
  });

  it('uniqueId "<epoch s>.<seq>": distinct as text even where equal as floats', async () => {
    const ids = Object.keys(statusesByLine(c));
    for (const id of ids) expect(id).toMatch(/^\d{10}\.\d+$/);
    // Ten lines in one second on a fresh PBX: "<s>.1" and "<s>.10" are different lines, the same float.
    const fresh = await startTestSim();
    try {
      const e = fresh.sim.engine;
      const watcher = await loggedIn(fresh.sim, '301', [1301, 1302, 1303, 1304, 1305]);
      for (const ext of ['301', '302', '303', '304', '305']) e.answer(e.placeCall('8585550000', ext).callId);
      for (const ext of ['301', '302', '303', '304', '305']) e.placeCall('8585550001', ext);
      await watcher.sync();
      const fresher = Object.keys(statusesByLine(watcher));
      watcher.close();
      expect(fresher).toHaveLength(10);
      expect(new Set(fresher.map(Number)).size).toBe(9);
    } finally {
      await fresh.sim.close();
    }
  });

  it('serverTime non-decreasing per connection, strictly increasing per line; startTime constant per line', () => {
    for (const client of [c, d]) {
      const times = client.notifications.map((n) => n.params.serverTime);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      const byLine = new Map<string, { last: number; start: number }>();
      for (const { params: p } of client.notifications) {
        const prev = byLine.get(p.uniqueId);
        if (prev) {
          expect(p.serverTime).toBeGreaterThan(prev.last);
          expect(p.startTime).toBe(prev.start);
        }
        byLine.set(p.uniqueId, { last: p.serverTime, start: p.startTime });
      }
    }
  });

  it('exactly one idle per uniqueId, and it is the last; no line is replayed after its idle', () => {
    for (const [id, statuses] of Object.entries(statusesByLine(c))) {
      expect(statuses.filter((s) => s === 'idle'), id).toHaveLength(1);
      expect(statuses.at(-1)).toBe('idle');
      expect(['starting', 'ringing', 'onThePhone']).toContain(statuses[0]);
    }
  });

  it('every status change is a transition of the §7.1 table (same status again: a remotes/queue/conference change)', () => {
    const allowed: Record<string, string[]> = {
      starting: ['calling', 'idle'],
      calling: ['calling', 'onThePhone', 'idle'],
      ringing: ['ringing', 'onThePhone', 'calling', 'idle'],
      onThePhone: ['onThePhone', 'onHold', 'idle'],
      onHold: ['onHold', 'onThePhone', 'idle'],
    };
    for (const statuses of Object.values(statusesByLine(c))) {
      for (let i = 1; i < statuses.length; i++) {
        const [from = '', to = ''] = [statuses[i - 1], statuses[i]];
        expect(allowed[from], `${from} → ${to}`).toContain(to);
      }
    }
  });

  it('a second connection sees the same lines of its targets, with identical content', () => {
    const mine = new Set([1301, 1302, 1303]);
    const expected = c.notifications.filter((n) => mine.has(n.params.account.accountId));
    expect(d.notifications).toEqual(expected);
  });

  it('non-ASCII names arrive intact over websocket', () => {
    const names = new Set(c.notifications.flatMap((n) => n.params.remotes.map((r) => r.name)));
    const accented = [...names].filter((n) => /[^\u0020-\u007e]/.test(n));
    expect(accented.length).toBeGreaterThan(3);
    for (const n of accented) expect(['Zoë Müller', 'José Núñez', 'Björn Åkesson', 'Sofía Castillo', 'Emma Lefèvre', 'Łukasz Nowak', 'Renée Faure', 'Jürgen Groß', 'Ana Conceição', 'Søren Kierkegaard']).toContain(n);
  });
});
