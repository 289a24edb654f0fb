import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '@/lib/board';
import { ZSwitchvoxConnection } from '@/lib/connection-config';
import { CommandError } from '@/server/connectors/connector';
import type { PbxEvent } from '@/server/domain/pbx-event';
import { probeEngineIo } from './eio-probe';
import { captureLogger, startFakeSwitchvox, type FakeSwitchvox, type FakeSwitchvoxOptions } from './fake-switchvox-server';
import { ACCOUNTS, EXTERNAL, line, QUEUES, SERVER_UUID, T0 } from './fixtures';
import { LINE_TOPIC } from './schema';
import { createSwitchvoxConnector, type SwitchvoxConnectorOptions } from './switchvox-connector';
import { recordingSink } from '../recording-sink';

const password = 'pa55-Wörd-SECRET';
const LOGIN = { accountId: 1100, extension: '100', password };
const fast: SwitchvoxConnectorOptions = {
  probe: false,
  reconnectionDelayMs: 30,
  reconnectionDelayMaxMs: 60,
  backoff: { baseMs: 30, capMs: 60 },
  authBackoff: { baseMs: 300, capMs: 600 },
  replayGraceMs: 20,
};

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const recorder = recordingSink;

async function setup(fake: Partial<FakeSwitchvoxOptions> = {}, options: SwitchvoxConnectorOptions = {}, config: Record<string, unknown> = {}) {
  const server = await startFakeSwitchvox({ accounts: [LOGIN, ...ACCOUNTS, ...QUEUES], ...fake });
  const { logger, lines } = captureLogger();
  const parsed = ZSwitchvoxConnection.parse({
    id: 'sv',
    vendor: 'switchvox',
    name: 'Sales',
    url: server.url,
    extension: '100',
    password,
    accounts: ACCOUNTS,
    queues: QUEUES,
    ...config,
  });
  const connector = createSwitchvoxConnector(parsed, { logger, ...fast, ...options });
  const rec = recorder();
  cleanups.push(() => server.close(), () => connector.stop());
  return { server, connector, lines, ...rec };
}

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const methods = (server: FakeSwitchvox) => server.requests.map((r) => r.method);
const isLive = (statuses: [ConnectionStatus, string | null][]) => statuses.at(-1)?.[0] === 'live';
const target = (accountId: number) => ({ account: { accountId } });
const liveLines = (t: { statuses: [ConnectionStatus, string | null][] }, n = 1) => until(() => t.statuses.filter(([s]) => s === 'live').length >= n);

