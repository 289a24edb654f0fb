/**
 * Target 4: every API route that takes input (admin forms, profile, dial, recording, sign-in),
 * called the way Next calls it: the route module's exported handler with a Web `Request` and its
 * params, the runtime set, an admin session cookie and a same-origin `Origin`/`Host` pair (or,
 * sometimes, a missing or foreign one). Properties: never a throw or a 5xx; every 4xx is JSON with
 * an `error`; a refused request changes nothing (users, displays, connections, the profile).
 */
import fc from 'fast-check';
import { findUserById } from '@/db/queries/users';
import { getRuntime } from '@/server/runtime';
import * as usersRoute from '@/app/api/users/route';
import * as userRoute from '@/app/api/users/[id]/route';
import * as displaysRoute from '@/app/api/displays/route';
import * as displayRoute from '@/app/api/displays/[id]/route';
import * as profileRoute from '@/app/api/profile/route';
import * as connectionsRoute from '@/app/api/connections/route';
import * as connectionRoute from '@/app/api/connections/[id]/route';
import * as connectionTestsRoute from '@/app/api/connection-tests/route';
import * as hooksRoute from '@/app/api/connections/[id]/extensions/[number]/hooks/route';
import * as hookRoute from '@/app/api/connections/[id]/extensions/[number]/hooks/[hookId]/route';
import * as recordingRoute from '@/app/api/calls/[callId]/recording/route';
import * as dialRoute from '@/app/api/connections/[id]/dial/route';
import * as sessionRoute from '@/app/api/session/route';
import { fieldsArb, jsonish, nastyString } from './arbitraries';
import { HOST, ORIGIN, TEL, VN, type World } from './harness';
import { check, runProperty, type RunOptions, type TargetResult } from './target';

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

interface RouteCase {
  route: string;
  method: string;
  handler: Handler;
  params: Record<string, string>;
  body: unknown;
  mode: 'json' | 'any-json' | 'truncated' | 'not-json' | 'oversized' | 'bad-utf8' | 'empty';
  auth: 'admin' | 'none' | 'garbage-cookie' | 'foreign-origin' | 'no-origin';
}

const h = (f: unknown) => f as Handler;

