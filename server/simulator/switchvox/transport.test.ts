import { request } from 'node:http';
import { io as ioV4 } from 'socket.io-client-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSim, type TestSim } from '../test-helpers';
import { connectClient, loggedIn, until } from './test-client';

let t: TestSim;
beforeAll(async () => {
  t = await startTestSim();
});
afterAll(() => t.sim.close());

/** Plain HTTP GET with the raw status and body (no socket.io client involved). */
function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${t.sim.urls.switchvox}${path}`, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('switchvox transport (switchvox.md §1, §10.1–10.3)', () => {
  it('refuses a real socket.io-client v4, over websocket and over polling, as a 1.x PBX would', async () => {
    for (const transports of [['websocket'], ['polling']]) {
      const socket = ioV4(t.sim.urls.switchvox, { path: '/rtapi/socket.io', transports, forceNew: true, reconnection: false, timeout: 3000 });
      const outcome = await new Promise<string>((resolve) => {
        socket.on('connect', () => resolve('connected'));
        socket.on('connect_error', (err) => resolve(`refused: ${err.message}`));
      });
      socket.close();
      expect(outcome, transports[0]).toMatch(/^refused/);
    }
  });

  it('binds loopback and answers an EIO=3 polling handshake with 1.x heartbeat timings', async () => {
    expect(t.sim.urls.switchvox).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const r = await get('/rtapi/socket.io/?EIO=3&transport=polling&b64=1');
    expect(r.status).toBe(200);
    // EIO v3 payload framing: `<length>:<packet>`, packet 0 = open.
    const match = /^(\d+):0(\{.*?\})/.exec(r.body);
    expect(match).not.toBeNull();
    const open = JSON.parse(match?.[2] ?? '{}') as Record<string, unknown>;
    expect(open).toMatchObject({ sid: expect.any(String), upgrades: ['websocket'], pingInterval: 25_000, pingTimeout: 60_000 });
  });

  it('refuses EIO=4 (a socket.io v3/v4 client) and a missing EIO, like a socket.io 1.x PBX', async () => {
    for (const path of ['/rtapi/socket.io/?EIO=4&transport=polling', '/rtapi/socket.io/?transport=polling', '/rtapi/socket.io/?EIO=5&transport=polling']) {
      expect((await get(path)).status).not.toBe(200);
    }
    const ws = await get('/rtapi/socket.io/?EIO=4&transport=websocket', {
      Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
    });
    expect(ws.status).not.toBe(101);
    expect(ws.status).toBeGreaterThanOrEqual(400);
    expect((await get('/socket.io/?EIO=3&transport=polling')).status).toBe(404);
  });

  it('socket.io-client 2.5.0 over websocket connects; one session per connection, gone with it', async () => {
    // The raw polling handshake above left a session of its own until its heartbeat times out.
    const before = t.sim.switchvox.sessions();
    const a = await connectClient(t.sim);
    const b = await connectClient(t.sim);
    await until(() => t.sim.switchvox.sessions() === before + 2, 2_000, 'two sessions');
    expect((await a.call('login', { extension: '301', password: 'pw-301' })).result).toBe(true);
    // The other connection is its own, unauthenticated session.
    expect((await b.call('dial', { extension: '302' })).error?.code).toBe(-32000);
    a.close();
    b.close();
    await until(() => t.sim.switchvox.sessions() === before, 2_000, 'sessions closed');
    const again = await connectClient(t.sim);
    expect((await again.call('subscribe', { topic: 'state.change.extension.line', targets: [] })).error?.code).toBe(-32000);
    again.close();
  });

  it('uses only the events request / response / notification and ignores a trailing ack', async () => {
    const c = await loggedIn(t.sim, '303', [1303]);
    const events: string[] = [];
    const onevent = (c.socket as unknown as { onevent: (p: { data: unknown[] }) => void }).onevent.bind(c.socket);
    (c.socket as unknown as { onevent: (p: { data: unknown[] }) => void }).onevent = (packet) => {
      events.push(String(packet.data[0]));
      onevent(packet);
    };
    let acked = false;
    c.socket.emit('request', { jsonrpc: '2.0', id: 'ack-1', method: 'unsubscribe', params: { topic: 'state.change.extension.line', targets: [] } }, () => {
      acked = true;
    });
    t.sim.engine.placeCall('8585551212', '303');
    await until(() => c.responses.some((r) => r.id === 'ack-1'));
    await c.sync();
    expect(acked).toBe(false);
    expect([...new Set(events)].sort()).toEqual(['notification', 'response']);
    t.sim.engine.reset();
    c.close();
  });

  it('closes promptly with clients still connected', async () => {
    const sim = (await startTestSim()).sim;
    const c = await connectClient(sim, { reconnection: false });
    const started = Date.now();
    await sim.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    await until(() => c.disconnects.length > 0, 2_000, 'client disconnected');
    c.close();
  });
});
