/**
 * Test-only: a small stateful VoipNow UAPI on 127.0.0.1 (port 0) — OAuth client credentials at
 * `/oauth/token.php`, PhoneCallEvents CRUD (string enums, 201 + object on create, 204 on empty
 * lists, `pce_id_invalid`, `pcet_type_invalid` for types an older release lacks) and phoneCalls
 * (active list with `paging.next`, recording actions) — so the client, hook hygiene and connector are
 * tested over real HTTP. `intercept` lets a test answer (or break) any request first.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: string;
  headers: IncomingHttpHeaders;
}

export interface FakeEvent {
  id: string;
  type: string;
  method: string;
  url: string;
  status: string;
  note?: string;
}

export interface FakeVoipnowOptions {
  clientId?: string;
  clientSecret?: string;
  tokenTtlS?: number;
  /** Extensions that exist (extended form); default `0003*210`, `0003*211`. */
  extensions?: string[];
  /** Event types the release supports; default 0–4. */
  eventTypes?: string[];
  /** Create answers 201 + object (default), 200 + `[object]`, or 204. */
  createReply?: 201 | 200 | 204;
  /** Active calls per page (adds `paging.next`); default everything on one page. */
  pageSize?: number;
}

export interface FakeVoipnow {
  url: string;
  requests: FakeRequest[];
  events: Map<string, FakeEvent[]>;
  calls: Record<string, unknown>[];
  actions: { extension: string; id: string; body: Record<string, unknown> }[];
  issuedTokens: string[];
  intercept: ((req: FakeRequest, res: ServerResponse) => boolean | void) | null;
  revokeTokens(): void;
  addEvent(extension: string, event: Omit<FakeEvent, 'id'>): FakeEvent;
  close(): Promise<void>;
}

export const FAKE_CLIENT_ID = 'a1b2c3d4e5f6a7b8c9d0';
export const FAKE_CLIENT_SECRET = 'S3cr3t-0f-th3-v0ipn0w-app-42';