function routeArbs(world: World) {
  const vnExt = world.voipnow.extensions[0]?.number ?? '0005*501';
  const telExt = world.telphin.extensions[0]?.name ?? '401';
  const connId = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(TEL, VN, 'fz-new', 'fz-new-2') }, { weight: 1, arbitrary: nastyString });
  const userId = fc.oneof({ weight: 3, arbitrary: fc.constant(String(world.spareUserId)) }, { weight: 1, arbitrary: fc.constantFrom('999999', '0', '-1', '1e3', '0x10', '9'.repeat(13)) }, { weight: 1, arbitrary: nastyString })
    // Never the admin the fuzzer acts as: disabling it would only turn the rest into 401s.
    .filter((id) => id !== String(world.adminUserId) && id.replace(/^0+/, '') !== String(world.adminUserId));
  const password = fc.constantFrom('short', 'a-long-enough-password', 'x'.repeat(201), '');
  const url = fc.constantFrom('http://127.0.0.1:9', world.sim.urls.telphin, world.sim.urls.voipnow, 'not a url', 'ftp://127.0.0.1/', 'javascript:alert(1)', '');
  const connectionBody = fieldsArb({
    vendor: fc.constantFrom('telphin', 'voipnow', 'noojee', 'switchvox', 'other'),
    id: fc.constantFrom('fz-new', 'fz-new-2', TEL, 'Bad Id!', ''),
    name: fc.constantFrom('New', ''),
    enabled: fc.boolean(),
    baseUrl: url,
    url,
    clientId: fc.constantFrom('id', ''),
    clientSecret: fc.constantFrom('secret', ''),
    apiKey: fc.constantFrom('key', ''),
    extensions: fc.oneof(fc.constant(['0003*210']), fc.constant(['401']), fc.array(jsonish, { maxLength: 2 })),
    pollIntervalS: fc.constantFrom(2, 1, 1e9, '5'),
    reconcileIntervalS: fc.constantFrom(60, 0, 1.5),
  });
  const hookBody = fieldsArb({
    vendor: fc.constantFrom('telphin', 'voipnow'),
    event_type: fc.constantFrom('dial-in', 'hangup', 'nope'),
    type: fc.constantFrom('0', '2', '9'),
    method: fc.constantFrom('GET', 'POST', '0', '1'),
    destination: fc.oneof(fc.constant({ target: 'linesight' }), fc.constant({ target: 'url', url: 'http://127.0.0.1:9/x' }), fc.record({ target: fc.constant('url'), url: nastyString })),
    note: fc.string({ maxLength: 10 }),
    status: fc.constantFrom('0', '1'),
  });
  const number = fc.oneof(fc.constantFrom(vnExt, telExt, '401'), nastyString);
  const route = (name: string, method: string, handler: Handler, params: fc.Arbitrary<Record<string, string>>, body: fc.Arbitrary<unknown>) =>
    fc.record({ route: fc.constant(name), method: fc.constant(method), handler: fc.constant(handler), params, body });
  return fc.oneof(
    route('/api/users', 'POST', h(usersRoute.POST), fc.constant({}), fieldsArb({ username: fc.constantFrom('newbie', 'fuzz-admin', 'UPPER', 'ab', 'ok.user_1'), password, role: fc.constantFrom('viewer', 'supervisor', 'admin', 'root') })),
    route('/api/users/[id]', 'PATCH', h(userRoute.PATCH), fc.record({ id: userId }), fieldsArb({ role: fc.constantFrom('viewer', 'admin', 'god'), disabled: fc.boolean(), password })),
    route('/api/displays', 'POST', h(displaysRoute.POST), fc.constant({}), fieldsArb({ name: fc.constantFrom('Wall', '   ', 'x'.repeat(61)) })),
    route('/api/displays/[id]', 'DELETE', h(displayRoute.DELETE), fc.record({ id: fc.oneof(fc.constantFrom('1', '2', '999'), nastyString) }), fc.constant(undefined)),
    route('/api/profile', 'PATCH', h(profileRoute.PATCH), fc.constant({}), fieldsArb({ dialExtensions: fc.oneof(fc.dictionary(fc.oneof(fc.constantFrom(TEL, VN, '__proto__', 'constructor'), nastyString), fc.oneof(fc.constantFrom('401', '', '0005*501'), jsonish), { maxKeys: 3 }), jsonish) })),
    route('/api/connections', 'POST', h(connectionsRoute.POST), fc.constant({}), connectionBody),
    route('/api/connections/[id]', 'PUT', h(connectionRoute.PUT), fc.record({ id: connId }), connectionBody),
    route('/api/connections/[id]', 'PATCH', h(connectionRoute.PATCH), fc.record({ id: connId }), fieldsArb({ enabled: fc.boolean() })),
    route('/api/connections/[id]', 'DELETE', h(connectionRoute.DELETE), fc.record({ id: fc.oneof(fc.constantFrom(TEL, VN, 'nope'), nastyString) }), fc.constant(undefined)),
    route('/api/connection-tests', 'POST', h(connectionTestsRoute.POST), fc.constant({}), connectionBody),
    route('/api/connections/[id]/extensions/[number]/hooks', 'POST', h(hooksRoute.POST), fc.record({ id: connId, number }), hookBody),
    route('/api/connections/[id]/extensions/[number]/hooks/[hookId]', 'PUT', h(hookRoute.PUT), fc.record({ id: connId, number, hookId: fc.oneof(fc.constantFrom('1', '0:1', 'abc'), nastyString) }), hookBody),
    route('/api/calls/[callId]/recording', 'POST', h(recordingRoute.POST), fc.record({ callId: fc.oneof(fc.constantFrom(`${TEL}:401:x`, `${VN}:501:c1`), nastyString) }), fc.constant(undefined)),
    route('/api/calls/[callId]/recording', 'DELETE', h(recordingRoute.DELETE), fc.record({ callId: nastyString }), fc.constant(undefined)),
    route('/api/connections/[id]/dial', 'POST', h(dialRoute.POST), fc.record({ id: connId }), fieldsArb({ to: fc.constantFrom('+79031234567', '1', 'abc', '#*') })),
    route('/api/session', 'POST', h(sessionRoute.POST), fc.constant({}), fieldsArb({ username: fc.constantFrom('nobody', 'fuzz-spare', ''), password: fc.constantFrom('wrong-password', '') })),
  );
}

export function routeCaseArb(world: World): fc.Arbitrary<RouteCase> {
  return fc
    .record({
      target: routeArbs(world),
      mode: fc.oneof(
        { weight: 8, arbitrary: fc.constant<RouteCase['mode']>('json') },
        { weight: 3, arbitrary: fc.constantFrom<RouteCase['mode']>('any-json', 'truncated', 'not-json', 'oversized', 'bad-utf8', 'empty') },
      ),
      auth: fc.oneof(
        { weight: 10, arbitrary: fc.constant<RouteCase['auth']>('admin') },
        { weight: 1, arbitrary: fc.constantFrom<RouteCase['auth']>('none', 'garbage-cookie', 'foreign-origin', 'no-origin') },
      ),
      anyJson: jsonish,
      cut: fc.nat(),
    })
    .map(({ target, mode, auth, anyJson, cut }) => ({
      ...target,
      mode,
      auth,
      body: mode === 'any-json' ? anyJson : mode === 'truncated' ? { cut } : target.body,
    }));
}

