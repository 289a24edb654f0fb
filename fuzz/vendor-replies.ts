/**
 * Target 2: what vendors send back. Each client gets an injected `fetch` answering with fuzzed
 * statuses, headers and bodies (non-JSON, truncated JSON, wrong types, missing and extra fields) or
 * failing outright; whatever a client returns is then fed to its connection's normaliser, and the
 * normalisers also get arbitrary hook requests and notifications directly.
 * Properties: a client resolves or rejects with its own error class, never anything else (a
 * TypeError); no throw escapes a normaliser, and every event it emits has valid times.
 */
import fc from 'fast-check';
import type { PbxEvent } from '@/server/domain/pbx-event';
import { createNoojeeClient } from '@/server/connectors/noojee/client';
import { NoojeeError } from '@/server/connectors/noojee/noojee-error';
import { createNoojeeNormaliser } from '@/server/connectors/noojee/normalise';
import { ACCOUNTS, QUEUES, SERVER_UUID, T0 } from '@/server/connectors/switchvox/fixtures';
import { createSwitchvoxNormaliser } from '@/server/connectors/switchvox/normalise';
import { createTelphinClient } from '@/server/connectors/telphin/client';
import { directory, DOMAIN } from '@/server/connectors/telphin/fixtures';
import { createTelphinNormaliser } from '@/server/connectors/telphin/normalise';
import { TelphinError } from '@/server/connectors/telphin/telphin-error';
import { createVoipnowClient } from '@/server/connectors/voipnow/client';
import { createVoipnowNormaliser } from '@/server/connectors/voipnow/normalise';
import { VoipnowError } from '@/server/connectors/voipnow/voipnow-error';
import { fieldsArb, jsonish, nastyString } from './arbitraries';
import { telphinParams, voipnowParams } from './webhooks';
import { check, runProperty, type RunOptions, type TargetResult } from './target';

type Case<A> = A extends fc.Arbitrary<infer T> ? T : never;

const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => silent } as never;

// ---------------------------------------------------------------- replies

interface ReplySpec {
  kind: 'ok' | 'status' | 'network-error';
  status: number;
  body: string;
  retryAfter: string | null;
  contentType: string;
}

/** A JSON body text: the expected shape with fuzzed fields, arbitrary JSON, truncated or not JSON. */
function bodyArb(shape: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 5, arbitrary: shape.map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 2, arbitrary: jsonish.map((v) => JSON.stringify(v) ?? '') },
    { weight: 2, arbitrary: fc.tuple(shape, fc.nat()).map(([v, n]) => { const t = JSON.stringify(v) ?? ''; return t.slice(0, n % Math.max(1, t.length)); }) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', '<html><body>502 Bad Gateway</body></html>', 'OK', '\uFEFF{}', 'null', '{"a":1}{"b":2}', '\u0000') },
    { weight: 1, arbitrary: fc.string({ maxLength: 50 }) },
  );
}

function replyArb(shape: fc.Arbitrary<unknown>): fc.Arbitrary<ReplySpec> {
  return fc.record({
    kind: fc.oneof({ weight: 8, arbitrary: fc.constant<'ok'>('ok') }, { weight: 3, arbitrary: fc.constant<'status'>('status') }, { weight: 1, arbitrary: fc.constant<'network-error'>('network-error') }),
    status: fc.constantFrom(200, 201, 202, 204, 299, 301, 400, 401, 403, 404, 409, 429, 500, 502, 503, 599),
    body: bodyArb(shape),
    retryAfter: fc.option(fc.oneof(nastyString, fc.constantFrom('1', '0', '-1', 'Wed, 21 Oct 2015 07:28:00 GMT', '1e400'))),
    contentType: fc.constantFrom('application/json', 'text/html', 'application/json; charset=utf-8', ''),
  });
}

const NULL_BODY = new Set([204, 205, 304]);