describe('SwitchvoxConnector: bootstrap (§11.2)', () => {
  it('announces extensions, logs in, subscribes every account in one call, goes live and turns notifications into events', async () => {
    const t = await setup();
    t.connector.start(t.sink);
    await liveLines(t);
    expect(t.batches[0]?.map((e) => e.type)).toEqual(['extensions.known']);
    expect(t.server.requests.map((r) => [r.method, r.params])).toEqual([
      ['login', { extension: '100', password }],
      ['subscribe', { topic: LINE_TOPIC, targets: [target(1101), target(1102), target(1103)] }],
    ]);
    expect(t.server.requests.map((r) => r.id)).toEqual([1, 2]);
    expect(t.statuses).toEqual([
      ['connecting', null],
      ['live', null],
    ]);
    t.server.notify(line({ uniqueId: '1714557600.1', accountId: 1101, status: 'ringing', serverTime: T0, remotes: [EXTERNAL] }));
    await until(() => t.events().some((e) => e.type === 'leg.upsert'));
    expect(t.events().find((e) => e.type === 'leg.upsert')).toMatchObject({
      connectionId: 'sv',
      leg: { legId: 'sv:101:1714557600.1', state: 'ringing', direction: 'inbound', peer: { number: '8585551212', name: 'Jane Doe' } },
    });
    expect(t.lines.join('\n')).not.toContain(password);
    expect(t.lines.join('\n')).toContain('[redacted]');
  });

  it('treats -32002 on login as already logged in and carries on', async () => {
    const t = await setup({
      override: (req, session) => {
        if (req.method !== 'login') return undefined;
        // A session the PBX already counts as logged in (e.g. a reused connection).
        session.loggedIn = true;
        return { error: { code: -32002, message: 'Session already authenticated' } };
      },
    });
    t.connector.start(t.sink);
    await liveLines(t);
    expect(methods(t.server)).toEqual(['login', 'subscribe']);
  });

  it('-32000 on subscribe means the session was lost: logs in again and subscribes', async () => {
    let refusals = 1;
    const t = await setup({
      override: (req) => (req.method === 'subscribe' && refusals-- > 0 ? { error: { code: -32000, message: 'Not authenticated' } } : undefined),
    });
    t.connector.start(t.sink);
    await liveLines(t);
    expect(methods(t.server)).toEqual(['login', 'subscribe', 'login', 'subscribe']);
    expect(t.server.connections).toBe(1);
    expect(t.statuses.map(([s]) => s)).toEqual(['connecting', 'down', 'live']);
  });

  it('-32001 on one account: degraded naming the account and method, the others still flow, no reconnect loop', async () => {
    const t = await setup({ forbidden: [1102] });
    t.connector.start(t.sink);
    await until(() => t.statuses.some(([s]) => s === 'degraded'));
    expect(t.statuses.at(-1)).toEqual([
      'degraded',
      'Watching 2 of 3 accounts. Switchvox refused 102 (account 1102): extension 100 lacks the permission to see it (subscribe, code -32001).',
    ]);
    const subscribed = t.server.requests
      .filter((r) => r.method === 'subscribe')
      .map((r) => (r.params.targets as { account: { accountId: number } }[]).map((x) => x.account.accountId));
    expect(subscribed).toEqual([[1101, 1102, 1103], [1101, 1102], [1101], [1102], [1103]]);
    t.server.notify(line({ uniqueId: '1714557600.2', accountId: 1103, status: 'onThePhone', serverTime: T0 }));
    await until(() => t.events().some((e) => e.type === 'leg.upsert'));
    await wait(200);
    expect(t.server.connections).toBe(1);
    expect(methods(t.server).filter((m) => m === 'login')).toHaveLength(1);
  });

  it('-32602 for an account the PBX does not know: isolated and reported', async () => {
    const t = await setup({}, {}, { accounts: [...ACCOUNTS, { accountId: 1999, extension: '199' }] });
    t.connector.start(t.sink);
    await until(() => t.statuses.some(([s]) => s === 'degraded'));
    expect(t.statuses.at(-1)?.[1]).toBe(
      'Watching 3 of 4 accounts. Switchvox refused 199 (account 1999): the PBX does not know this account (subscribe, code -32602).',
    );
  });

  it('a wrong password: down in plain words, a new connection only after the slow back-off, never logging the password', async () => {
    const t = await setup({ accounts: [{ ...LOGIN, password: 'other' }, ...ACCOUNTS] });
    t.connector.start(t.sink);
    await until(() => methods(t.server).filter((m) => m === 'login').length >= 3, 5_000);
    const logins = t.server.requests.filter((r) => r.method === 'login');
    expect(logins.map((r) => r.connection)).toEqual([1, 2, 3]);
    // authBackoff 300 ms doubling, capped at 600 ms (30 s doubling to 15 min by default).
    expect((logins[1]?.receivedAt ?? 0) - (logins[0]?.receivedAt ?? 0)).toBeGreaterThanOrEqual(290);
    expect((logins[2]?.receivedAt ?? 0) - (logins[1]?.receivedAt ?? 0)).toBeGreaterThanOrEqual(590);
    expect(methods(t.server)).not.toContain('subscribe');
    expect(t.statuses[1]).toEqual([
      'down',
      'Switchvox refused the login of extension 100: Invalid extension or password. Check its web password; retrying in 1 s.',
    ]);
    expect(JSON.stringify(t.statuses)).not.toContain(password);
    expect(t.lines.join('\n')).not.toContain(password);
  });
});