function bodyBytes(c: RouteCase): Buffer | undefined {
  if (c.body === undefined && c.mode === 'json') return undefined;
  switch (c.mode) {
    case 'json':
    case 'any-json':
      return Buffer.from(JSON.stringify(c.body) ?? '');
    case 'truncated':
      return Buffer.from('{"username":"abc","password":"0123456789x","role":"admin"}'.slice(0, ((c.body as { cut: number }).cut % 50) + 1));
    case 'not-json':
      return Buffer.from('username=a&password=b');
    case 'oversized':
      return Buffer.from(JSON.stringify({ name: 'x'.repeat(70 * 1024) }));
    case 'bad-utf8':
      return Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xc0, 0xaf, 0xff, 0x22, 0x7d]);
    case 'empty':
      return Buffer.alloc(0);
  }
}

/** A lone surrogate cannot be put in a URL at all; Next would never see one, so it becomes U+FFFD. */
const safeEncode = (value: string) => encodeURIComponent((value as string & { toWellFormed(): string }).toWellFormed());

function request(world: World, c: RouteCase): Request {
  const headers = new Headers({ host: HOST, 'content-type': 'application/json', 'x-linesight-remote-address': '127.0.0.9' });
  if (c.auth !== 'no-origin') headers.set('origin', c.auth === 'foreign-origin' ? 'http://evil.example' : ORIGIN);
  if (c.auth === 'admin' || c.auth === 'foreign-origin' || c.auth === 'no-origin') headers.set('cookie', world.adminCookie);
  if (c.auth === 'garbage-cookie') headers.set('cookie', 'ls_session=%E0%A4%A; ls_session=abc');
  const path = c.route.replace(/\[(\w+)\]/g, (_m, key: string) => safeEncode(c.params[key] ?? ''));
  const body = bodyBytes(c);
  if (body) headers.set('content-length', String(body.length));
  return new Request(`${ORIGIN}${path}`, { method: c.method, headers, body: body ? new Uint8Array(body) : undefined });
}

/** What a refused request must leave as it was. */
function state(world: World): string {
  const { users, displays, connections, db } = getRuntime();
  return JSON.stringify({
    users: users.list().map((u) => ({ id: u.id, username: u.username, role: u.role, disabled: u.disabled })),
    displays: displays.list().map((d) => ({ id: d.id, revokedAt: d.revokedAt })),
    connections: connections.list().map((c) => ({ id: c.id, enabled: c.enabled, settings: c.settings, secretsSet: c.secretsSet })),
    profile: findUserById(db, world.adminUserId)?.dialExtensions ?? null,
  });
}

export function routeProperty(world: World) {
  return fc.asyncProperty(routeCaseArb(world), async (c) => {
    const before = state(world);
    let response: Response;
    try {
      response = await c.handler(request(world, c), { params: Promise.resolve(c.params) });
    } catch (error) {
      throw new Error(`${c.method} ${c.route} threw: ${error instanceof Error ? error.stack : String(error)}`);
    }
    const text = await response.text();
    const where = `${c.method} ${c.route} ${JSON.stringify(c.params)} (${c.mode}, ${c.auth}) → ${response.status} ${text.slice(0, 300)}`;
    check(response.status < 500, where);
    if (c.auth !== 'admin') check(response.status === 401 || response.status === 403 || (c.route === '/api/session' && c.auth !== 'foreign-origin' && c.auth !== 'no-origin'), `auth ${c.auth} got through: ${where}`);
    if (response.status >= 400) {
      let error: unknown;
      try {
        error = (JSON.parse(text) as { error?: unknown }).error;
      } catch {
        error = undefined;
      }
      check(typeof error === 'string' && error.length > 0, `a ${response.status} without an error: ${where}`);
      const after = state(world);
      check(after === before, () => `a refused request changed state: ${where}\n  before ${before}\n  after  ${after}`);
    }
    check(world.escaped.length === 0, () => `something threw: ${world.escaped.join('\n')}`);
  });
}

export function runRouteTarget(world: World, options: RunOptions): Promise<TargetResult> {
  return runProperty('api-routes', routeProperty(world), options);
}