/** A `fetch` answering token requests with `token` and everything else with `replies` in turn. */
function fakeFetch(token: ReplySpec, replies: ReplySpec[]): typeof fetch {
  let next = 0;
  const answer = (spec: ReplySpec): Response => {
    if (spec.kind === 'network-error') throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    const status = spec.kind === 'ok' ? 200 : spec.status;
    const headers: Record<string, string> = {};
    if (spec.contentType) headers['content-type'] = spec.contentType;
    if (spec.retryAfter !== null) headers['retry-after'] = spec.retryAfter.replace(/[^\x20-\x7e]/g, '?');
    return new Response(NULL_BODY.has(status) ? null : spec.body, { status, headers });
  };
  return (async (input: string | URL | Request) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (/\/oauth\/token/.test(url)) return answer(token);
    const spec = replies[Math.min(next++, replies.length - 1)]!;
    return answer(spec);
  }) as typeof fetch;
}

const validToken = JSON.stringify({ access_token: 'fuzz-access-token', token_type: 'bearer', expires_in: 3600 });
const tokenArb = fc.oneof(
  { weight: 6, arbitrary: fc.constant<ReplySpec>({ kind: 'ok', status: 200, body: validToken, retryAfter: null, contentType: 'application/json' }) },
  { weight: 1, arbitrary: replyArb(fieldsArb({ access_token: fc.constant('t'), expires_in: fc.constantFrom(3600, '3600', -1, 0, 1e308) })) },
);

/** Whatever the client did: resolved, or rejected with its own class. */
async function settle<T>(call: () => Promise<T>, errorClass: new (...args: never[]) => Error): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    check(error instanceof errorClass, () => `rejected with ${error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : String(error)} instead of ${errorClass.name}`);
    return undefined;
  }
}

/** Every emitted event must carry dates that parse (NaN dates break the board). */
function checkEvents(events: readonly PbxEvent[], where: string): void {
  for (const event of events) {
    check(Number.isFinite(Date.parse(event.at)), () => `${where}: event ${event.type} at ${String(event.at)}`);
    if (event.type === 'leg.upsert') check(typeof event.leg.extension === 'string' && typeof event.leg.legId === 'string', `${where}: leg without ids`);
  }
}

/** Calls `fn` and turns a throw into a property failure naming the normaliser. */
function noThrow<T>(where: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw new Error(`${where} threw: ${error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : String(error)}`);
  }
}

// ---------------------------------------------------------------- Telphin

const telWorld = { telphin: { prefix: '000', domain: DOMAIN, extensions: directory.map((e) => ({ id: Number(e.id), name: e.shortName, type: e.kind })) } };
const telExt = fc.constantFrom(...directory);
const currentCallArb = fieldsArb({
  call_api_id: fc.constantFrom('api-c1', 'api-c2', 'api-c3'),
  extension_id: telExt.map((e) => e.id),
  call_flow: fc.constantFrom('IN', 'OUT', 'in'),
  caller_id_number: fc.constantFrom('+79031234567', '101'),
  called_number: fc.constantFrom('101', '300'),
  init_time_gmt: fc.constantFrom('2026-03-02 09:00:00', '9999-99-99 99:99:99', '0000-00-00 00:00:00', ''),
  answer_time_gmt: fc.constantFrom('2026-03-02 09:00:05', null, '2026-13-45 25:61:61'),
  caller_extension: fieldsArb({ id: telExt.map((e) => Number(e.id)), type: fc.constantFrom('phone', 'queue'), name: telExt.map((e) => e.name) }),
  called_extension: fieldsArb({ id: telExt.map((e) => e.id), type: fc.constantFrom('phone', 'queue', 'ivr'), name: telExt.map((e) => e.name) }),
});
const telShapes = fc.oneof(
  fc.array(currentCallArb, { maxLength: 4 }),
  fc.record({ calls: fc.array(currentCallArb, { maxLength: 3 }) }),
  fieldsArb({ id: fc.constantFrom(1, '1'), client_id: fc.constantFrom(1, '2', 'x'), login: fc.constant('me') }),
  fc.array(fieldsArb({ id: fc.constantFrom(176, '177'), name: telExt.map((e) => e.name), type: fc.constantFrom('phone', 'queue', 'ivr'), label: fc.string({ maxLength: 8 }) }), { maxLength: 4 }),
  fc.array(fieldsArb({ id: fc.constantFrom(1, 'h1'), url: fc.constantFrom('http://127.0.0.1/hooks/x/dial-in?token=abcdef'), event_type: fc.constantFrom('dial-in'), method: fc.constantFrom('POST') }), { maxLength: 3 }),
);

