/**
 * One fuzzing world: the simulator (Telphin and VoipNow facades), a real pipeline with real Telphin
 * and VoipNow connectors live against it, the real `/hooks/{connectionId}/{event}` route handler
 * behind a tiny HTTP bridge (Node request → Web Request, as Next does), the hub on `/ws`, the
 * runtime set for route handlers, and an admin session cookie. Bound to 127.0.0.1, free ports.
 */
import http from 'node:http';
import { count } from 'drizzle-orm';
import type { AddressInfo } from 'node:net';
import type { TConnectionConfig, TTelphinConnection, TVoipnowConnection } from '@/lib/connection-config';
import type { Board } from '@/lib/board';
import { extensionStateOf } from '@/lib/board';
import { webhookRequests } from '@/db/schema';
import type { ConnectorContext } from '@/server/connectors/connector';
import { createConnector } from '@/server/connectors/registry';
import { createTelphinConnector } from '@/server/connectors/telphin/telphin-connector';
import { createVoipnowConnector } from '@/server/connectors/voipnow/voipnow-connector';
import { parseEnv } from '@/server/env';
import { startPipeline, type Pipeline } from '@/server/pipeline';
import { setRuntime } from '@/server/runtime';
import { startSimulator, type RunningSimulator } from '@/server/simulator';
import { SESSION_COOKIE } from '@/server/auth/cookies';
import * as hookRoute from '@/app/hooks/[connectionId]/[event]/route';

export const TEL = 'fz-telphin';
export const VN = 'fz-voipnow';
export const ORIGIN = 'http://linesight.test:3000';
export const HOST = 'linesight.test:3000';

