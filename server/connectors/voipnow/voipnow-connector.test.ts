import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '@/lib/board';
import { ZVoipnowConnection } from '@/lib/connection-config';
import { CommandError, type ConnectorSink, type WebhookRequest } from '@/server/connectors/connector';
import { deriveWebhookToken, webhookUrl } from '@/server/connectors/webhook-token';
import type { PbxEvent } from '@/server/domain/pbx-event';
import { activeCall, captureLogger, FAKE_CLIENT_ID, FAKE_CLIENT_SECRET, json, startFakeVoipnow, type FakeVoipnowOptions } from './fake-voipnow-server';
import { createVoipnowConnector, VoipnowConnector, type VoipnowConnectorOptions } from './voipnow-connector';

const publicUrl = 'https://linesight.example';
const fast: VoipnowConnectorOptions = { backoff: { baseMs: 10, capMs: 40 }, pollIntervalMs: 30 };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(o: { fake?: FakeVoipnowOptions; options?: VoipnowConnectorOptions } = {}) {
  const server = await startFakeVoipnow(o.fake);
  const { logger, lines } = captureLogger();
  const config = ZVoipnowConnection.parse({
    id: 'vn', vendor: 'voipnow', name: 'Bucharest', baseUrl: server.url, clientId: FAKE_CLIENT_ID, clientSecret: FAKE_CLIENT_SECRET, extensions: ['0003*210', '0003*211'],
  });
  const connector = createVoipnowConnector(config, { publicUrl }, { logger, ...fast, ...o.options });
  const batches: PbxEvent[][] = [];
  const statuses: [ConnectionStatus, string | null][] = [];
  const sink: ConnectorSink = { events: (b) => void batches.push(b), status: (s, e) => void statuses.push([s, e ?? null]) };
  cleanups.push(() => server.close(), () => connector.stop());
  return { server, connector, lines, sink, statuses, events: () => batches.flat() };
}

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const hook = (event: string, params: Record<string, string>): WebhookRequest => ({ event, params, receivedAt: new Date() });
const inbound = { CallID: 'h1', CallerIDNum: '0040212345678', CallerIDName: '', CalledDID: '', CalledExtension: '0003*210', CallStatus: 'CALLING', CallFlow: 'IN', CallerExtension: '', CalledNumber: '0040319999999' };
const ringingView = { extension: '0003*210', source: ['0040212345678'], destination: ['0003*210'], flow: '8', status: '3', callerId: 'John Doe <0040212345678>' };

