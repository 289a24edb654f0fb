import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { logger, redactUrl } from '@/server/log';
import type { CallEngine } from '../engine/call-engine';
import { createRng } from '../engine/random';
import { closeServer, listen, readBody, sendJson } from '../http-util';
import type { ApiContext, ApiReply } from './api-context';
import { apiRoutes } from './api-routes';
import { CallTracker } from './call-tracker';
import { HookDelivery, type DeliveryRecord } from './delivery';
import { TelphinFaults, type TelphinFaultEntry, type TTelphinFaultSpec } from './faults';
import { HookStore, type TelphinHook } from './hooks';
import { LegEvents, type TelphinEvent } from './leg-events';
import { TelphinOAuth } from './oauth';
import { TelphinTenant, type TelphinExtensionType } from './tenant';

/** Settings of the Telphin facade; every one has a default. */
export interface TelphinOptions {
  /** OAuth app id and secret of the `trusted` app (telphin.md §2.1). */
  clientId?: string;
  clientSecret?: string;
  /** `expires_in` of issued tokens, seconds (default 3600). */
  tokenTtlS?: number;
  /** Hooks per client (default 100). */
  hookLimit?: number;
  /** User of the `password` grant (default `admin` / `demo-telphin-password`). */
  username?: string;
  password?: string;
  /** Telphin client id (default 1), extension prefix (default `0003`), SIP domain (default `sipproxy.telphin.ru`). */
  accountId?: number;
  prefix?: string;
  domain?: string;
  /** The DID inbound outside calls arrive on (`CalledDID`). */
  did?: string;
  /** A hook request without an answer after this long is abandoned, never retried (default 5000). */
  deliveryTimeoutMs?: number;
  /** Time a `call_history` request takes (default 50 ms); a second one meanwhile gets 429. */
  callHistoryDelayMs?: number;
  /** Share of recorded hangups sent without `RecID` (real PBX: about 1 in 20; default 0). */
  recIdMissRate?: number;
}

export interface TelphinFacadeOptions extends TelphinOptions {
  engine: CallEngine;
  host?: string;
  port?: number;
  seed?: number;
}

export interface TelphinHookView extends TelphinHook {
  /** `prefix*name` of the hook's extension. */
  extension: string;
}

export interface TelphinFacade {
  /** API host root: clients add `/oauth/token` and `/api/ver1.0/…`. */
  url: string;
  clientId: string;
  clientSecret: string;
  /** The Telphin client id (`client_id` in `/client/{client_id}/…` paths). */
  clientAccountId: number;
  prefix: string;
  domain: string;
  extensions(): { id: number; name: string; type: TelphinExtensionType; label: string | null; number: string | null }[];
  hooks(): TelphinHookView[];
  /** Recent hook requests, oldest first (full URLs and bodies: the simulator's own log). */
  deliveries(): DeliveryRecord[];
  /** Recent events as generated, before fan-out to hooks (also those of extensions without hooks). */
  events(): TelphinEvent[];
  /** Telphin ids of an engine call (live or recently ended), by the control API's callId. */
  callIds(uniqueCallId: string): { callId: string; callApiId: string } | null;
  /** Resolves when no hook request is queued, held, delayed or in flight. */
  idle(): Promise<void>;
  injectFault(spec: TTelphinFaultSpec): void;
  clearFaults(): void;
  faults(): TelphinFaultEntry[];
  clearHooks(): void;
  clearDeliveries(): void;
  close(): Promise<void>;
}

export const TELPHIN_API_PREFIX = '/api/ver1.0';
const EVENT_LOG_SIZE = 2_000;

/** Fields of `POST /oauth/token`: query string, then the form or JSON body on top (telphin.md §2.2). */
function tokenFields(url: URL, req: IncomingMessage, raw: string): URLSearchParams {
  const fields = new URLSearchParams(url.search);
  let body: Record<string, unknown> | null = null;
  if ((req.headers['content-type'] ?? '').includes('json')) {
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      body = null;
    }
  }
  const pairs = body && typeof body === 'object' ? Object.entries(body).map(([k, v]) => [k, String(v)]) : [...new URLSearchParams(raw)];
  for (const [k, v] of pairs) if (k !== undefined && v !== undefined) fields.set(k, v);
  return fields;
}

function reply(res: ServerResponse, r: ApiReply): void {
  if (r.raw) {
    res.writeHead(r.status, { 'Content-Type': r.raw.type, 'Content-Length': r.raw.data.length });
    res.end(r.raw.data);
  } else if (r.status === 204) {
    res.writeHead(204);
    res.end();
  } else sendJson(res, r.status, r.body ?? {});
}

