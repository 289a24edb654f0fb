import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '@/lib/board';
import { ZTelphinConnection } from '@/lib/connection-config';
import { CommandError, type ConnectorSink, type WebhookRequest } from '@/server/connectors/connector';
import { deriveWebhookToken, webhookUrl } from '@/server/connectors/webhook-token';
import type { PbxEvent } from '@/server/domain/pbx-event';
import { captureLogger, FAKE_APP_ID, FAKE_APP_SECRET, json, startFakeTelphin, type FakeTelphinOptions } from './fake-telphin-server';
import { sequenceA, sub } from './fixtures';
import { createTelphinConnector, TelphinConnector, type TelphinConnectorOptions } from './telphin-connector';
import { recordingSink } from '../recording-sink';

const publicUrl = 'https://linesight.example';
const fast: TelphinConnectorOptions = { backoff: { baseMs: 10, capMs: 40 }, reconcileIntervalMs: 60_000, confirmMissingMs: 50, minReconcileGapMs: 0 };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const recorder = recordingSink;

async function setup(o: { fake?: FakeTelphinOptions; options?: TelphinConnectorOptions; config?: Record<string, unknown> } = {}) {
  const server = await startFakeTelphin(o.fake);
  const { logger, lines } = captureLogger();
  const config = ZTelphinConnection.parse({
    id: 'ru', vendor: 'telphin', name: 'Moscow', baseUrl: server.url, clientId: FAKE_APP_ID, clientSecret: FAKE_APP_SECRET, ...o.config,
  });
  const connector = createTelphinConnector(config, { publicUrl }, { logger, ...fast, ...o.options });
  const rec = recorder();
  cleanups.push(() => server.close(), () => connector.stop());
  return { server, connector, lines, ...rec };
}

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const live = (t: { statuses: [ConnectionStatus, string | null][] }) => () => t.statuses.some(([s]) => s === 'live' || s === 'degraded');
const currentCallsRequests = (t: { server: { requests: { path: string }[] } }) => t.server.requests.filter((r) => r.path.endsWith('/current_calls/'));
const ofType = <T extends PbxEvent['type']>(events: PbxEvent[], type: T) => events.filter((e): e is Extract<PbxEvent, { type: T }> => e.type === type);

describe('TelphinConnector: identity', () => {
  it('declares its capabilities and derives its webhook token from the client secret', () => {
    const config = ZTelphinConnection.parse({ id: 'ru', vendor: 'telphin', name: 'Moscow', baseUrl: 'https://apiproxy.telphin.ru', clientId: 'a', clientSecret: 'b' });
    const connector = new TelphinConnector(config, { publicUrl });
    expect(connector).toMatchObject({ id: 'ru', vendor: 'telphin', name: 'Moscow', capabilities: { record: false, answer: false, dial: true, hooks: true } });
    expect(connector.webhookToken).toBe(deriveWebhookToken('b', 'ru'));
  });
});