const telphinClientCase = fc.record({
  token: tokenArb,
  replies: fc.array(replyArb(telShapes), { minLength: 1, maxLength: 4 }),
  method: fc.constantFrom('user', 'extensions', 'allExtensions', 'listHooks', 'createHook', 'getHook', 'updateHook', 'deleteHook', 'deleteAllHooks', 'callback', 'currentCalls'),
});

async function telphinClientProperty(c: Case<typeof telphinClientCase>): Promise<void> {
  const client = createTelphinClient({
    baseUrl: 'http://telphin.fuzz', clientId: 'id', clientSecret: 'secret-value', logger: silent,
    fetch: fakeFetch(c.token, c.replies), sleep: async () => {}, rateLimit: { maxRetries: 2 },
  });
  const hook = { url: 'http://127.0.0.1/hooks/x/dial-in', method: 'POST' as const, event_type: 'dial-in' };
  const calls: Record<string, () => Promise<unknown>> = {
    user: () => client.user(),
    extensions: () => client.extensions('1'),
    allExtensions: () => client.allExtensions('1'),
    listHooks: () => client.listHooks('176'),
    createHook: () => client.createHook('176', hook),
    getHook: () => client.getHook('176', 'h1'),
    updateHook: () => client.updateHook('176', 'h1', hook),
    deleteHook: () => client.deleteHook('176', 'h1'),
    deleteAllHooks: () => client.deleteAllHooks('176'),
    callback: () => client.callback('176', { src_num: ['101'], dst_num: '+79031234567' }),
    currentCalls: () => client.currentCalls('1'),
  };
  const result = await settle(calls[c.method]!, TelphinError);
  if (c.method === 'currentCalls' && Array.isArray(result)) {
    const n = createTelphinNormaliser({ connectionId: 'ru' });
    n.setDirectory(directory, new Set(directory.map((e) => e.id)));
    const now = new Date('2026-03-02T09:00:10Z');
    const out = noThrow('telphin reconcile', () => n.reconcile(result as never, { requestedAt: now, now, full: true, confirmMs: 0 }));
    checkEvents(out.events, 'telphin reconcile');
  }
}

const telphinHookCase = fc.array(
  fc.record({ event: fc.oneof(fc.constantFrom('dial-in', 'dial-out', 'answer', 'hangup'), nastyString), params: telphinParams(telWorld), at: fc.oneof(fc.integer({ min: 0, max: 4e12 }), fc.constant(Number.NaN)) }),
  { minLength: 1, maxLength: 8 },
);

function telphinHookProperty(requests: { event: string; params: Record<string, unknown>; at: number }[]): void {
  const n = createTelphinNormaliser({ connectionId: 'ru' });
  n.setDirectory(directory, new Set(directory.map((e) => e.id)));
  for (const r of requests) {
    const events = noThrow('telphin hook', () => n.hook({ event: r.event, params: r.params as Record<string, string>, receivedAt: new Date(r.at) }));
    checkEvents(events, 'telphin hook');
  }
}

// ---------------------------------------------------------------- VoipNow