/** The Telphin REST API and event-hook sender (telphin.md §10) for site C of the call engine. */
export async function startTelphinFacade(opts: TelphinFacadeOptions): Promise<TelphinFacade> {
  const log = logger.child({ component: 'simulator', facade: 'telphin' });
  const { engine } = opts;
  const clientId = opts.clientId ?? 'demo-telphin-client';
  const clientSecret = opts.clientSecret ?? 'demo-telphin-secret';
  const tenant = new TelphinTenant(engine.directory, { accountId: opts.accountId ?? 1, prefix: opts.prefix ?? '0003', domain: opts.domain ?? 'sipproxy.telphin.ru' });
  const faults = new TelphinFaults();
  const oauth = new TelphinOAuth({ clientId, clientSecret, ttlS: opts.tokenTtlS ?? 3600, username: opts.username ?? 'admin', password: opts.password ?? 'demo-telphin-password' });
  const hooks = new HookStore(opts.hookLimit ?? 100);
  const delivery = new HookDelivery(faults, opts.deliveryTimeoutMs ?? 5_000);
  const rng = createRng(opts.seed ?? 1);
  const missRate = opts.recIdMissRate ?? 0;
  const events: TelphinEvent[] = [];
  const legEvents = new LegEvents(engine.clock, tenant, (event) => {
    events.push(event);
    if (events.length > EVENT_LOG_SIZE) events.shift();
    for (const hook of hooks.matching(event.owner.id, event.params.EventType ?? '')) delivery.enqueue(hook, event.owner, event.params, event.uniqueCallId);
  }, () => faults.take('missingRecId') !== null || (missRate > 0 && rng.chance(missRate)));
  const tracker = new CallTracker(legEvents, engine.directory, { installation: '3584709739', did: opts.did ?? '74952300003' });
  const unsubscribe = engine.on((event) => tracker.handle(event));
  const ctx: ApiContext = { engine, tenant, hooks, tracker, historyDelayMs: opts.callHistoryDelayMs ?? 50, historyBusy: false, nextCallBackId: 52001 };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const raw = await readBody(req);
    if (faults.take('http500')) return sendJson(res, 500, { message: 'Internal Server Error' });
    if (url.pathname === '/oauth/token' || url.pathname === '/oauth/token/') {
      if (req.method !== 'POST') return sendJson(res, 405, { message: 'Method not allowed' });
      const granted = oauth.grant(tokenFields(url, req, raw));
      return sendJson(res, granted.status, granted.body);
    }
    if (!url.pathname.startsWith(`${TELPHIN_API_PREFIX}/`)) return sendJson(res, 404, { message: 'Not found' });
    if (!oauth.check(req.headers.authorization)) return sendJson(res, 401, { message: 'Unauthorized' });
    const path = url.pathname.slice(TELPHIN_API_PREFIX.length);
    let body: unknown;
    try {
      body = raw.trim() === '' ? undefined : JSON.parse(raw);
    } catch {
      return sendJson(res, 400, { message: 'body: invalid JSON' });
    }
    let pathKnown = false;
    for (const [method, pattern, handler] of apiRoutes) {
      const match = pattern.exec(path);
      if (!match) continue;
      pathKnown = true;
      if (method !== req.method) continue;
      const params = match.slice(1).map((p) => decodeURIComponent(p));
      return reply(res, await handler(ctx, params, { method, query: url.searchParams, body }));
    }
    sendJson(res, pathKnown ? 405 : 404, { message: pathKnown ? 'Method not allowed' : 'Not found' });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log.error({ err, url: redactUrl(req.url ?? '') }, 'telphin request failed');
      sendJson(res, 500, { message: 'Internal Server Error' });
    });
  });
  const url = await listen(server, opts.host ?? '127.0.0.1', opts.port ?? 0);

  return {
    url,
    clientId,
    clientSecret,
    clientAccountId: tenant.opts.accountId,
    prefix: tenant.opts.prefix,
    domain: tenant.opts.domain,
    extensions: () => tenant.extensions.map(({ id, name, type, label, number }) => ({ id, name, type, label, number })),
    hooks: () => hooks.all().map((h) => ({ ...h, extension: tenant.byId(h.extensionId)?.name ?? String(h.extensionId) })),
    deliveries: () => delivery.log(),
    events: () => [...events],
    callIds(uniqueCallId) {
      const tc = tracker.get(uniqueCallId);
      return tc ? { callId: tc.callId, callApiId: tc.callApiId } : null;
    },
    idle: () => delivery.idle(),
    injectFault(spec) {
      if (spec.kind === 'expireTokens') oauth.expireAll();
      else faults.add(spec);
    },
    clearFaults: () => faults.clear(),
    faults: () => faults.list(),
    clearHooks: () => hooks.clear(),
    clearDeliveries: () => delivery.clearLog(),
    async close() {
      unsubscribe();
      delivery.close();
      await closeServer(server);
    },
  };
}