describe('SwitchvoxConnector: reconnect (§11.4)', () => {
  it('after a transport drop: down, socket.io reconnects, login + subscribe run again (with the learned serverUuid)', async () => {
    const t = await setup();
    t.connector.start(t.sink);
    await liveLines(t);
    t.server.notify(line({ uniqueId: '1714557600.3', accountId: 1101, status: 'ringing', serverTime: T0 }));
    await until(() => t.events().some((e) => e.type === 'leg.upsert'));
    t.server.dropTransport();
    await liveLines(t, 2);
    expect(t.server.connections).toBe(2);
    expect(t.server.requests.map((r) => [r.connection, r.method])).toEqual([
      [1, 'login'],
      [1, 'subscribe'],
      [2, 'login'],
      [2, 'subscribe'],
    ]);
    const learned = [1101, 1102, 1103].map((accountId) => ({ account: { accountId, serverUuid: SERVER_UUID } }));
    expect(t.server.requests[3]?.params.targets).toEqual(learned);
    expect(t.statuses).toEqual([
      ['connecting', null],
      ['live', null],
      ['down', 'Lost the connection to the Switchvox PBX (transport close); reconnecting.'],
      ['live', null],
    ]);
  });

  it('after a server-initiated disconnect (which socket.io does not retry): reconnects by itself', async () => {
    const t = await setup();
    t.connector.start(t.sink);
    await liveLines(t);
    t.server.disconnectAll();
    await liveLines(t, 2);
    expect(t.server.connections).toBe(2);
    expect(t.statuses[2]?.[0]).toBe('down');
    expect(t.statuses[2]?.[1]).toMatch(/^The Switchvox PBX closed the session; reconnecting in \d+ s\.$/);
  });

  it('says so when the server speaks only Engine.IO v4 (probe at start)', async () => {
    const http = createServer();
    const io = new Server(http, { path: '/rtapi/socket.io' });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => io.close(() => resolve())));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const t = await setup({}, { probe: true }, { url });
    t.connector.start(t.sink);
    await until(() => t.statuses.some(([, error]) => error?.includes('Engine.IO v4') ?? false));
    expect(t.statuses.at(-1)?.[0]).toBe('down');
    expect(t.lines.some((l) => l.includes('speaks only Engine.IO v4'))).toBe(true);
  });

  it('reports an unreachable PBX in plain words', async () => {
    const t = await setup();
    await t.server.close();
    t.connector.start(t.sink);
    await until(() => t.statuses.some(([s]) => s === 'down'));
    expect(t.statuses[1]).toEqual(['down', `Cannot connect to the Switchvox PBX at ${t.server.url}: connection refused.`]);
  });
});

