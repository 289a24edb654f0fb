import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import { captureLogger } from './fake-switchvox-server';
import { RpcError } from './rpc-error';
import { openSocketIoSession, type DisconnectCause, type RpcSession, type RpcSessionOptions } from './rpc-session';

interface Req {
  id: number;
  method: string;
  params?: Record<string, unknown>;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A bare socket.io 4 server (allowEIO3) whose sockets the test drives by hand. */
async function rawServer() {
  const http = createServer();
  const io = new Server(http, { path: '/rtapi/socket.io', allowEIO3: true });
  const sockets: Socket[] = [];
  const requests: { socket: Socket; req: Req }[] = [];
  io.on('connection', (socket) => {
    sockets.push(socket);
    socket.on('request', (req: Req) => requests.push({ socket, req }));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => io.close(() => resolve())));
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, sockets, requests };
}

function open(url: string, extra: Partial<RpcSessionOptions> = {}) {
  const { logger, lines } = captureLogger();
  const session = openSocketIoSession({ url, rejectUnauthorized: true, reconnectionDelayMs: 30, reconnectionDelayMaxMs: 60, logger, ...extra });
  cleanups.push(() => session.close());
  const events: string[] = [];
  const disconnects: DisconnectCause[] = [];
  session.on('connect', () => events.push('connect'));
  session.on('disconnect', (cause) => {
    events.push(`disconnect:${cause}`);
    disconnects.push(cause);
  });
  session.on('connectError', (message) => events.push(`error:${message}`));
  return { session, lines, events, disconnects };
}

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const connected = (s: RpcSession) => until(() => s.connected);

describe('socket.io-client 2.5 RPC session (§1–§3, §11.3)', () => {
  it('sends JSON-RPC requests with increasing integer ids and matches responses by id, in any order', async () => {
    const server = await rawServer();
    const { session } = open(server.url);
    await connected(session);
    const a = session.request('login', { extension: '100', password: 'pw' });
    const b = session.request('subscribe', { topic: 't', targets: [] });
    await until(() => server.requests.length === 2);
    expect(server.requests.map(({ req }) => req)).toEqual([
      { jsonrpc: '2.0', id: 1, method: 'login', params: { extension: '100', password: 'pw' } },
      { jsonrpc: '2.0', id: 2, method: 'subscribe', params: { topic: 't', targets: [] } },
    ]);
    const socket = server.sockets[0] as Socket;
    socket.emit('response', { jsonrpc: '2.0', id: 2, error: { code: -32001, message: 'Not authorized' } });
    socket.emit('response', { jsonrpc: '2.0', id: 99, result: true });
    socket.emit('response', { jsonrpc: '2.0', id: 1, result: true });
    await expect(a).resolves.toBe(true);
    const error = await b.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({ kind: 'rpc', code: -32001, method: 'subscribe' });
    expect((error as RpcError).message).toBe('Switchvox refused subscribe: Not authorized (code -32001).');
  });

  it('passes notifications through unparsed', async () => {
    const server = await rawServer();
    const { session } = open(server.url);
    const seen: unknown[] = [];
    session.on('notification', (m) => seen.push(m));
    await connected(session);
    server.sockets[0]?.emit('notification', { jsonrpc: '2.0', method: 'x', params: { name: 'Zoë Ångström 山田' } });
    await until(() => seen.length === 1);
    expect(seen[0]).toEqual({ jsonrpc: '2.0', method: 'x', params: { name: 'Zoë Ångström 山田' } });
  });

  it('rejects pending requests when the transport drops, then reconnects by itself with ids from 1 again', async () => {
    const server = await rawServer();
    const { session, events } = open(server.url);
    await connected(session);
    const pending = session.request('dial', { extension: '200' });
    await until(() => server.requests.length === 1);
    server.sockets[0]?.conn.close();
    await expect(pending).rejects.toMatchObject({ kind: 'disconnected', method: 'dial' });
    await until(() => events.filter((e) => e === 'connect').length === 2);
    expect(events).toEqual(['connect', 'disconnect:transport', 'connect']);
    void session.request('login', { extension: '100', password: 'x' }).catch(() => {});
    await until(() => server.requests.length === 2);
    expect(server.requests[1]?.req.id).toBe(1);
    expect(server.requests[1]?.socket).toBe(server.sockets[1]);
  });

  it('gives each request its own timeout and ignores the late answer', async () => {
    const server = await rawServer();
    const { session } = open(server.url, { requestTimeoutMs: 150 });
    await connected(session);
    const started = Date.now();
    const slow = session.request('login', { extension: '100', password: 'x' });
    await expect(slow).rejects.toMatchObject({ kind: 'timeout', message: 'The PBX did not answer login within 150 ms.' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    server.sockets[0]?.emit('response', { jsonrpc: '2.0', id: 1, result: true });
    const next = session.request('subscribe', {});
    await until(() => server.requests.length === 2);
    server.sockets[0]?.emit('response', { jsonrpc: '2.0', id: 2, result: 'second' });
    await expect(next).resolves.toBe('second');
  });

  it('never queues a request while disconnected (socket.io would flush it before the next login)', async () => {
    const server = await rawServer();
    const { session, events } = open(server.url);
    await expect(session.request('dial', { extension: '200' })).rejects.toMatchObject({ kind: 'not_connected' });
    await until(() => events.includes('connect'));
    await new Promise((r) => setTimeout(r, 50));
    expect(server.requests).toEqual([]);
  });

  it('tells a server-side disconnect from our own close, and does not reconnect after either', async () => {
    const server = await rawServer();
    const first = open(server.url);
    await connected(first.session);
    server.sockets[0]?.disconnect(true);
    await until(() => first.disconnects.length === 1);
    const second = open(server.url);
    await connected(second.session);
    second.session.close();
    await new Promise((r) => setTimeout(r, 150));
    expect(first.disconnects).toEqual(['server']);
    expect(second.disconnects).toEqual(['client']);
    expect(server.sockets).toHaveLength(2);
  });

  it('never logs the password and masks it in vendor messages', async () => {
    const server = await rawServer();
    const { session, lines } = open(server.url, { secrets: ['s3cr3t-pw'] });
    await connected(session);
    const login = session.request('login', { extension: '100', password: 's3cr3t-pw' });
    await until(() => server.requests.length === 1);
    server.sockets[0]?.emit('response', { jsonrpc: '2.0', id: 1, error: { code: -32000, message: 'Bad password s3cr3t-pw' } });
    const error = (await login.catch((e: unknown) => e)) as RpcError;
    expect(error.message).toBe('Switchvox refused login: Bad password [redacted] (code -32000).');
    expect(lines.join('\n')).toContain('"password":"[redacted]"');
    expect(lines.join('\n')).not.toContain('s3cr3t-pw');
  });

  it('reports a failed connection attempt in plain words and keeps retrying', async () => {
    const server = await rawServer();
    const port = new URL(server.url).port;
    await cleanups.pop()?.();
    const { events } = open(`http://127.0.0.1:${port}`);
    await until(() => events.filter((e) => e.startsWith('error:')).length >= 2);
    expect(events[0]).toBe('error:connection refused');
  });
});
