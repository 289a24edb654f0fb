import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noojee, startTestSim, TEST_KEY, type TestSim } from '../test-helpers';

let t: TestSim;
beforeAll(async () => {
  t = await startTestSim();
});
afterAll(() => t.sim.close());

const base = () => `${t.sim.urls.noojee}/servicemanager/rest`;

describe('noojee transport (noojee.md §1, §6.1–6.3)', () => {
  it('rejects a missing or wrong apiKey with Code -1 on HTTP 200', async () => {
    const missing = await fetch(`${base()}/CallManagementAPI/hangup?extenOrUniqueId=214`, { method: 'POST' });
    expect(missing.status).toBe(200);
    expect(await missing.json()).toEqual({ Message: 'Missing apiKey', Code: -1 });
    const wrong = await noojee(t.sim, 'subscribe', { apiKey: 'nope', exten: '214', lastSequenceNumber: '0' });
    expect(wrong.json).toEqual({ Message: 'Invalid apiKey', Code: -1 });
  });

  it('parameter names are case-sensitive', async () => {
    const r = await fetch(`${base()}/CallManagementAPI/hangup?APIKEY=${TEST_KEY}&extenOrUniqueId=214`, { method: 'POST' });
    expect(await r.json()).toMatchObject({ Code: -1 });
  });

  it('unknown paths are 404 HTML, wrong verbs 405 text; GET only on start/stop (A7)', async () => {
    for (const path of ['/CallManagementAPI/transfer', '/CallManagementAPI/checkstate', '/Nope', '/CallManagementAPI/subscribe/']) {
      const r = await fetch(`${base()}${path}?apiKey=${TEST_KEY}`, { method: 'POST' });
      expect(r.status).toBe(404);
      expect(r.headers.get('content-type')).toContain('text/html');
      expect(await r.text()).toContain('<html>');
    }
    const short = await fetch(`${t.sim.urls.noojee}/rest/CallManagementAPI/stop?apiKey=${TEST_KEY}`, { method: 'POST' });
    expect(short.status).toBe(404);
    for (const method of ['subscribe', 'dial', 'hangup', 'answer']) {
      const r = await fetch(`${base()}/CallManagementAPI/${method}?apiKey=${TEST_KEY}`);
      expect(r.status).toBe(405);
      expect(r.headers.get('content-type')).toContain('text/plain');
    }
    const put = await fetch(`${base()}/CallManagementAPI/start?apiKey=${TEST_KEY}`, { method: 'PUT' });
    expect(put.status).toBe(405);
    const get = await fetch(`${base()}/CallManagementAPI/start?apiKey=${TEST_KEY}&extenOrUniqueId=214`);
    expect(get.status).toBe(200);
    expect(await get.json()).toMatchObject({ Code: -3 });
  });

  it('reads a form body too, the body winning; unknown parameters are ignored', async () => {
    const call = t.sim.engine.placeCall('213', '214');
    const r = await fetch(`${base()}/CallManagementAPI/hangup?apiKey=wrong&extenOrUniqueId=999&instanceId=1&xDebugArg=x`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
      body: new URLSearchParams({ apiKey: TEST_KEY, extenOrUniqueId: call.callId, whatever: 'y' }).toString(),
    });
    expect(await r.json()).toEqual({ Message: 'Channel Hungup', Code: 0 });
    const none = await fetch(`${base()}/CallManagementAPI/subscribe?apiKey=${TEST_KEY}&exten=214&lastSequenceNumber=0&timeOut=0`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'none',
    });
    expect(await none.json()).toMatchObject({ Code: 0 });
  });

  it('Time returns the PBX clock as text/plain; the hash scheme works and expires', async () => {
    const time = await fetch(`${base()}/Time`, { method: 'POST' });
    expect(time.headers.get('content-type')).toContain('text/plain');
    const ts = await time.text();
    expect(ts).toBe(String(t.clock.now()));
    expect((await fetch(`${base()}/Time`)).status).toBe(405);
    const hash = createHash('sha256').update(`${TEST_KEY}:${ts}`).digest('hex');
    const ok = await noojee(t.sim, 'subscribe', { apiKey: '', exten: '214', lastSequenceNumber: '0' });
    expect(ok.json).toMatchObject({ Code: -1 });
    const viaHash = await fetch(`${base()}/CallManagementAPI/subscribe?timeStamp=${ts}&hash=${hash}&exten=214&lastSequenceNumber=0&timeOut=0`, { method: 'POST' });
    expect(await viaHash.json()).toMatchObject({ Code: 0 });
    t.clock.advance(30 * 60_000);
    const reused = await fetch(`${base()}/CallManagementAPI/hangup?timeStamp=${ts}&hash=${hash}&extenOrUniqueId=214`, { method: 'POST' });
    expect(await reused.json()).toMatchObject({ Code: -3 });
    t.clock.advance(31 * 60_000);
    const expired = await fetch(`${base()}/CallManagementAPI/hangup?timeStamp=${ts}&hash=${hash}&extenOrUniqueId=214`, { method: 'POST' });
    expect(await expired.json()).toEqual({ Message: 'Expired TimeStamp', Code: -1 });
    const stale = String(t.clock.now() - 11_000);
    const staleHash = createHash('sha256').update(`${TEST_KEY}:${stale}`).digest('hex');
    const late = await fetch(`${base()}/CallManagementAPI/hangup?timeStamp=${stale}&hash=${staleHash}&extenOrUniqueId=214`, { method: 'POST' });
    expect(await late.json()).toEqual({ Message: 'Expired TimeStamp', Code: -1 });
  });
});
