import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { logger, redactUrl } from '@/server/log';
import type { CallEngine } from '../engine/call-engine';
import { EngineError } from '../engine/types';
import { closeServer, listen, readBody, sendJson } from '../http-util';
import { VoipNowCalls, type VoipNowExtension } from './calls';
import { VoipNowDeliveries, type VoipNowDelivery } from './delivery';
import { EVENT_FIELDS, EVENT_TYPES, EventStore, type PhoneCallEvent } from './events';
import { VoipNowFaults, type TVoipNowFaultSpec, type VoipNowFaultEntry } from './faults';
import { VoipNowOAuth } from './oauth';
import { collection, fail, UapiError, uapiError, type UapiReply } from './uapi';

/** Settings of the VoipNow facade; every one has a default. */
export interface VoipNowOptions {
  /** App Key / App Secret of the trusted App (voipnow.md §1.3); default `demo-voipnow-app` / `demo-voipnow-secret`. */
  clientId?: string;
  clientSecret?: string;
  /** `expires_in` of issued tokens, seconds (default 3600). */
  tokenTtlS?: number;
  /** Client prefix of extended numbers (default `0005`: site D phone 501 is `0005*501`). */
  prefix?: string;
  /** DID outside callers dial (`CalledDID`, default `0040319999999`). */
  did?: string;
  /** Hook request timeout (default 10 000 ms, A22). */
  deliveryTimeoutMs?: number;
  /** Status of a PhoneCallEvent create: 201 (v5, default) or 200 (3.x), A2. */
  createStatus?: 200 | 201 | 204;
  /** Empty lists: 204 (default) or 200 with an empty `entry` (A19). */
  emptyListStatus?: 200 | 204;
}

export interface VoipNowFacadeOptions extends VoipNowOptions {
  engine: CallEngine;
  host?: string;
  port?: number;
}

/** A registered PhoneCallEvent as the control API shows it (extended `extension` included). */
export type VoipNowEventView = PhoneCallEvent;

export interface VoipNowFacade {
  /** Server root: clients add `/oauth/token.php` and `/uapi/…`. */
  url: string;
  clientId: string;
  clientSecret: string;
  prefix: string;
  /** Site D extensions: `number` extended (`0005*501`), `short` (`501`). */
  extensions(): VoipNowExtension[];
  /** Registered PhoneCallEvents of every extension. */
  events(): VoipNowEventView[];
  /** Recent hook requests, oldest first. */
  deliveries(): VoipNowDelivery[];
  /** Resolves when no hook request is queued, delayed or in flight. */
  idle(): Promise<void>;
  injectFault(spec: TVoipNowFaultSpec): void;
  clearFaults(): void;
  faults(): VoipNowFaultEntry[];
  clearEvents(): void;
  clearDeliveries(): void;
  close(): Promise<void>;
}

/** The authenticated user's id (`@me`); any other numeric id is `user_invalid`. */
const USER_ID = '1';
const USER_REFS = new Set(['@me', '@viewer', '@owner', USER_ID]);
const PHONECALL_FIELDS = ['id', 'extension', 'ownerId', 'ownerName', 'published', 'answered', 'nonce', 'phoneCallView'];
const ACTIONS = new Set(['OnHold', 'OffHold', 'StartRecording', 'StopRecording', 'PickUp', 'BargeIn', 'Park', 'UnPark', 'Whisper', 'Transfer', 'TransferToVoicemail', 'Monitor']);

function reply(res: ServerResponse, r: UapiReply): void {
  if (r.status === 204) {
    if (res.writableEnded || res.destroyed) return;
    res.writeHead(204);
    res.end();
  } else sendJson(res, r.status, r.body ?? {});
}