const VN_EXTS = ['0003*210', '0003*211'];
const vnWorld = { voipnow: { extensions: VN_EXTS.map((number) => ({ number, short: number.split('*')[1]! })) } };
const vnView = fieldsArb({
  id: fc.constantFrom('v1', 'v2', 3),
  extension: fc.constantFrom(...VN_EXTS, '210', '0003*999'),
  source: fc.oneof(fc.constantFrom('0040311112222', '210'), fc.array(fc.constantFrom('210', 5, '0040311112222'), { maxLength: 2 })),
  destination: fc.oneof(fc.constantFrom('211', '0003*211'), fc.array(fc.constantFrom('211'), { maxLength: 2 })),
  flow: fc.constantFrom('in', 'out', 'IN'),
  status: fc.constantFrom('ringing', 'answered', 'onhold', 'unknown'),
  callerId: fc.constantFrom('John <123>', ''),
  ringing: fc.constantFrom('0', '1'),
  recording: fc.constantFrom('0', '1'),
  answered: fc.constantFrom('0', '1', '2026-03-02T09:00:05Z'),
  onHold: fc.constantFrom('0', '1'),
});
const vnCall = fieldsArb({
  id: fc.constantFrom('p1', 'p2', 7),
  extension: fc.constantFrom(...VN_EXTS),
  published: fc.constantFrom('2026-03-02T09:00:00Z', 'not a date', '', '+275760-09-13T00:00:00.001Z'),
  answered: fc.constantFrom('2026-03-02T09:00:05Z', 'soon'),
  phoneCallView: fc.array(vnView, { maxLength: 3 }),
});
const vnShapes = fc.oneof(
  fc.record({ entry: fc.array(vnCall, { maxLength: 3 }), totalResults: fc.constantFrom(1, 3, 1e9, -1, '2'), itemsPerPage: fc.constantFrom(1, 0, 50), startIndex: fc.constantFrom(0, 1) }),
  fc.array(vnCall, { maxLength: 3 }),
  fc.array(fieldsArb({ id: fc.constantFrom('e1', 2), type: fc.constantFrom('0', '2'), url: fc.constant('http://127.0.0.1/hooks/x/0'), method: fc.constantFrom('0', '1'), status: fc.constantFrom('0', '1') }), { maxLength: 3 }),
  fc.record({ error: fieldsArb({ code: fc.constantFrom('x', 1), message: fc.string({ maxLength: 10 }) }) }),
);

const voipnowClientCase = fc.record({
  token: tokenArb,
  replies: fc.array(replyArb(vnShapes), { minLength: 1, maxLength: 4 }),
  method: fc.constantFrom('listEvents', 'getEvent', 'createEvent', 'updateEvent', 'deleteEvent', 'phoneCalls', 'callAction'),
});

async function voipnowClientProperty(c: Case<typeof voipnowClientCase>): Promise<void> {
  const client = createVoipnowClient({ baseUrl: 'http://voipnow.fuzz', clientId: 'id', clientSecret: 'secret-value', logger: silent, fetch: fakeFetch(c.token, c.replies) });
  const event = { type: '0', method: '1' as const, url: 'http://127.0.0.1/hooks/x/0', status: '0' as const };
  const calls: Record<string, () => Promise<unknown>> = {
    listEvents: () => client.listEvents('0003*210'),
    getEvent: () => client.getEvent('0003*210', '0', 'e1'),
    createEvent: () => client.createEvent('0003*210', event),
    updateEvent: () => client.updateEvent('0003*210', '0', 'e1', { url: 'http://x/' }),
    deleteEvent: () => client.deleteEvent('0003*210', '0', 'e1'),
    phoneCalls: () => client.phoneCalls(),
    callAction: () => client.callAction('0003*210', 'p1', 'StartRecording', 'v1'),
  };
  const result = await settle(calls[c.method]!, VoipnowError);
  if (c.method === 'phoneCalls' && Array.isArray(result)) {
    const n = createVoipnowNormaliser({ connectionId: 'vn', extensions: VN_EXTS });
    const now = new Date('2026-03-02T09:00:10Z');
    for (let i = 0; i < 3; i++) {
      const out = noThrow('voipnow poll', () => n.poll(result as never, { requestedAt: now, now }));
      checkEvents(out.events, 'voipnow poll');
    }
  }
}