export interface World {
  sim: RunningSimulator;
  pipeline: Pipeline;
  /** Base URL of the webhook bridge (real route handler). */
  hooksUrl: string;
  /** Base URL of the HTTP server whose upgrades go to the hub. */
  wsUrl: string;
  adminCookie: string;
  adminUserId: number;
  /** A user the fuzzer may edit freely (never the admin it acts as). */
  spareUserId: number;
  tokens: { [TEL]: string; [VN]: string };
  telphin: { prefix: string; domain: string; extensions: { id: number; name: string; type: string }[] };
  voipnow: { extensions: { number: string; short: string }[] };
  /** Throws and rejections nobody caught while the world ran: each one is a finding. */
  escaped: string[];
  close(): Promise<void>;
}

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function waitFor(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`fuzz world: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Node request → Web `Request` → the route module's handler → Node response, the way Next calls it. */
function hookBridge(escaped: string[]): http.Server {
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', () => undefined);
    req.on('end', () => {
      void (async () => {
        const match = /^\/hooks\/([^/?]+)\/([^/?]+)/.exec(req.url ?? '');
        let segments: { connectionId: string; event: string } | null = null;
        try {
          if (match) segments = { connectionId: decodeURIComponent(match[1]!), event: decodeURIComponent(match[2]!) };
        } catch {
          segments = null;
        }
        if (!segments) return void res.writeHead(400).end('{"error":"bad path (bridge)"}');
        const handler = req.method === 'POST' ? hookRoute.POST : req.method === 'GET' ? hookRoute.GET : null;
        if (!handler) return void res.writeHead(405).end('{"error":"method (bridge)"}');
        const headers = new Headers();
        for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
        const body = req.method === 'POST' ? Buffer.concat(chunks) : undefined;
        try {
          const request = new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body });
          const response = await handler(request, { params: Promise.resolve(segments) });
          const text = await response.text();
          res.writeHead(response.status, { 'content-type': response.headers.get('content-type') ?? 'text/plain' }).end(text);
        } catch (error) {
          // Next would answer 500 here: the fuzzer counts it as a finding.
          escaped.push(`hook route threw: ${error instanceof Error ? error.stack : String(error)}`);
          res.writeHead(500).end('{"error":"route threw"}');
        }
      })();
    });
  });
}

/** Starts the world; `close()` tears every part down. */
export async function startWorld(): Promise<World> {
  const escaped: string[] = [];
  const onUncaught = (error: unknown) => escaped.push(`uncaught: ${error instanceof Error ? error.stack : String(error)}`);
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);

  const sim = await startSimulator({ noojeeApiKey: 'unused-fuzz-key', seed: 8 });
  let pipeline: Pipeline | null = null;
  const bridge = hookBridge(escaped);
  const hooksUrl = await listen(bridge);
  const telphin: TTelphinConnection = {
    id: TEL, vendor: 'telphin', name: 'Fuzz Telphin', baseUrl: sim.urls.telphin,
    clientId: sim.telphin.clientId, clientSecret: sim.telphin.clientSecret, reconcileIntervalS: 60,
  };
  const voipnow: TVoipnowConnection = {
    id: VN, vendor: 'voipnow', name: 'Fuzz VoipNow', baseUrl: sim.urls.voipnow,
    clientId: sim.voipnow.clientId, clientSecret: sim.voipnow.clientSecret,
    extensions: sim.voipnow.extensions().filter((e) => e.kind === 'phone').map((e) => e.number), pollIntervalS: 2,
  };
  const create = (c: TConnectionConfig, context: ConnectorContext) =>
    c.vendor === 'telphin'
      ? createTelphinConnector(c, context, { reconcileIntervalMs: 5_000 })
      : c.vendor === 'voipnow'
        ? createVoipnowConnector(c, context, { pollIntervalMs: 2_000 })
        : createConnector(c, context);
  pipeline = startPipeline({ databasePath: ':memory:', connections: [telphin, voipnow], createConnector: create, publicUrl: hooksUrl, resyncMinMs: 0 });
  const p = pipeline;
  const status = (id: string) => p.projector.board(0).connections.find((c) => c.id === id)?.status;
  await waitFor('both connections live', () => status(TEL) === 'live' && status(VN) === 'live');
  setRuntime({ env: parseEnv({ NODE_ENV: 'test' }), ...p, metrics: p.metrics.registry, demo: null });

  const admin = await p.users.create({ username: 'fuzz-admin', password: 'fuzz-admin-password-1', role: 'admin' });
  const spare = await p.users.create({ username: 'fuzz-spare', password: 'fuzz-spare-password-1', role: 'viewer' });
  if (!admin.ok || !spare.ok) throw new Error('fuzz world: could not create users');
  const signIn = await p.auth.signIn('fuzz-admin', 'fuzz-admin-password-1', '127.0.0.1');
  if (!signIn.ok) throw new Error('fuzz world: admin sign-in failed');

  const wsServer = http.createServer((_req, res) => res.writeHead(404).end());
  wsServer.on('upgrade', (req, socket, head) => {
    if (!p.hub.handleUpgrade(req, socket, head)) socket.destroy();
  });
  const wsUrl = (await listen(wsServer)).replace('http:', 'ws:');

  const token = (id: string) => {
    const t = p.connectors.get(id)?.webhookToken;
    if (!t) throw new Error(`fuzz world: ${id} has no webhook token`);
    return t;
  };
  return {
    sim,
    pipeline: p,
    hooksUrl,
    wsUrl,
    adminCookie: `${SESSION_COOKIE}=${encodeURIComponent(signIn.token)}`,
    adminUserId: admin.user.id,
    spareUserId: spare.user.id,
    tokens: { [TEL]: token(TEL), [VN]: token(VN) },
    telphin: { prefix: sim.telphin.prefix, domain: sim.telphin.domain, extensions: sim.telphin.extensions() },
    voipnow: { extensions: sim.voipnow.extensions().map((e) => ({ number: e.number, short: e.short })) },
    escaped,
    async close() {
      await p.stop();
      await new Promise<void>((resolve) => bridge.close(() => resolve()));
      wsServer.closeAllConnections();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
      await sim.close();
      setRuntime(undefined);
      process.off('uncaughtException', onUncaught);
      process.off('unhandledRejection', onUncaught);
    },
  };
}

/** Stored webhook requests (a refused one must not add to this). */
export const storedWebhookCount = (p: Pipeline): number => p.db.select({ n: count() }).from(webhookRequests).get()?.n ?? 0;

const isIso = (value: unknown) => typeof value === 'string' && Number.isFinite(Date.parse(value));

/** What is wrong with a board, as sentences; empty when it is internally consistent. */
export function boardProblems(board: Board): string[] {
  const problems: string[] = [];
  const connections = new Set(board.connections.map((c) => c.id));
  const extensionIds = new Set<string>();
  for (const ext of board.extensions) {
    if (!connections.has(ext.connectionId)) problems.push(`extension ${ext.id} of unknown connection ${ext.connectionId}`);
    if (!ext.id.startsWith(`${ext.connectionId}:`)) problems.push(`extension ${ext.id} not named after its connection ${ext.connectionId}`);
    if (extensionIds.has(ext.id)) problems.push(`extension ${ext.id} twice`);
    extensionIds.add(ext.id);
    if (!isIso(ext.since)) problems.push(`extension ${ext.id} since ${String(ext.since)}`);
    const legIds = new Set<string>();
    for (const call of ext.calls) {
      if (!call.id.startsWith(`${ext.connectionId}:`)) problems.push(`leg ${call.id} on extension ${ext.id} of another connection`);
      if (legIds.has(call.id)) problems.push(`leg ${call.id} twice on ${ext.id}`);
      legIds.add(call.id);
      if (!isIso(call.startedAt)) problems.push(`leg ${call.id} startedAt ${String(call.startedAt)}`);
      if (call.answeredAt !== null && !isIso(call.answeredAt)) problems.push(`leg ${call.id} answeredAt ${String(call.answeredAt)}`);
      if (typeof call.peer?.number !== 'string') problems.push(`leg ${call.id} peer number ${String(call.peer?.number)}`);
    }
    if (ext.calls.length > 0 && ext.state !== extensionStateOf(ext.calls)) problems.push(`extension ${ext.id} state ${ext.state} disagrees with its calls`);
  }
  for (const queue of board.queues) {
    if (!connections.has(queue.connectionId)) problems.push(`queue ${queue.id} of unknown connection ${queue.connectionId}`);
    for (const w of queue.waiting) if (!isIso(w.since)) problems.push(`queue ${queue.id} waiting since ${String(w.since)}`);
    for (const a of queue.agents) if (!isIso(a.since)) problems.push(`queue ${queue.id} agent since ${String(a.since)}`);
    for (const [key, value] of Object.entries(queue.today)) if (typeof value === 'number' && !Number.isFinite(value)) problems.push(`queue ${queue.id} today.${key} = ${value}`);
  }
  return problems;
}