/** The VoipNow UnifiedAPI and hook sender (voipnow.md §7) for site D of the call engine. */
export async function startVoipNowFacade(opts: VoipNowFacadeOptions): Promise<VoipNowFacade> {
  const log = logger.child({ component: 'simulator', facade: 'voipnow' });
  const { engine } = opts;
  const clientId = opts.clientId ?? 'demo-voipnow-app';
  const clientSecret = opts.clientSecret ?? 'demo-voipnow-secret';
  const prefix = opts.prefix ?? '0005';
  const did = opts.did ?? '0040319999999';
  const emptyAs200 = opts.emptyListStatus === 200;
  const faults = new VoipNowFaults();
  const oauth = new VoipNowOAuth({ clientId, clientSecret, ttlS: opts.tokenTtlS ?? 3600 });
  const store = new EventStore(() => engine.clock.now());
  const delivery = new VoipNowDeliveries(faults, opts.deliveryTimeoutMs ?? 10_000);

  const extensions = (): VoipNowExtension[] => [
    ...engine.directory.phones.filter((p) => p.site === 'D').map((p) => ({ number: `${prefix}*${p.number}`, short: p.number, name: p.name, kind: 'phone' as const })),
    ...engine.directory.queues.filter((q) => q.site === 'D').map((q) => ({ number: `${prefix}*${q.number}`, short: q.number, name: q.name, kind: 'queue' as const })),
  ];
  const byShort = (short: string) => extensions().find((e) => e.short === short) ?? null;
  /** An extension in a path: extended (`0005*501`) or short (`501`). */
  const resolve = (ref: string) => extensions().find((e) => e.number === ref || e.short === ref) ?? null;

  const calls = new VoipNowCalls(engine, byShort, did, (extension, type, params) => {
    for (const ev of store.enabled(extension, type)) delivery.enqueue(ev, params);
  });
  const unsubscribe = engine.on((e) => calls.handle(e));

  let base = '';
  const eventView = (ev: PhoneCallEvent, userId: string): Record<string, unknown> => {
    const { extension, ...rest } = ev;
    return { ...rest, links: { self: `${base}/uapi/extensions/${userId}/${extension}/phoneCallEvents/${ev.type}/${ev.id}` } };
  };

  function checkUser(userId: string): void {
    if (!USER_REFS.has(userId)) fail(400, 'user_invalid', 'The userId parameter is invalid.');
  }

  function phoneCallEvents(method: string, seg: string[], query: URLSearchParams, self: URL, body: unknown): UapiReply {
    const [, userId = '', extRef = '', , type, id, ...more] = seg;
    checkUser(userId);
    const ext = extRef === '@self' ? null : resolve(extRef);
    if (!ext) fail(400, 'extension_invalid', 'The extension parameter is invalid.');
    if (more.length > 0) fail(501, 'request_not_implemented', 'The request is not implemented.');
    if (method === 'POST') {
      if (id !== undefined) fail(501, 'request_not_implemented', 'The request is not implemented.');
      const ev = store.create(ext.number, body, type);
      // A19: servers differ in what a create answers; 204 carries no body at all.
      const status = opts.createStatus ?? 201;
      return status === 204 ? { status } : { status, body: eventView(ev, userId) };
    }
    if (type !== undefined && !(EVENT_TYPES as readonly string[]).includes(type)) fail(400, 'pce_type_invalid', 'The type parameter is invalid.');
    if (method === 'GET') {
      if (id !== undefined) {
        const ev = store.get(ext.number, type ?? '', id);
        return { status: 200, body: { entry: [eventView(ev, userId)], startIndex: 0, itemsPerPage: 1, totalResults: 1, filtered: false, sorted: false, paging: {} } };
      }
      const items = store.list(ext.number, type).map((ev) => eventView(ev, userId));
      return collection(items, query, self, { filterable: EVENT_FIELDS, sortKey: (e) => String(e.url), emptyAs200 });
    }
    if (method === 'PUT') {
      if (type === undefined || id === undefined) fail(400, 'pce_id_invalid', 'The phone call event ID is invalid.');
      return { status: 200, body: eventView(store.update(ext.number, type, id, body), userId) };
    }
    if (method === 'DELETE') {
      const gone = store.remove(ext.number, type, id);
      return gone.length === 0 ? { status: 204 } : { status: 200, body: gone.map((ev) => eventView(ev, userId)) };
    }
    fail(501, 'request_not_implemented', 'The request is not implemented.');
  }

  function phoneCalls(method: string, seg: string[], query: URLSearchParams, self: URL, body: unknown): UapiReply {
    const [, userId = '', extRef = '', callId, ...more] = seg;
    checkUser(userId);
    if (method === 'POST' || more.length > 0) fail(501, 'request_not_implemented', 'The request is not implemented.');
    const ext = extRef === '@self' ? null : resolve(extRef);
    if (extRef !== '@self' && !ext) fail(400, 'extension_invalid', 'The extension parameter is invalid.');
    const mine = calls.active().filter((pc) => {
      if (callId !== undefined && pc.id !== callId) return false;
      return !ext || pc.extension === ext.number || (pc.phoneCallView as { extension: string }[]).some((v) => v.extension === ext.number);
    });
    if (method === 'GET') {
      return collection(mine, query, self, {
        filterable: ['id', 'published'], fields: PHONECALL_FIELDS, sortKey: (pc) => String(pc.published),
        ops: ['equals', 'greaterThan', 'lessThan', 'present', 'startsWith', 'contains', 'inArray'], emptyAs200,
      });
    }
    if (method === 'PUT') {
      const target = callId === undefined ? undefined : mine[0];
      const found = target ? calls.find(String(target.id)) : null;
      if (!found) fail(400, 'phonecall_id_invalid', 'The phone call ID is invalid.');
      const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
      const action = typeof b.action === 'string' ? b.action : '';
      if (!ACTIONS.has(action)) fail(400, 'action_invalid', 'The action parameter is missing or invalid.');
      const view = found.views.find((v) => v.viewId === String(b.phoneCallViewId as string));
      if (!view && !action.startsWith('Transfer')) fail(400, 'phonecallview_id_invalid', 'The phoneCallViewId parameter is missing or invalid.');
      const short = resolve(view?.extension ?? '')?.short ?? '';
      try {
        if (action === 'StartRecording') {
          if (b.format !== undefined && b.format !== 'wav' && b.format !== 'wav49') fail(400, 'format_invalid', 'The format parameter is invalid.');
          engine.startRecording(found.engineId, { owner: short });
        } else if (action === 'StopRecording') engine.stopRecording(found.engineId);
        else if (action === 'OnHold') engine.hold(found.engineId, short);
        else if (action === 'OffHold') engine.unhold(found.engineId, short);
        else fail(501, 'request_not_implemented', `The ${action} action is not implemented by the simulator.`);
      } catch (err) {
        if (err instanceof EngineError) fail(400, 'action_invalid', err.message);
        throw err;
      }
      const updated = calls.active().find((pc) => pc.id === target?.id);
      return updated ? { status: 200, body: updated } : { status: 204 };
    }
    if (method === 'DELETE') {
      const phoneNumber = query.get('phoneNumber');
      const ids: string[] = [];
      for (const pc of mine) {
        const found = calls.find(String(pc.id));
        if (!found) continue;
        if (phoneNumber === null) engine.hangup(found.engineId);
        else {
          const party = found.views.find((v) => v.extension === phoneNumber || resolve(v.extension)?.short === phoneNumber);
          const info = engine.call(found.engineId);
          if (party) engine.hangup(found.engineId, resolve(party.extension)?.short);
          else if (info && (info.external === phoneNumber || info.from === phoneNumber)) engine.hangup(found.engineId);
          else continue;
        }
        ids.push(String(pc.id));
      }
      return ids.length === 0 ? { status: 204 } : { status: 200, body: ids.map((id) => ({ id })) };
    }
    fail(501, 'request_not_implemented', 'The request is not implemented.');
  }

  function cdr(method: string, seg: string[], query: URLSearchParams, self: URL): UapiReply {
    if (method !== 'GET' || seg.length > 2) fail(501, 'request_not_implemented', 'The request is not implemented.');
    if (seg[1] !== undefined) checkUser(seg[1]);
    return collection(calls.history(), query, self, {
      filterable: ['published', 'answered'], fields: PHONECALL_FIELDS, sortKey: (pc) => String(pc.published),
      keyBy: (pc) => String(pc.id), emptyAs200, extra: { phoneCallStat: calls.stats() },
    });
  }

  function uapi(method: string, url: URL, rest: string, body: unknown): UapiReply {
    const seg = rest.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
    if (method === 'PATCH') fail(501, 'request_not_implemented', 'The request is not implemented.');
    const self = new URL(`${base}${url.pathname}${url.search}`);
    if (seg[0] === 'extensions' && seg[3] === 'phoneCallEvents') return phoneCallEvents(method, seg, url.searchParams, self, body);
    if (seg[0] === 'phoneCalls' && seg.length >= 3) return phoneCalls(method, seg, url.searchParams, self, body);
    if (seg[0] === 'cdr') return cdr(method, seg, url.searchParams, self);
    fail(501, 'request_not_implemented', 'The request is not implemented.');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const raw = await readBody(req);
    const method = req.method ?? 'GET';
    if (faults.take('http500')) return reply(res, uapiError(500, 'internal_server_error', 'Internal server error.'));
    if (url.pathname === '/oauth/token.php') {
      if (method !== 'POST') return sendJson(res, 400, { error: 'invalid_request' });
      const fields = new URLSearchParams(url.search);
      for (const [k, v] of new URLSearchParams(raw)) fields.set(k, v);
      const granted = oauth.grant(fields);
      return sendJson(res, granted.status, granted.body);
    }
    if (url.pathname === '/oauth/authorize.php') {
      const fields = new URLSearchParams(url.search);
      for (const [k, v] of new URLSearchParams(method === 'POST' ? raw : '')) fields.set(k, v);
      const r = oauth.authorize(fields);
      if ('location' in r) {
        res.writeHead(302, { Location: r.location, 'Content-Length': 0 });
        res.end();
        return;
      }
      return sendJson(res, r.status, r.body);
    }
    const m = /^\/(?:uapi|unifiedapi)(\/.*)?$/.exec(url.pathname);
    if (!m) return reply(res, uapiError(404, 'request_not_implemented', 'Not found.'));
    if (!oauth.check(req.headers.authorization, url.searchParams.get('accessRequestToken'))) {
      return reply(res, uapiError(401, 'access_denied', 'You are not authorized to use this request.'));
    }
    let body: unknown;
    try {
      body = raw.trim() === '' ? undefined : JSON.parse(raw);
    } catch {
      return reply(res, uapiError(400, 'request_invalid', 'The request body is not valid JSON.'));
    }
    try {
      reply(res, uapi(method, url, m[1] ?? '/', body));
    } catch (err) {
      if (err instanceof UapiError) return reply(res, err.reply);
      throw err;
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log.error({ err, url: redactUrl(req.url ?? '') }, 'voipnow request failed');
      reply(res, uapiError(500, 'internal_server_error', 'Internal server error.'));
    });
  });
  const url = await listen(server, opts.host ?? '127.0.0.1', opts.port ?? 0);
  base = url;

  return {
    url,
    clientId,
    clientSecret,
    prefix,
    extensions,
    events: () => store.all(),
    deliveries: () => delivery.log(),
    idle: () => delivery.idle(),
    injectFault(spec) {
      if (spec.kind === 'expireTokens') oauth.expireAll();
      else faults.add(spec);
    },
    clearFaults: () => faults.clear(),
    faults: () => faults.list(),
    clearEvents: () => store.clear(),
    clearDeliveries: () => delivery.clearLog(),
    async close() {
      unsubscribe();
      delivery.close();
      await closeServer(server);
    },
  };
}
