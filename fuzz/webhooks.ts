/**
 * Target 1: `/hooks/{connectionId}/{event}` over real HTTP into the real route handler and intake,
 * with live Telphin and VoipNow connectors behind it. Properties: never a 5xx or a throw; 2xx only
 * for a right token (and then always, unless the body is broken); every 4xx says why; a refused
 * request stores nothing; the board stays consistent; the server keeps serving.
 */
import http from 'node:http';
import fc from 'fast-check';
import { badUtf8, BROKEN_MODES, bodyModeArb, encodeBody, fieldsArb, nastyString, stringify, type BodyMode } from './arbitraries';
import { boardProblems, storedWebhookCount, TEL, VN, type World } from './harness';
import { check, runProperty, type RunOptions, type TargetResult } from './target';

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

export interface HookCase {
  conn: string;
  event: string;
  token: 'right' | 'wrong' | 'missing' | 'wrong-first' | 'right-first';
  wrongToken: string;
  method: 'GET' | 'POST';
  mode: BodyMode;
  params: Record<string, unknown>;
  ext: string | null;
  badBytes: Buffer;
  cut: number;
}

const callIds = fc.constantFrom('c1', 'c2', 'c3', 'c4', '5b1f', 'a0-b1');
const microsNear = fc.integer({ min: -3600, max: 3600 }).map((s) => String((Date.now() + s * 1000) * 1000));

/** Telphin hook parameters (§5.2): the right names with plausible and hostile values. */
export function telphinParams(world: Pick<World, 'telphin'>): fc.Arbitrary<Record<string, unknown>> {
  const { prefix, domain, extensions } = world.telphin;
  const ext = fc.constantFrom(...extensions);
  const extName = ext.map((e) => `${e.name.includes('*') ? e.name : `${prefix}*${e.name}`}@${domain}`);
  const number = fc.oneof(fc.constantFrom('+79031234567', '74951234567', '401', '620'), extName);
  return fieldsArb({
    EventType: fc.constantFrom('dial-in', 'dial-out', 'answer', 'hangup', 'DIAL-IN', 'message-in', 'other'),
    CallID: callIds,
    SubCallID: fc.tuple(ext, callIds).map(([e, c]) => `${e.id}-${c}`),
    CallAPIID: callIds.map((c) => `api-${c}`),
    EventTime: fc.oneof(microsNear, fc.constantFrom('9'.repeat(19), '0', '1', '1700000000', '1700000000000')),
    CallFlow: fc.constantFrom('in', 'out', 'IN', ''),
    CallStatus: fc.constantFrom('ANSWER', 'BUSY', 'NOANSWER', 'CANCEL', 'CALLING', 'answer'),
    CallerIDNum: number,
    CallerIDName: fc.string({ maxLength: 20 }),
    CalledNumber: number,
    CalledDID: fc.constant('74951234567'),
    CalledExtension: extName,
    CalledExtensionID: ext.map((e) => String(e.id)),
    CallerExtension: extName,
    CallerExtensionID: ext.map((e) => String(e.id)),
    Duration: fc.oneof(fc.integer({ min: 0, max: 600_000_000 }).map(String), fc.constantFrom('9'.repeat(19), '-5')),
    RecID: fc.string({ maxLength: 10 }),
    Bridged: fc.constantFrom('yes', 'no'),
    Transfered: fc.constantFrom('yes', 'no'),
  });
}

/** VoipNow hook parameters (§3.3). */
export function voipnowParams(world: Pick<World, 'voipnow'>): fc.Arbitrary<Record<string, unknown>> {
  const ext = fc.constantFrom(...world.voipnow.extensions);
  const number = fc.oneof(ext.map((e) => e.number), ext.map((e) => e.short), fc.constantFrom('0040311112222', '+40311112222'));
  return fieldsArb({
    CallID: callIds,
    CallerIDNum: number,
    CallerIDName: fc.oneof(fc.string({ maxLength: 20 }), fc.constant('John Doe <3334444>')),
    CalledDID: number,
    CalledExtension: ext.map((e) => e.number),
    CallStatus: fc.constantFrom('CALLING', 'ANSWER', 'ANSWERED', 'BUSY', 'NOANSWER', 'CANCEL', 'CONGESTION', ''),
    CallFlow: fc.constantFrom('IN', 'OUT', 'in', ''),
    CallerExtension: ext.map((e) => e.number),
    CalledNumber: number,
    CallAPIID: callIds,
  });
}

export function hookCaseArb(world: Pick<World, 'telphin' | 'voipnow'>): fc.Arbitrary<HookCase> {
  const tel = fc.record({
    conn: fc.constant(TEL),
    event: fc.oneof({ weight: 5, arbitrary: fc.constantFrom('dial-in', 'dial-out', 'answer', 'hangup') }, { weight: 1, arbitrary: nastyString }),
    params: telphinParams(world),
  });
  const vn = fc.record({
    conn: fc.constant(VN),
    event: fc.oneof({ weight: 5, arbitrary: fc.constantFrom('0', '1', '2', '3', '4') }, { weight: 1, arbitrary: nastyString }),
    params: voipnowParams(world),
  });
  const other = fc.record({
    conn: fc.oneof(nastyString, fc.constant('x'.repeat(80)), fc.constant('fz-noojee')),
    event: nastyString,
    params: telphinParams(world),
  });
  return fc
    .record({
      target: fc.oneof({ weight: 5, arbitrary: tel }, { weight: 5, arbitrary: vn }, { weight: 1, arbitrary: other }),
      token: fc.oneof(
        { weight: 6, arbitrary: fc.constant<HookCase['token']>('right') },
        { weight: 3, arbitrary: fc.constantFrom<HookCase['token']>('wrong', 'missing', 'wrong-first', 'right-first') },
      ),
      wrongToken: fc.oneof(nastyString, fc.constant('')),
      method: fc.constantFrom<'GET' | 'POST'>('GET', 'POST', 'POST'),
      mode: bodyModeArb,
      ext: fc.option(fc.oneof(nastyString, fc.constantFrom(...world.voipnow.extensions.map((e) => e.number)))),
      badBytes: badUtf8,
      cut: fc.nat(400),
    })
    .map(({ target, ...rest }) => ({ ...rest, ...target, mode: rest.method === 'GET' ? 'query' : rest.mode }));
}