describe('TelphinConnector: start-up', () => {
  it('authenticates, discovers, announces, hooks, goes live and reconciles — in that order', async () => {
    const t = await setup();
    t.connector.start(t.sink);
    await until(() => ofType(t.events(), 'extensions.resync').length === 1);
    expect(t.statuses).toEqual([
      ['connecting', null],
      ['live', null],
    ]);
    const [known, resync] = t.events();
    expect(known).toMatchObject({
      type: 'extensions.known',
      connectionId: 'ru',
      extensions: [
        { number: '099', name: 'Main menu', kind: 'ivr' },
        { number: '101', name: 'Anna Petrova', kind: 'phone' },
        { number: '102', name: 'Boris Ivanov', kind: 'phone' },
        { number: '200', name: null, kind: 'phone' },
        { number: '300', name: 'Sales', kind: 'queue' },
      ],
    });
    expect(resync).toMatchObject({ type: 'extensions.resync', extensions: ['099', '101', '102', '200', '300'], legs: [] });
    const steps = t.server.requests.map((r) => `${r.method} ${r.path.replace('/api/ver1.0', '')}${r.query.get('type') ? `?${r.query.get('type')}` : ''}`);
    expect(steps.slice(0, 5)).toEqual(['POST /oauth/token', 'GET /user', 'GET /client/42/extension/?phone', 'GET /client/42/extension/?queue', 'GET /client/42/extension/?ivr']);
    expect(steps.at(-1)).toBe('GET /client/42/current_calls/');
    const token = deriveWebhookToken(FAKE_APP_SECRET, 'ru');
    expect(t.server.hooks.get(176)?.map((h) => h.url).sort()).toEqual(['answer', 'dial-in', 'dial-out', 'hangup'].map((e) => webhookUrl(publicUrl, 'ru', e, token, '176')));
    expect(t.server.hooks.get(180)).toHaveLength(3);
    expect(t.server.hooks.get(181)).toBeUndefined(); // the fax line is not monitored
    expect(t.connector.hookSummary()).toMatchObject({ created: 18, missing: 0 });
  });

  it('monitors only the configured extensions, and says which ones it could not find', async () => {
    const t = await setup({ config: { extensions: ['101', '000*300', '999'] } });
    t.connector.start(t.sink);
    await until(live(t));
    expect(t.statuses.at(-1)).toEqual(['degraded', 'Not found on this Telphin account: 999.']);
    expect(ofType(t.events(), 'extensions.known')[0]?.extensions.map((e) => e.number)).toEqual(['101', '300']);
    expect([...t.server.hooks.keys()].sort()).toEqual([176, 180]);
  });

  it('is degraded, with the reason, when the hook limit stops registration', async () => {
    const t = await setup({ fake: { hookLimit: 10 } });
    t.connector.start(t.sink);
    await until(live(t));
    expect(t.statuses.at(-1)?.[0]).toBe('degraded');
    expect(t.statuses.at(-1)?.[1]).toMatch(/^Telphin's hook limit for this account was reached: 8 hook\(s\) could not be registered\./);
  });

  it('retries transient hook failures at the next reconcile and then goes live', async () => {
    let failing = 2;
    const t = await setup({ options: { reconcileIntervalMs: 50 } });
    t.server.intercept = (req, res) =>
      req.method === 'POST' && req.path === '/api/ver1.0/extension/180/event/' && failing-- > 0 ? (json(res, 500, { message: 'Internal error' }), true) : false;
    t.connector.start(t.sink);
    await until(() => t.statuses.some(([s]) => s === 'live'));
    expect(t.statuses.map(([s]) => s)).toEqual(['connecting', 'degraded', 'live']);
    expect(t.statuses[1]?.[1]).toContain('Calls on 300 may not show.');
    expect(t.server.hooks.get(180)).toHaveLength(3);
    expect(t.connector.hookSummary()).toMatchObject({ created: 18, missing: 0, errors: [] });
  });

  it('reports down in plain words when OAuth fails, backs off, and recovers', async () => {
    let refusals = 2;
    const t = await setup();
    t.server.intercept = (req, res) => (req.path === '/oauth/token' && refusals-- > 0 ? (json(res, 401, { message: 'Invalid client credentials' }), true) : false);
    t.connector.start(t.sink);
    await until(() => t.statuses.some(([s]) => s === 'live'));
    expect(t.statuses).toEqual([
      ['connecting', null],
      ['down', 'Telphin refused the app credentials (HTTP 401): Invalid client credentials. Check the App ID and App Secret.'],
      ['live', null],
    ]);
    const texts = [...t.lines, ...t.statuses.map(([, e]) => e ?? '')];
    for (const text of texts) {
      expect(text).not.toContain(FAKE_APP_SECRET);
      for (const token of t.server.issuedTokens) expect(text).not.toContain(token);
      expect(text).not.toContain(t.connector.webhookToken);
    }
  });

  it('reports down when the API is unreachable', async () => {
    const t = await setup();
    const url = t.server.url;
    await t.server.close();
    const connector = createTelphinConnector(
      ZTelphinConnection.parse({ id: 'ru', vendor: 'telphin', name: 'Moscow', baseUrl: url, clientId: FAKE_APP_ID, clientSecret: FAKE_APP_SECRET }),
      { publicUrl },
      fast,
    );
    cleanups.push(() => connector.stop());
    connector.start(t.sink);
    await until(() => t.statuses.some(([s]) => s === 'down'));
    expect(t.statuses.find(([s]) => s === 'down')?.[1]).toMatch(/^Could not reach Telphin at http:\/\/127\.0\.0\.1:\d+: connection refused\.$/);
  });
});

describe('TelphinConnector: hook requests', () => {
  it('normalises requests into event batches once live', async () => {
    const t = await setup();
    t.connector.start(t.sink);
    await until(live(t));
    const before = t.batches.length;
    for (const row of sequenceA('live').rows) t.connector.receiveWebhook(row);
    const batches = t.batches.slice(before);
    expect(batches.map((b) => b.map((e) => e.type))).toEqual([['leg.upsert'], ['leg.upsert'], ['leg.end']]);
    expect(batches[0]?.[0]).toMatchObject({ leg: { legId: `ru:101:${sub('176', 'live-L1')}` } });
  });

  it('keeps requests that arrive before discovery and applies them right after it', async () => {
    const t = await setup();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    t.server.intercept = (req, res) => {
      if (req.path !== '/api/ver1.0/user') return false;
      void gate.then(() => json(res, 200, { client_id: 42 }));
      return true;
    };
    t.connector.start(t.sink);
    await until(() => t.server.requests.some((r) => r.path === '/api/ver1.0/user'));
    const [dialIn] = sequenceA('early').rows;
    t.connector.receiveWebhook(dialIn!);
    expect(t.events()).toEqual([]);
    release();
    await until(() => ofType(t.events(), 'extensions.resync').length === 1);
    expect(t.events().map((e) => e.type)).toEqual(['extensions.known', 'leg.upsert', 'extensions.resync']);
  });

  it('never throws, whatever it is handed', async () => {
    const t = await setup();
    t.connector.start(t.sink);
    await until(live(t));
    const hostile = new Proxy({}, { ownKeys: () => { throw new Error('boom'); } });
    const garbage: unknown[] = [
      null,
      undefined,
      {},
      { event: 'dial-in' },
      { event: 'dial-in', params: null, receivedAt: new Date() },
      { event: 42, params: { EventType: 7 }, receivedAt: 'now' },
      { event: 'hangup', params: hostile, receivedAt: new Date() },
      { event: 'dial-in', params: { EventType: 'dial-in', CallID: '1', SubCallID: '176-x', EventTime: 'x'.repeat(10_000) }, receivedAt: new Date() },
      { event: 'message-in', params: { EventType: 'message-in' }, receivedAt: new Date() },
    ];
    for (const request of garbage) expect(() => t.connector.receiveWebhook(request as WebhookRequest)).not.toThrow();
    const angry: ConnectorSink = { events: () => { throw new Error('projector down'); }, status: () => {} };
    const other = await setup();
    other.connector.start(angry);
    await until(() => other.server.requests.some((r) => r.path.endsWith('/current_calls/')));
    expect(() => other.connector.receiveWebhook(sequenceA('angry').rows[0]!)).not.toThrow();
  });

  it('does nothing with requests once stopped', async () => {
    const t = await setup();
    t.connector.start(t.sink);
    await until(live(t));
    await t.connector.stop();
    const before = t.batches.length;
    t.connector.receiveWebhook(sequenceA('stopped').rows[0]!);
    expect(t.batches.length).toBe(before);
  });
});

describe('TelphinConnector: reconciliation (§11.7)', () => {
  it('closes a leg whose hangup never came', async () => {
    const t = await setup({ options: { reconcileIntervalMs: 40 } });
    t.connector.start(t.sink);
    await until(live(t));
    const a = sequenceA('stuck');
    t.connector.receiveWebhook({ ...a.rows[0]!, receivedAt: new Date() });
    t.connector.receiveWebhook({ ...a.rows[1]!, receivedAt: new Date() });
    await until(() => ofType(t.events(), 'leg.end').length === 1);
    expect(ofType(t.events(), 'leg.end')[0]).toMatchObject({ legId: `ru:101:${sub('176', 'stuck-L1')}`, outcome: 'answered', key: `ru:101:${sub('176', 'stuck-L1')}:reconciled` });
  });

  it('keeps a leg the PBX still lists', async () => {
    const t = await setup({ options: { reconcileIntervalMs: 20 } });
    const a = sequenceA('kept');
    t.server.currentCalls = [{ call_api_id: a.apiId, called_extension: { id: 176, name: '000*101' } }];
    t.connector.start(t.sink);
    await until(live(t));
    t.connector.receiveWebhook({ ...a.rows[0]!, receivedAt: new Date() });
    const asked = currentCallsRequests(t).length;
    await until(() => currentCallsRequests(t).length >= asked + 5);
    expect(ofType(t.events(), 'leg.end')).toEqual([]);
  });

  it('shows a call it missed from the start in the first resync', async () => {
    const t = await setup();
    t.server.currentCalls = [{ call_api_id: '1-missed', caller_extension: { id: 190, name: '000*200' }, called_number: '+79817654321', answer_time_gmt: '2024-05-01 10:00:00' }];
    t.connector.start(t.sink);
    await until(() => ofType(t.events(), 'extensions.resync').length === 1);
    expect(ofType(t.events(), 'extensions.resync')[0]?.legs).toEqual([expect.objectContaining({ legId: 'ru:200:1-missed', state: 'talking', direction: 'outbound' })]);
  });

  it('looks again early when a request implies a lost one', async () => {
    const t = await setup();
    t.connector.start(t.sink);
    await until(() => currentCallsRequests(t).length === 1);
    // A hangup for a leg never seen: its dial-in (and maybe others) went missing.
    t.connector.receiveWebhook(sequenceA('lost').rows[2]!);
    await until(() => currentCallsRequests(t).length === 2, 2_000);
  });

  it('goes down when current_calls fails, then recovers with a full resync', async () => {
    let failing = 0;
    const t = await setup({ options: { reconcileIntervalMs: 30 } });
    t.server.intercept = (req, res) => (req.path.endsWith('/current_calls/') && failing-- > 0 ? (json(res, 503, { message: 'Maintenance' }), true) : false);
    t.connector.start(t.sink);
    await until(() => ofType(t.events(), 'extensions.resync').length === 1);
    failing = 2;
    await until(() => ofType(t.events(), 'extensions.resync').length === 2);
    expect(t.statuses.map(([s]) => s)).toEqual(['connecting', 'live', 'down', 'live']);
    expect(t.statuses[2]?.[1]).toBe('Telphin answered GET /client/42/current_calls/ with HTTP 503: Maintenance.');
  });
});

describe('TelphinConnector: dial (§7)', () => {
  async function started() {
    const t = await setup();
    t.connector.start(t.sink);
    await until(live(t));
    return t;
  }

  it('needs the user’s own extension', async () => {
    const t = await setup();
    const error = await t.connector.dial({ from: null, to: '+79817654321' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect(error).toMatchObject({ reason: 'unsupported', message: 'Telphin needs your own extension to ring first: set it in your profile.' });
  });

  it('is unreachable before discovery', async () => {
    const t = await setup();
    expect(await t.connector.dial({ from: '101', to: '102' }).catch((e: unknown) => e)).toMatchObject({ reason: 'unreachable' });
  });

  it('places a callback from the user’s phone with itself as the only source', async () => {
    const t = await started();
    await t.connector.dial({ from: '101', to: ' +79817654321 ' });
    await t.connector.dial({ from: '000*102', to: '000*200' });
    expect(t.server.callbacks).toEqual([
      { extensionId: 176, src_num: ['101'], dst_num: '+79817654321' },
      { extensionId: 177, src_num: ['102'], dst_num: '000*200' },
    ]);
  });

  it('refuses what is not a phone of this account, or not a number', async () => {
    const t = await started();
    for (const from of ['555', '300', '999*101']) {
      expect(await t.connector.dial({ from, to: '102' }).catch((e: unknown) => e)).toMatchObject({ reason: 'rejected', message: `${from} is not a phone extension of this Telphin account.` });
    }
    expect(await t.connector.dial({ from: '101', to: 'call me' }).catch((e: unknown) => e)).toMatchObject({ reason: 'rejected' });
    expect(t.server.callbacks).toEqual([]);
  });

  it('passes the vendor’s refusal on, and calls a server failure unreachable', async () => {
    const t = await started();
    t.server.intercept = (req, res) => (req.path.includes('/callback/') ? (json(res, 400, { message: 'dst_num: number is not allowed' }), true) : false);
    expect(await t.connector.dial({ from: '101', to: '112' }).catch((e: unknown) => e)).toMatchObject({ reason: 'rejected', message: 'dst_num: number is not allowed' });
    t.server.intercept = (req, res) => (req.path.includes('/callback/') ? (json(res, 502, {}), true) : false);
    expect(await t.connector.dial({ from: '101', to: '112' }).catch((e: unknown) => e)).toMatchObject({
      reason: 'unreachable',
      message: 'Telphin answered POST /extension/176/callback/ with HTTP 502.',
    });
  });
});

describe('TelphinConnector: stop', () => {
  it('ends a back-off wait promptly', async () => {
    const t = await setup({ options: { backoff: { baseMs: 60_000, capMs: 60_000, random: () => 0.99 } } });
    t.server.intercept = (req, res) => (req.path === '/oauth/token' ? (json(res, 500, {}), true) : false);
    t.connector.start(t.sink);
    await until(() => t.statuses.some(([s]) => s === 'down'));
    const started = performance.now();
    await t.connector.stop();
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('ends the wait between reconciles promptly, sends nothing more and leaves the hooks on the PBX', async () => {
    const t = await setup();
    t.connector.start(t.sink);
    await until(() => ofType(t.events(), 'extensions.resync').length === 1);
    const started = performance.now();
    await t.connector.stop();
    expect(performance.now() - started).toBeLessThan(500);
    const after = t.server.requests.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(t.server.requests.length).toBe(after);
    expect(t.server.requests.some((r) => r.method === 'DELETE')).toBe(false);
    expect([...t.server.hooks.values()].flat()).toHaveLength(18);
  });

  it('aborts an in-flight request', async () => {
    const t = await setup();
    t.server.intercept = (req) => req.path === '/api/ver1.0/user';
    t.connector.start(t.sink);
    await until(() => t.server.requests.some((r) => r.path === '/api/ver1.0/user'));
    const started = performance.now();
    await t.connector.stop();
    expect(performance.now() - started).toBeLessThan(500);
  });
});