export async function startFakeVoipnow(options: FakeVoipnowOptions = {}): Promise<FakeVoipnow> {
  const clientId = options.clientId ?? FAKE_CLIENT_ID;
  const clientSecret = options.clientSecret ?? FAKE_CLIENT_SECRET;
  const extensions = new Set(options.extensions ?? ['0003*210', '0003*211']);
  const types = new Set(options.eventTypes ?? ['0', '1', '2', '3', '4']);
  const tokens = new Set<string>();
  let nextId = 1;

  const fake: FakeVoipnow = {
    url: '',
    requests: [],
    events: new Map(),
    calls: [],
    actions: [],
    issuedTokens: [],
    intercept: null,
    revokeTokens: () => tokens.clear(),
    addEvent(extension, event) {
      const stored = { ...event, id: `Ev${String(nextId++).padStart(8, '0')}x` };
      fake.events.set(extension, [...(fake.events.get(extension) ?? []), stored]);
      return stored;
    },
    close: async () => {},
  };

  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const request: FakeRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, body, headers: req.headers };
      fake.requests.push(request);
      if (fake.intercept?.(request, res)) return;
      handle(request, res);
    });
  });

  function uapiError(res: ServerResponse, status: number, code: string, message: string): void {
    json(res, status, { error: { code, message } });
  }

  function handle(req: FakeRequest, res: ServerResponse): void {
    if (req.path === '/oauth/token.php' && req.method === 'POST') {
      const form = new URLSearchParams(req.body);
      if (form.get('grant_type') !== 'client_credentials') return json(res, 400, { error: 'unsupported_grant_type' });
      if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret) return json(res, 401, { error: 'invalid_client' });
      const token = `tok${fake.issuedTokens.length + 1}-${Math.random().toString(36).slice(2)}`;
      tokens.add(token);
      fake.issuedTokens.push(token);
      return json(res, 200, { access_token: token, token_type: 'Bearer', expires_in: options.tokenTtlS ?? 3600 });
    }
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    if (!auth?.[1] || !tokens.has(auth[1])) return uapiError(res, 401, 'access_denied', 'You are not authorized to use this request.');
    const parts = req.path.replace(/\/+$/, '').split('/').slice(1).map((p) => decodeURIComponent(p));
    if (parts[0] !== 'uapi') return uapiError(res, 501, 'request_not_implemented', 'Not implemented.');
    const payload = req.body ? (JSON.parse(req.body) as Record<string, unknown>) : {};

    if (parts[1] === 'extensions' && parts[4] === 'phoneCallEvents') {
      const ext = parts[3] ?? '';
      if (!extensions.has(ext)) return uapiError(res, 400, 'extension_invalid', 'Extension is invalid.');
      const [type, id] = [parts[5], parts[6]];
      const list = fake.events.get(ext) ?? [];
      if (req.method === 'GET') {
        const entry = list.filter((e) => (type === undefined || e.type === type) && (id === undefined || e.id === id));
        if (id !== undefined && entry.length === 0) return uapiError(res, 400, 'pce_id_invalid', 'Event id is invalid.');
        if (entry.length === 0) return void res.writeHead(204).end();
        return json(res, 200, { entry, startIndex: 0, itemsPerPage: entry.length, totalResults: entry.length });
      }
      if (req.method === 'POST') {
        const t = String(payload.type ?? type ?? '');
        if (!types.has(t)) return uapiError(res, 400, 'pcet_type_invalid', 'Type is missing or invalid.');
        if (!['0', '1'].includes(String(payload.method))) return uapiError(res, 400, 'pce_method_invalid', 'Method is missing or invalid.');
        const stored = fake.addEvent(ext, { type: t, method: String(payload.method), url: String(payload.url), status: String(payload.status ?? '1'), note: payload.note as string | undefined });
        if (options.createReply === 204) return void res.writeHead(204).end();
        if (options.createReply === 200) return json(res, 200, [stored]);
        return json(res, 201, stored);
      }
      const found = list.find((e) => e.type === type && e.id === id);
      if (!found) return uapiError(res, 400, 'pce_id_invalid', 'Event id is invalid.');
      if (req.method === 'PUT') {
        for (const k of ['method', 'url', 'status', 'note'] as const) if (payload[k] !== undefined) found[k] = String(payload[k]);
        return json(res, 200, found);
      }
      if (req.method === 'DELETE') {
        fake.events.set(ext, list.filter((e) => e !== found));
        return void res.writeHead(204).end();
      }
      return uapiError(res, 501, 'request_not_implemented', 'Not implemented.');
    }

    if (parts[1] === 'phoneCalls') {
      if (req.method === 'GET') {
        const start = Number(req.query.get('startIndex') ?? 0);
        const size = options.pageSize ?? 5000;
        const entry = fake.calls.slice(start, start + size);
        if (fake.calls.length === 0) return void res.writeHead(204).end();
        const paging = start + size < fake.calls.length ? { next: `${fake.url}/uapi/phoneCalls/@me/@self?startIndex=${start + size}&count=${size}` } : {};
        return json(res, 200, { entry, startIndex: start, itemsPerPage: size, totalResults: fake.calls.length, paging });
      }
      if (req.method === 'PUT') {
        const [ext, id] = [parts[3] ?? '', parts[4] ?? ''];
        const call = fake.calls.find((c) => c.id === id);
        if (!call) return uapiError(res, 400, 'phone_call_invalid', 'No such call.');
        fake.actions.push({ extension: ext, id, body: payload });
        const view = (call.phoneCallView as Record<string, unknown>[]).find((v) => v.id === payload.phoneCallViewId);
        if (!view) return uapiError(res, 400, 'phone_call_view_invalid', 'No such view.');
        if (payload.action === 'StartRecording') view.recording = '2026-01-01T10:00:00Z';
        else if (payload.action === 'StopRecording') delete view.recording;
        else return uapiError(res, 400, 'action_invalid', 'Action is invalid.');
        return json(res, 200, call);
      }
    }
    uapiError(res, 501, 'request_not_implemented', 'Not implemented.');
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** A pino logger at debug level whose output lines are kept for inspection. */
export function captureLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = pino({ level: 'debug', base: undefined }, { write: (line: string) => void lines.push(line) });
  return { logger, lines };
}

/** An active call as the UAPI lists it: one view per party. */
export function activeCall(id: string, views: Record<string, unknown>[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, extension: '0003*210', published: '2026-01-01T10:00:00Z', phoneCallView: views.map((v, i) => ({ id: String(i).padStart(2, '0'), ...v })), ...extra };
}