const voipnowHookCase = fc.array(
  fc.record({ event: fc.oneof(fc.constantFrom('0', '1', '2', '3', '4'), nastyString), params: voipnowParams(vnWorld), at: fc.oneof(fc.integer({ min: 0, max: 4e12 }), fc.constant(Number.NaN)) }),
  { minLength: 1, maxLength: 8 },
);

function voipnowHookProperty(requests: { event: string; params: Record<string, unknown>; at: number }[]): void {
  const n = createVoipnowNormaliser({ connectionId: 'vn', extensions: VN_EXTS });
  for (const r of requests) {
    const events = noThrow('voipnow hook', () => n.hook({ event: r.event, params: r.params as Record<string, string>, receivedAt: new Date(r.at) }));
    checkEvents(events, 'voipnow hook');
  }
}

// ---------------------------------------------------------------- Noojee

const noojeeEntry = fieldsArb({
  exten: fc.constantFrom('400', '410', '999'),
  CallData: fieldsArb({
    status: fc.constantFrom('Ringing', 'Dialing Out', 'Connected', 'Unlinked', 'Hungup', 'Busy', 'No Answer', 'Weird'),
    uniqueCallId: fc.constantFrom('1714557600.1', '1714557600.2', 'x'),
    callerId: fc.constantFrom('400', '0299998888'),
    dialedNumber: fc.constantFrom('410', '0299998888'),
    inbound: fc.constantFrom(true, false, 'true'),
    startTime: fc.constantFrom('2024-05-01 10:00:00', 1714557600000, 'garbage', -1),
  }),
  callId: fc.integer(),
});
const noojeeShape = fc.oneof(
  fieldsArb({
    Code: fc.constantFrom(0, 1, -1, '0'),
    Message: fc.constantFrom('OK', null),
    seq: fc.constantFrom(0, 1, 2, 1e20),
    Data: fc.dictionary(fc.constantFrom('400', '410', '999', '__proto__'), fc.array(noojeeEntry, { maxLength: 3 }), { maxKeys: 3 }),
  }),
  fieldsArb({ Code: fc.constantFrom(0, -1), Message: fc.constantFrom('OK', 'Denied'), SessionID: fc.constantFrom(1, 'abc') }),
);

const noojeeClientCase = fc.record({
  replies: fc.array(replyArb(noojeeShape), { minLength: 1, maxLength: 2 }),
  method: fc.constantFrom('subscribe', 'answer', 'start', 'stop', 'hangup', 'dial'),
  lastSeq: fc.constantFrom(0, 5),
});

async function noojeeClientProperty(c: Case<typeof noojeeClientCase>): Promise<void> {
  const client = createNoojeeClient({ baseUrl: 'http://127.0.0.1:9', apiKey: 'fuzz-api-key', logger: silent, fetch: fakeFetch(c.replies[0]!, c.replies) });
  const calls: Record<string, () => Promise<unknown>> = {
    subscribe: () => client.subscribe({ extensions: ['400', '410'], lastSequenceNumber: c.lastSeq, timeOutS: 1, readTimeoutMs: 5_000 }),
    answer: () => client.answer({ uniqueId: 'u', exten: '400', answerString: 'a' }),
    start: () => client.start({ uniqueCallId: 'u' }),
    stop: () => client.stop({ uniqueCallId: 'u' }),
    hangup: () => client.hangup({ uniqueCallId: 'u' }),
    dial: () => client.dial({ number: '0299998888', extension: '400', tech: 'SIP' }),
  };
  const result = (await settle(calls[c.method]!, NoojeeError)) as { Data?: unknown } | undefined;
  if (c.method === 'subscribe' && result && typeof result === 'object' && result.Data) {
    const n = createNoojeeNormaliser({ connectionId: 'hq', extensions: ['400', '410'] });
    const at = new Date('2024-05-01T10:00:00.000Z');
    checkEvents(noThrow('noojee snapshot', () => n.snapshot(result.Data as never, at)), 'noojee snapshot');
    checkEvents(noThrow('noojee entries', () => n.entries(result.Data as never, at)), 'noojee entries');
  }
}