describe('SwitchvoxConnector: resync after reconnect (§11.5)', () => {
  const ringing = line({ uniqueId: '1714557600.10', accountId: 1101, status: 'ringing', serverTime: T0, remotes: [EXTERNAL] });
  const talking = line({ uniqueId: '1714557600.11', accountId: 1102, status: 'onThePhone', serverTime: T0, remotes: [EXTERNAL] });
  /** Starts the connector and has the PBX show the talking line on it. */
  const startTalking = async (t: Awaited<ReturnType<typeof setup>>) => {
    t.connector.start(t.sink);
    await liveLines(t);
    t.server.notify(talking);
    await until(() => t.events().some((e) => e.type === 'leg.upsert'));
  };
  const endsOf = (events: PbxEvent[]) => events.filter((e) => e.type === 'leg.end');

  it('without a snapshot: a line not revived within the timeout after re-subscribe is ended, a revived one stays', async () => {
    const t = await setup({}, { staleAfterResubscribeMs: 500 });
    t.connector.start(t.sink);
    await liveLines(t);
    t.server.notify(ringing);
    t.server.notify(talking);
    await until(() => t.events().filter((e) => e.type === 'leg.upsert').length === 2);
    t.server.dropTransport();
    await liveLines(t, 2);
    const since = t.batches.length;
    t.server.notify({ ...talking, serverTime: T0 + 5_000 });
    await until(() => endsOf(t.batches.slice(since).flat()).length > 0);
    const after = t.batches.slice(since).flat();
    expect(endsOf(after)).toEqual([expect.objectContaining({ legId: 'sv:101:1714557600.10', outcome: 'no_answer' })]);
    // The sweep that ends it also restates what is live (the first subscribe is older still).
    expect(after.findLast((e) => e.type === 'extensions.resync')).toMatchObject({
      extensions: ['101', '102', '103'],
      legs: [{ legId: 'sv:102:1714557600.11' }],
    });
  });

  it('with the initial snapshot: live lines are revived at once; one that ended during the outage is ended after the timeout', async () => {
    let live = [ringing, talking];
    const t = await setup({ snapshot: () => live }, { staleAfterResubscribeMs: 300 });
    t.connector.start(t.sink);
    await until(() => t.events().filter((e) => e.type === 'leg.upsert').length === 2);
    live = [{ ...talking, serverTime: T0 + 9_000 }];
    t.server.dropTransport();
    await liveLines(t, 2);
    await until(() => endsOf(t.events()).length === 1);
    expect(endsOf(t.events())).toEqual([expect.objectContaining({ legId: 'sv:101:1714557600.10' })]);
    await wait(100);
    expect(endsOf(t.events())).toHaveLength(1);
  });

  it('reconnects more often than the timeout do not keep a line that ended while we were away (chaos B: 309 talking for minutes)', async () => {
    const t = await setup({}, { staleAfterResubscribeMs: 400 });
    await startTalking(t);
    // The call ends while the link is down: its idle is never sent, and no snapshot names it again.
    t.server.dropTransport();
    await liveLines(t, 2);
    const firstResubscribe = performance.now();
    // Then the link keeps dropping, each time well inside the timeout (a fault every ~15 s in chaos).
    const storm = setInterval(() => t.server.dropTransport(), 150);
    try {
      await until(() => endsOf(t.events()).length > 0 || performance.now() - firstResubscribe > 1_500, 3_000);
    } finally {
      clearInterval(storm);
    }
    expect(t.server.connections).toBeGreaterThan(3);
    expect(endsOf(t.events())).toEqual([expect.objectContaining({ legId: 'sv:102:1714557600.11', outcome: 'answered' })]);
  });

  it('a deadline that passes while no session is subscribed waits for the next subscribe and its replay', async () => {
    let live: Record<string, unknown>[] = [];
    let hang = false;
    const t = await setup(
      { snapshot: () => live, override: (req) => (hang && req.method === 'login' ? 'silent' : undefined) },
      { staleAfterResubscribeMs: 300, requestTimeoutMs: 100 },
    );
    await startTalking(t);
    // Re-subscribed, but the replay is lost: the line is stale and its 300 ms start.
    t.server.dropTransport();
    await liveLines(t, 2);
    // Then no login is answered for longer than that: nothing can revive the line meanwhile.
    hang = true;
    t.server.dropTransport();
    await wait(600);
    expect(endsOf(t.events())).toEqual([]);
    live = [{ ...talking, serverTime: T0 + 9_000 }];
    hang = false;
    await liveLines(t, 3);
    await wait(400);
    expect(endsOf(t.events())).toEqual([]);
    expect(t.events().find((e) => e.type === 'extensions.resync')).toMatchObject({ legs: [{ legId: 'sv:102:1714557600.11' }] });
  });

  it('legs a previous process left on the board are cleared by the timeout after the first subscribe, despite reconnects', async () => {
    const t = await setup({}, { staleAfterResubscribeMs: 400 });
    t.connector.start(t.sink);
    await liveLines(t);
    const started = performance.now();
    const storm = setInterval(() => t.server.dropTransport(), 150);
    try {
      await until(() => t.events().some((e) => e.type === 'extensions.resync') || performance.now() - started > 1_500, 3_000);
    } finally {
      clearInterval(storm);
    }
    expect(t.events().find((e) => e.type === 'extensions.resync')).toMatchObject({ extensions: ['101', '102', '103'], legs: [] });
  });
});