describe('VoipNow connector', () => {
  it('has the contract shape', async () => {
    const { connector } = await setup();
    expect(connector).toBeInstanceOf(VoipnowConnector);
    expect(connector).toMatchObject({ id: 'vn', vendor: 'voipnow', name: 'Bucharest', capabilities: { record: true, answer: false, dial: false, hooks: true } });
    expect(connector.webhookToken).toBe(deriveWebhookToken(FAKE_CLIENT_SECRET, 'vn'));
  });

  it('start: connecting → token, snapshot, hooks → live; extensions known', async () => {
    const t = await setup();
    t.connector.start(t.sink);
    await until(() => t.statuses.some(([s]) => s === 'live'));
    expect(t.statuses[0]).toEqual(['connecting', null]);
    expect(t.statuses.at(-1)).toEqual(['live', null]);
    expect(t.server.events.get('0003*210')?.map((e) => e.url)).toContain(webhookUrl(publicUrl, 'vn', '2', t.connector.webhookToken, '0003*210'));
    expect(t.connector.hookSummary()).toMatchObject({ created: 10, missing: 0 });
    expect(t.events().find((e) => e.type === 'extensions.known')).toMatchObject({ extensions: [{ number: '210', name: null, kind: 'phone' }, { number: '211', name: null, kind: 'phone' }] });
    expect(t.lines.join('\n')).not.toContain(FAKE_CLIENT_SECRET);
    expect(t.lines.join('\n')).not.toContain(t.connector.webhookToken);
  });

  it('polling completes the answer state and caller name of a hooked leg', async () => {
    const t = await setup();
    t.connector.start(t.sink);
    await until(() => t.statuses.some(([s]) => s === 'live'));
    t.connector.receiveWebhook(hook('0', inbound));
    const legs = () => t.events().flatMap((e) => (e.type === 'leg.upsert' ? [e.leg] : []));
    expect(legs()[0]).toMatchObject({ legId: 'vn:210:h1', state: 'ringing', peer: { name: null } });
    t.server.calls.push(activeCall('b817d2618fe6f1804333', [{ ...ringingView, status: '5', answered: '2026-01-01T10:00:00Z' }]));
    await until(() => legs().some((l) => l.state === 'talking'));
    expect(legs().at(-1)).toMatchObject({ legId: 'vn:210:h1', vendorCallId: 'h1', state: 'talking', peer: { number: '0040212345678', name: 'John Doe' } });
  });

  it('reconciliation ends a stuck leg whose Hangup never came, and opens one the hooks missed', async () => {
    const t = await setup();
    t.server.calls.push(activeCall('missed1', [{ ...ringingView, extension: '0003*211', destination: ['0003*211'] }]));
    t.connector.start(t.sink);
    await until(() => t.statuses.some(([s]) => s === 'live'));
    expect(t.events().find((e) => e.type === 'leg.upsert')).toMatchObject({ leg: { legId: 'vn:211:missed1', state: 'ringing' } });
    t.connector.receiveWebhook(hook('0', inbound));
    t.server.calls.length = 0;
    await until(() => t.events().filter((e) => e.type === 'leg.end').length === 2);
    const ends = t.events().filter((e) => e.type === 'leg.end');
    expect(ends.map((e) => e.type === 'leg.end' && e.legId).sort()).toEqual(['vn:210:h1', 'vn:211:missed1']);
  });

  it('records through the phoneCalls actions; the tile follows the active-call view', async () => {
    const t = await setup();
    t.server.calls.push(activeCall('pc1', [{ ...ringingView, status: '5' }, { extension: '0003*555', source: ['0040212345678'], destination: ['0003*210'], status: '5' }]));
    t.connector.start(t.sink);
    await until(() => t.statuses.some(([s]) => s === 'live'));
    t.connector.receiveWebhook(hook('0', inbound));
    t.connector.receiveWebhook(hook('3', { ...inbound, CallStatus: 'ANSWER' }));
    await t.connector.startRecording({ extension: '210', vendorCallId: 'h1' });
    expect(t.server.actions).toEqual([{ extension: '0003*210', id: 'pc1', body: { action: 'StartRecording', phoneCallViewId: '00' } }]);
    const rec = () => t.events().flatMap((e) => (e.type === 'leg.recording' ? [e.recording] : []));
    await until(() => rec().includes('on'));
    expect(rec()).toEqual(['starting', 'on']);
    await t.connector.stopRecording({ extension: '210', vendorCallId: 'h1' });
    await until(() => rec().at(-1) === 'off');
    expect(rec()).toEqual(['starting', 'on', 'stopping', 'off']);
    expect(t.events().filter((e) => e.type === 'leg.recording').every((e) => e.type === 'leg.recording' && e.legId === 'vn:210:pc1')).toBe(true); // the poll opened it first; the hook adopted it (A23)
  });

  it('recording a call VoipNow does not list is refused in words; a vendor refusal is rejected', async () => {
    const t = await setup();
    t.connector.start(t.sink);
    await until(() => t.statuses.some(([s]) => s === 'live'));
    const missing = await t.connector.startRecording({ extension: '210', vendorCallId: 'nope' }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(CommandError);
    expect(missing).toMatchObject({ reason: 'rejected' });
    t.server.calls.push(activeCall('pc2', [{ ...ringingView, status: '5' }]));
    t.connector.receiveWebhook(hook('3', { ...inbound, CallID: 'pc2', CallStatus: 'ANSWER' }));
    t.server.intercept = (req, res) => {
      if (req.method !== 'PUT') return;
      json(res, 400, { error: { code: 'recording_not_allowed', message: 'Call recording is not enabled for this extension.' } });
      return true;
    };
    await expect(t.connector.startRecording({ extension: '210', vendorCallId: 'pc2' })).rejects.toMatchObject({ reason: 'rejected', message: 'Call recording is not enabled for this extension.' });
  });

  it('down with plain words on bad credentials, then recovers; degraded on 5xx polling; stop is prompt', async () => {
    const t = await setup({ fake: { clientSecret: 'rotated' } });
    t.connector.start(t.sink);
    await until(() => t.statuses.some(([s]) => s === 'down'));
    expect(t.statuses.find(([s]) => s === 'down')?.[1]).toMatch(/refused the app credentials/);
    expect(t.statuses.map(([, e]) => e ?? '').join()).not.toContain(FAKE_CLIENT_SECRET);
    await t.connector.stop();
    const u = await setup();
    u.connector.start(u.sink);
    await until(() => u.statuses.some(([s]) => s === 'live'));
    u.server.intercept = (req, res) => {
      if (!req.path.startsWith('/uapi/phoneCalls')) return;
      json(res, 503, { error: { code: 'internal_server_error', message: 'maintenance' } });
      return true;
    };
    await until(() => u.statuses.some(([s]) => s === 'degraded'));
    expect(u.statuses.at(-1)?.[1]).toMatch(/active-call list is failing.*HTTP 503/);
    u.server.intercept = null;
    await until(() => u.statuses.at(-1)?.[0] === 'live');
    const started = Date.now();
    await u.connector.stop();
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('receiveWebhook never throws, even stopped or with garbage', async () => {
    const t = await setup();
    expect(() => t.connector.receiveWebhook(hook('0', inbound))).not.toThrow();
    t.connector.start(t.sink);
    expect(() => t.connector.receiveWebhook(null as never)).not.toThrow();
    expect(() => t.connector.receiveWebhook({ event: '2', params: { CallID: 'x' }, receivedAt: new Date('bad') })).not.toThrow();
  });
});
