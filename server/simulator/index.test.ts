import { describe, expect, it } from 'vitest';
import { startSimulator } from './index';
import { TEST_KEY } from './test-helpers';

describe('startSimulator', () => {
  it('binds loopback on free ports, starts traffic when asked, closes promptly', async () => {
    const sim = await startSimulator({ noojeeApiKey: TEST_KEY, noojeeMinReplyMs: 5, traffic: { callsPerMinute: 30 }, seed: 3 });
    expect(sim.urls.noojee).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.urls.control).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.urls.noojee).not.toBe(sim.urls.control);
    expect(sim.directory.phones.filter((p) => p.site === 'A').map((p) => p.number)).toEqual(Array.from({ length: 16 }, (_, i) => String(201 + i)));
    expect(sim.directory.phones.filter((p) => p.site === 'B').map((p) => p.number)).toEqual(Array.from({ length: 12 }, (_, i) => String(301 + i)));
    expect(sim.urls.switchvox).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(new Set([sim.urls.noojee, sim.urls.control, sim.urls.switchvox]).size).toBe(3);
    expect(sim.urls.telphin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(new Set([sim.urls.noojee, sim.urls.control, sim.urls.switchvox, sim.urls.telphin]).size).toBe(4);
    expect(sim.directory.phones.filter((p) => p.site === 'C').map((p) => p.number)).toEqual(Array.from({ length: 10 }, (_, i) => String(401 + i)));
    expect(sim.telphin).toMatchObject({ clientId: 'demo-telphin-client', clientSecret: expect.any(String), clientAccountId: 1, prefix: '0003', domain: 'sipproxy.telphin.ru' });
    expect(sim.traffic.status()).toEqual({ running: true, callsPerMinute: 30, seed: 3 });
    const res = await fetch(`${sim.urls.noojee}/servicemanager/rest/CallManagementAPI/subscribe?apiKey=${TEST_KEY}&exten=201&lastSequenceNumber=0&timeOut=0`, { method: 'POST' });
    expect(await res.json()).toMatchObject({ Code: 0, seq: expect.any(Number) });
    const started = Date.now();
    await sim.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(sim.engine.calls()).toEqual([]);
    await expect(fetch(`${sim.urls.control}/control/truth`)).rejects.toThrow();
    await expect(fetch(`${sim.urls.telphin}/oauth/token`, { method: 'POST' })).rejects.toThrow();
  });
});