// ---------------------------------------------------------------- Switchvox

const svLine = fieldsArb({
  accountId: fc.constantFrom(...ACCOUNTS.map((a) => a.accountId), ...QUEUES.map((q) => q.accountId), 9999, '1101'),
  uniqueId: fc.constantFrom('u1', 'u2', 'u3'),
  status: fc.constantFrom('idle', 'starting', 'calling', 'ringing', 'onThePhone', 'onHold', 'weird'),
  serverTime: fc.oneof(fc.integer({ min: T0 - 1000, max: T0 + 600_000 }), fc.constantFrom('2024-05-01T10:00:00Z', 'x', 1e20, -1)),
  serverUuid: fc.constantFrom(SERVER_UUID, 'other'),
  remote: fieldsArb({ name: fc.string({ maxLength: 8 }), number: fc.constantFrom('8585551212', '102'), account: fieldsArb({ accountId: fc.constantFrom(1102, 'x'), serverUuid: fc.constant(SERVER_UUID) }) }),
  direction: fc.constantFrom('incoming', 'outgoing'),
  queueId: fc.constantFrom(1600, null),
  requestId: fc.constantFrom('r1', null),
});
const svMessage = fc.oneof(
  { weight: 5, arbitrary: fieldsArb({ topic: fc.constantFrom('state.change.extension.line', 'other'), params: svLine }) },
  { weight: 2, arbitrary: fieldsArb({ method: fc.constant('notification'), params: fieldsArb({ topic: fc.constant('state.change.extension.line'), data: svLine }) }) },
  { weight: 1, arbitrary: jsonish },
);

function switchvoxProperty(messages: { message: unknown; at: number }[]): void {
  const n = createSwitchvoxNormaliser({ connectionId: 'sv', accounts: ACCOUNTS, queues: QUEUES });
  for (const m of messages) checkEvents(noThrow('switchvox notification', () => n.notification(m.message, new Date(m.at))), 'switchvox notification');
  noThrow('switchvox markAllStale', () => n.markAllStale());
  checkEvents(noThrow('switchvox endStale', () => n.endStale(new Date(T0 + 3_600_000))), 'switchvox endStale');
}

// ---------------------------------------------------------------- targets

export const vendorTargets = {
  'telphin-client': (o: RunOptions) => runProperty('telphin-client', fc.asyncProperty(telphinClientCase, telphinClientProperty), o),
  'telphin-normaliser': (o: RunOptions) => runProperty('telphin-normaliser', fc.property(telphinHookCase, telphinHookProperty), o),
  'voipnow-client': (o: RunOptions) => runProperty('voipnow-client', fc.asyncProperty(voipnowClientCase, voipnowClientProperty), o),
  'voipnow-normaliser': (o: RunOptions) => runProperty('voipnow-normaliser', fc.property(voipnowHookCase, voipnowHookProperty), o),
  'noojee-client': (o: RunOptions) => runProperty('noojee-client', fc.asyncProperty(noojeeClientCase, noojeeClientProperty), o),
  'switchvox-normaliser': (o: RunOptions) =>
    runProperty('switchvox-normaliser', fc.property(fc.array(fc.record({ message: svMessage, at: fc.integer({ min: T0 - 1000, max: T0 + 600_000 }) }), { minLength: 1, maxLength: 8 }), switchvoxProperty), o),
} satisfies Record<string, (o: RunOptions) => Promise<TargetResult>>;
