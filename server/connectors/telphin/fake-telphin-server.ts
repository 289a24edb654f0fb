/**
 * Test-only: a small stateful Telphin API on 127.0.0.1 (port 0) — OAuth client credentials, `/user`,
 * extensions with paging, hook CRUD with a per-client limit, callback and current_calls — so the
 * client, hook hygiene and connector are tested over real HTTP without the simulator. `intercept`
 * lets a test answer (or break) any request first.
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
  receivedAt: number;
}

export interface FakeExtension {
  id: number;
  name: string;
  type: string;
  label?: string | null;
}

export interface FakeHook {
  id: number;
  url: string;
  method: string;
  event_type: string;
}

export interface FakeTelphinOptions {
  appId?: string;
  appSecret?: string;
  /** The Telphin client the token's user belongs to. */
  clientId?: number;
  tokenTtlS?: number;
  extensions?: FakeExtension[];
  /** Hooks per client before `400 Events limit exceeded`. */
  hookLimit?: number;
}

export interface FakeTelphin {
  url: string;
  requests: FakeRequest[];
  hooks: Map<number, FakeHook[]>;
  issuedTokens: string[];
  currentCalls: unknown[];
  callbacks: unknown[];
  intercept: ((req: FakeRequest, res: ServerResponse) => boolean | void) | null;
  /** Makes every issued token unknown (as after a PBX-side revocation). */
  revokeTokens(): void;
  addHook(extensionId: number, hook: Omit<FakeHook, 'id'>): FakeHook;
  close(): Promise<void>;
}

export const FAKE_APP_ID = '3e0c5bbbc9f34b4aa2c1b6e0f8a1d2c4';
export const FAKE_APP_SECRET = '9f8e7d6c5b4a39281706f5e4d3c2b1a0';

/** Phones 101/102/200, IVR 099, queue 300 of client 42 (prefix 000), plus a fax line. */
export const fakeExtensions: FakeExtension[] = [
  { id: 176, name: '000*101', type: 'phone', label: 'Anna Petrova' },
  { id: 177, name: '000*102', type: 'phone', label: 'Boris Ivanov' },
  { id: 190, name: '000*200', type: 'phone', label: null },
  { id: 175, name: '000*099', type: 'ivr', label: 'Main menu' },
  { id: 180, name: '000*300', type: 'queue', label: 'Sales' },
  { id: 181, name: '000*500', type: 'fax', label: 'Fax' },
];