interface Answer {
  status: number;
  body: string;
}

function send(url: string, method: string, body: Buffer | null, type: string | null): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (type) headers['content-type'] = type;
    if (body) headers['content-length'] = String(body.length);
    const req = http.request(url, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

const errorOf = (body: string): unknown => {
  try {
    return (JSON.parse(body) as { error?: unknown }).error;
  } catch {
    return undefined;
  }
};

/** Sends one case; returns what the checks need. */
export async function deliver(world: World, c: HookCase): Promise<{ answer: Answer; rightToken: string | null; okExpected: boolean }> {
  const rightToken = c.conn === TEL ? world.tokens[TEL] : c.conn === VN ? world.tokens[VN] : null;
  const wrong = rightToken !== null && c.wrongToken === rightToken ? `${c.wrongToken}x` : c.wrongToken;
  const query = new URLSearchParams();
  const right = rightToken ?? 'no-such-connection-token';
  if (c.token === 'right') query.append('token', right);
  else if (c.token === 'wrong') query.append('token', wrong);
  else if (c.token === 'wrong-first') for (const t of [wrong, right]) query.append('token', t);
  else if (c.token === 'right-first') for (const t of [right, wrong]) query.append('token', t);
  if (c.ext !== null) query.append('ext', c.ext);
  if (c.mode === 'query') for (const [k, v] of Object.entries(stringify(c.params))) query.append(k, v);
  const { body, type } = encodeBody(c.mode, c.params, { badBytes: c.badBytes, cut: c.cut });
  // A lone surrogate cannot travel in a URL; a PBX's request would carry U+FFFD there.
  const wellFormed = (v: string) => (v as string & { toWellFormed(): string }).toWellFormed();
  const event = wellFormed(c.event);
  const url = `${world.hooksUrl}/hooks/${encodeURIComponent(wellFormed(c.conn))}/${encodeURIComponent(event)}?${query.toString()}`;
  const answer = await send(url, c.method, c.method === 'POST' ? (body ?? Buffer.alloc(0)) : null, c.method === 'POST' ? type : null);
  const tokenRight = rightToken !== null && (c.token === 'right' || c.token === 'right-first');
  const bodyFine = !BROKEN_MODES.has(c.mode) && !(c.mode === 'bad-utf8' && type === 'application/json');
  return { answer, rightToken, okExpected: tokenRight && bodyFine && event.length > 0 && event.length <= 64 };
}

export function webhookProperty(world: World) {
  return fc.asyncProperty(hookCaseArb(world), async (c) => {
    const before = storedWebhookCount(world.pipeline);
    const { answer, okExpected } = await deliver(world, c);
    const after = storedWebhookCount(world.pipeline);
    await new Promise((resolve) => setImmediate(resolve));
    check(world.escaped.length === 0, () => `something threw: ${world.escaped.join('\n')}`);
    check(answer.status < 500, `status ${answer.status}: ${answer.body}`);
    if (answer.status === 200) check(okExpected, `200 for a request that should be refused (token ${c.token}, mode ${c.mode})`);
    else {
      check(answer.status >= 400 && answer.status < 500, `status ${answer.status}`);
      // 431: Node's own header limit (a huge query), answered before any handler runs.
      if (answer.status !== 431) check(typeof errorOf(answer.body) === 'string', `a ${answer.status} without a reason: ${answer.body.slice(0, 200)}`);
      check(!okExpected, `refused a good request: ${answer.status} ${answer.body.slice(0, 200)}`);
      check(after === before, `a refused request (${answer.status}) stored ${after - before} row(s)`);
    }
    const problems = boardProblems(world.pipeline.projector.board(0));
    check(problems.length === 0, () => `board inconsistent: ${problems.slice(0, 5).join('; ')}`);
  });
}

/** After the corpus: a plain valid request of each vendor still gets its 200. */
export async function stillServing(world: World): Promise<void> {
  for (const [conn, event] of [[TEL, 'dial-in'], [VN, '0']] as const) {
    const url = `${world.hooksUrl}/hooks/${conn}/${event}?token=${encodeURIComponent(world.tokens[conn])}`;
    const answer = await send(url, 'POST', Buffer.from('CallID=alive'), 'application/x-www-form-urlencoded');
    check(answer.status === 200, `the intake stopped serving: ${conn} → ${answer.status}`);
  }
}

export async function runWebhookTarget(world: World, options: RunOptions): Promise<TargetResult> {
  const result = await runProperty('webhooks', webhookProperty(world), options);
  if (result.failure) return result;
  try {
    await stillServing(world);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const problems = boardProblems(world.pipeline.projector.board(0));
    check(problems.length === 0, () => `board inconsistent after the corpus: ${problems.slice(0, 5).join('; ')}`);
    check(world.escaped.length === 0, () => `something threw: ${world.escaped.join('\n')}`);
  } catch (error) {
    return { ...result, failure: error instanceof Error ? error.message : String(error) };
  }
  return result;
}