describe('SwitchvoxConnector: dial (§4.5, §7.3)', () => {
  it('sends dial for the login extension with a linesightRequestId, once; the ringing leg shows as outbound to the number', async () => {
    const t = await setup();
    t.connector.start(t.sink);
    await liveLines(t);
    await t.connector.dial({ from: null, to: '8585551212' });
    await t.connector.dial({ from: '100', to: '102' });
    const dials = t.server.requests.filter((r) => r.method === 'dial');
    expect(dials.map((r) => r.params.extension)).toEqual(['8585551212', '102']);
    const dialData = dials[0]?.params.dialData as { linesightRequestId: string };
    expect(dialData.linesightRequestId).toMatch(/^[0-9a-f-]{36}$/);
    t.server.notify(line({ uniqueId: '1714557600.20', accountId: 1101, status: 'ringing', serverTime: T0, dialData }));
    await until(() => t.events().some((e) => e.type === 'leg.upsert'));
    expect(t.events().find((e) => e.type === 'leg.upsert')).toMatchObject({
      leg: { direction: 'outbound', state: 'ringing', peer: { number: '8585551212' } },
    });
  });

  it('refuses a dial from another extension without asking the PBX', async () => {
    const t = await setup();
    t.connector.start(t.sink);
    await liveLines(t);
    const error = await t.connector.dial({ from: '101', to: '200' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect(error).toMatchObject({ reason: 'unsupported', message: 'Switchvox rings only the logged-in extension 100' });
    expect(methods(t.server)).not.toContain('dial');
  });

  it('-32001 (no call permission) → rejected in plain words', async () => {
    const t = await setup({ canDial: false });
    t.connector.start(t.sink);
    await liveLines(t);
    await expect(t.connector.dial({ from: null, to: '200' })).rejects.toMatchObject({
      reason: 'rejected',
      message: 'Switchvox does not allow extension 100 to place calls (a permission is missing on the PBX).',
    });
  });

  it('not connected → unreachable; not a number → rejected', async () => {
    const t = await setup();
    await expect(t.connector.dial({ from: null, to: '200' })).rejects.toMatchObject({ reason: 'unreachable' });
    t.connector.start(t.sink);
    await liveLines(t);
    await expect(t.connector.dial({ from: null, to: 'abc' })).rejects.toMatchObject({ reason: 'rejected' });
    expect(methods(t.server)).not.toContain('dial');
  });

  it('no answer in time → unreachable, and the dial is never sent again', async () => {
    const t = await setup({ override: (req) => (req.method === 'dial' ? 'silent' : undefined) }, { requestTimeoutMs: 150 });
    t.connector.start(t.sink);
    await liveLines(t);
    await expect(t.connector.dial({ from: null, to: '200' })).rejects.toMatchObject({
      reason: 'unreachable',
      message: 'The PBX did not answer dial within 150 ms. Extension 100 may still ring; the request is not repeated.',
    });
    t.server.dropTransport();
    await liveLines(t, 2);
    await wait(100);
    expect(methods(t.server).filter((m) => m === 'dial')).toHaveLength(1);
  });
});

describe('SwitchvoxConnector: stop and protocol deviations', () => {
  it.each([
    ['answers logout (and drops the session)', false],
    ['never answers logout', true],
  ])('stop sends logout, resolves at once and does not reconnect when the PBX %s', async (_name, silent) => {
    const t = await setup({ override: (req) => (silent && req.method === 'logout' ? 'silent' : undefined) }, { logoutGraceMs: 100 });
    t.connector.start(t.sink);
    await liveLines(t);
    const statuses = t.statuses.length;
    const started = performance.now();
    await t.connector.stop();
    expect(performance.now() - started).toBeLessThan(100);
    await until(() => methods(t.server).includes('logout'));
    await wait(300);
    expect(t.server.connections).toBe(1);
    expect(methods(t.server)).toEqual(['login', 'subscribe', 'logout']);
    expect(t.statuses).toHaveLength(statuses);
  });

  it('logs a notification carrying an id once, and still applies it', async () => {
    const t = await setup();
    t.connector.start(t.sink);
    await liveLines(t);
    const envelope = { jsonrpc: '2.0', method: LINE_TOPIC, id: 5 };
    t.server.notify(line({ uniqueId: '1714557600.30', accountId: 1101, status: 'ringing', serverTime: T0 }), envelope);
    t.server.notify(line({ uniqueId: '1714557600.30', accountId: 1101, status: 'onThePhone', serverTime: T0 + 1 }), envelope);
    await until(() => t.events().filter((e) => e.type === 'leg.upsert').length === 2);
    expect(t.lines.filter((l) => l.includes('logged once'))).toHaveLength(1);
  });

  it('skips a malformed notification without crashing', async () => {
    const t = await setup();
    t.connector.start(t.sink);
    await liveLines(t);
    t.server.notify({ account: { accountId: 1101 }, status: 'ringing' });
    t.server.notify(line({ uniqueId: '1714557600.31', accountId: 1101, status: 'ringing', serverTime: T0 }));
    await until(() => t.events().some((e) => e.type === 'leg.upsert'));
    expect(t.lines.some((l) => l.includes('Switchvox notification skipped'))).toBe(true);
    expect(isLive(t.statuses)).toBe(true);
  });
});

describe('Engine.IO probe (§1.3 point 4)', () => {
  it('tells an EIO v3 server from a v4-only one', async () => {
    const fake = await startFakeSwitchvox({ accounts: [] });
    cleanups.push(() => fake.close());
    expect((await probeEngineIo({ url: fake.url, rejectUnauthorized: true })).result).toBe('eio3');

    const http = createServer();
    const io = new Server(http, { path: '/rtapi/socket.io' });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => io.close(() => resolve())));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    expect((await probeEngineIo({ url, rejectUnauthorized: true })).result).toBe('eio4-only');
  });
});