/** Starts the fake with its default world. */
export async function startFakeTelphin(options: FakeTelphinOptions = {}): Promise<FakeTelphin> {
  const appId = options.appId ?? FAKE_APP_ID;
  const appSecret = options.appSecret ?? FAKE_APP_SECRET;
  const clientId = options.clientId ?? 42;
  const extensions = options.extensions ?? fakeExtensions;
  const tokens = new Map<string, number>();
  let nextHookId = 100;
  let tokenCount = 0;

  const fake: FakeTelphin = {
    url: '',
    requests: [],
    hooks: new Map(),
    issuedTokens: [],
    currentCalls: [],
    callbacks: [],
    intercept: null,
    revokeTokens: () => tokens.clear(),
    addHook(extensionId, hook) {
      const stored = { ...hook, id: nextHookId++ };
      fake.hooks.set(extensionId, [...(fake.hooks.get(extensionId) ?? []), stored]);
      return stored;
    },
    close: async () => {},
  };

  const hookCount = () => [...fake.hooks.values()].reduce((n, list) => n + list.length, 0);

  function route(req: FakeRequest, res: ServerResponse): void {
    if (req.method === 'POST' && req.path === '/oauth/token') {
      const form = new URLSearchParams(req.body);
      const field = (name: string) => form.get(name) ?? req.query.get(name);
      if (field('grant_type') !== 'client_credentials') return json(res, 400, { message: 'grant_type: unsupported' });
      if (field('client_id') !== appId || field('client_secret') !== appSecret) return json(res, 401, { message: 'Invalid client credentials' });
      const token = `tok${++tokenCount}${'x'.repeat(27)}`.slice(0, 30);
      tokens.set(token, Date.now() + (options.tokenTtlS ?? 3600) * 1000);
      fake.issuedTokens.push(token);
      return json(res, 200, { access_token: token, token_type: 'Bearer', expires_in: options.tokenTtlS ?? 3600, scope: 'all' });
    }
    const api = /^\/api\/ver1\.0(\/.*)$/.exec(req.path)?.[1];
    if (!api) return json(res, 404, { message: 'Not found' });
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const expires = bearer ? tokens.get(bearer) : undefined;
    if (!expires || expires < Date.now()) return json(res, 401, { message: 'Unauthorized' });

    if (req.method === 'GET' && api === '/user') {
      return json(res, 200, { id: 7, login: 'admin', client_id: clientId, extension_id: null, admin: true, access: 'all', timezone: 'Europe/Moscow' });
    }
    const client = /^\/client\/(\d+|@me)\/(extension|current_calls)\/?$/.exec(api);
    if (client) {
      if (client[1] !== String(clientId) && client[1] !== '@me') return json(res, 403, { message: 'Forbidden' });
      if (client[2] === 'current_calls') return json(res, 200, { call_list: fake.currentCalls });
      const type = req.query.get('type');
      const page = Number(req.query.get('page') ?? 1);
      const perPage = Number(req.query.get('per_page') ?? 50);
      const list = extensions
        .filter((e) => !type || e.type === type)
        .map((e) => ({ ...e, client_id: clientId, status: 'active', domain: 'sip.ringme.ru', extension_group_id: null }));
      return json(res, 200, list.slice((page - 1) * perPage, page * perPage));
    }
    const callback = /^\/extension\/(\d+)\/callback\/?$/.exec(api);
    if (callback && req.method === 'POST') {
      const body = parse(req.body) as { src_num?: unknown; dst_num?: unknown } | undefined;
      if (!extensions.some((e) => String(e.id) === callback[1])) return json(res, 404, { message: 'Extension not found' });
      if (!Array.isArray(body?.src_num) || typeof body.dst_num !== 'string') return json(res, 400, { message: 'src_num: required' });
      fake.callbacks.push({ extensionId: Number(callback[1]), ...body });
      return json(res, 201, { call_api_id: '3584709739-5205dc5c-c5a4-11e5-ab9e-b3691b90ea15', call_id: '5205dc5cc5a411e5ab9eb3691b90ea15' });
    }
    const hooks = /^\/extension\/(\d+)\/event\/?(\d+)?\/?$/.exec(api);
    if (hooks) {
      const extId = Number(hooks[1]);
      if (!extensions.some((e) => e.id === extId)) return json(res, 404, { message: 'Extension not found' });
      const list = fake.hooks.get(extId) ?? [];
      const hookId = hooks[2] === undefined ? undefined : Number(hooks[2]);
      if (hookId === undefined) {
        if (req.method === 'GET') return json(res, 200, list);
        if (req.method === 'DELETE') {
          fake.hooks.delete(extId);
          return empty(res, 204);
        }
        if (req.method === 'POST') {
          const body = parse(req.body) as Partial<FakeHook> | undefined;
          const problem = validateHook(body);
          if (problem) return json(res, 400, { message: problem });
          if (options.hookLimit !== undefined && hookCount() >= options.hookLimit) return json(res, 400, { message: 'Events limit exceeded' });
          return json(res, 201, fake.addHook(extId, { url: body!.url!, method: body!.method!, event_type: body!.event_type! }));
        }
      } else {
        const hook = list.find((h) => h.id === hookId);
        if (!hook) return json(res, 404, { message: 'Event not found' });
        if (req.method === 'GET') return json(res, 200, hook);
        if (req.method === 'DELETE') {
          fake.hooks.set(extId, list.filter((h) => h !== hook));
          return empty(res, 204);
        }
        if (req.method === 'PUT') {
          const body = parse(req.body) as Partial<FakeHook> | undefined;
          const problem = validateHook(body);
          if (problem) return json(res, 400, { message: problem });
          Object.assign(hook, { url: body!.url, method: body!.method, event_type: body!.event_type });
          return json(res, 200, hook);
        }
      }
    }
    json(res, 404, { message: 'Not found' });
  }

  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const request: FakeRequest = { method: req.method ?? '', path: url.pathname, query: url.searchParams, body, headers: req.headers, receivedAt: performance.now() };
      fake.requests.push(request);
      try {
        if (fake.intercept?.(request, res)) return;
        route(request, res);
      } catch {
        res.destroy();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}

function validateHook(body: Partial<FakeHook> | undefined): string | null {
  if (!body?.url || !/^https?:\/\//.test(body.url)) return 'url: must be an absolute URL';
  if (body.method !== 'GET' && body.method !== 'POST') return 'method: must be GET or POST';
  if (!['dial-in', 'dial-out', 'answer', 'hangup', 'message-in', 'message-out', 'voicemail'].includes(body.event_type ?? '')) return 'event_type: unknown';
  return null;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Answers with a JSON body. */
export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

function empty(res: ServerResponse, status: number): void {
  res.writeHead(status).end();
}

/** A pino logger at debug level whose output lines are kept for inspection. */
export function captureLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = pino({ level: 'debug', base: undefined }, { write: (line: string) => void lines.push(line) });
  return { logger, lines };
}
