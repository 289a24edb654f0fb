/**
 * Target 3: frames from browsers to the hub (`/ws`): arbitrary text, JSON, binary, invalid UTF-8 and
 * oversized frames on a signed-in socket. Properties: the hub ignores what it does not understand or
 * closes that socket with a clear code (1007 bad UTF-8, 1009 too big, 1002 protocol); a socket that
 * sent only well-formed frames stays open and still gets its snapshot; another client is unaffected.
 */
import fc from 'fast-check';
import WebSocket from 'ws';
import { jsonish, nastyString } from './arbitraries';
import type { World } from './harness';
import { check, runProperty, type RunOptions, type TargetResult } from './target';

type Frame =
  | { kind: 'text'; text: string }
  | { kind: 'json'; value: unknown }
  | { kind: 'binary'; bytes: Uint8Array }
  | { kind: 'bad-utf8'; bytes: Uint8Array }
  | { kind: 'oversized'; binary: boolean };

const frameArb: fc.Arbitrary<Frame> = fc.oneof(
  { weight: 3, arbitrary: fc.oneof(nastyString, fc.string({ unit: 'binary', maxLength: 200 })).map((text) => ({ kind: 'text' as const, text })) },
  {
    weight: 4,
    arbitrary: fc
      .oneof(jsonish, fc.record({ type: fc.oneof(fc.constantFrom('resync', 'RESYNC', 'delta', 'snapshot', ''), nastyString) }, { requiredKeys: [] }), fc.record({ type: fc.constant('resync'), extra: jsonish }))
      .map((value) => ({ kind: 'json' as const, value })),
  },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ kind: 'binary' as const, bytes })) },
  { weight: 1, arbitrary: fc.constantFrom([0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xff], [0x7b, 0x80, 0x7d]).map((b) => ({ kind: 'bad-utf8' as const, bytes: Uint8Array.from(b) })) },
  { weight: 1, arbitrary: fc.boolean().map((binary) => ({ kind: 'oversized' as const, binary })) },
);

const wellFormed = (f: Frame) => f.kind === 'text' || f.kind === 'json' || f.kind === 'binary';
const CLEAR_CODES = new Set([1002, 1007, 1009]);

interface Client {
  socket: WebSocket;
  closed: { code: number } | null;
  snapshots: number;
}

async function open(world: World): Promise<Client> {
  const socket = new WebSocket(`${world.wsUrl}/ws`, { headers: { cookie: world.adminCookie } });
  const client: Client = { socket, closed: null, snapshots: 0 };
  socket.on('message', (data) => {
    if (String(data).startsWith('{"type":"snapshot"')) client.snapshots++;
  });
  socket.on('close', (code) => (client.closed = { code }));
  socket.on('error', () => undefined);
  await waitUntil(() => client.snapshots > 0 || client.closed !== null, 5_000);
  check(client.snapshots > 0, `could not open a board socket (closed ${client.closed?.code})`);
  return client;
}

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return true;
}

/** Sends a resync and waits for the snapshot (or the close). */
async function resync(client: Client): Promise<'snapshot' | 'closed' | 'silent'> {
  if (client.closed || client.socket.readyState !== WebSocket.OPEN) return 'closed';
  const before = client.snapshots;
  client.socket.send('{"type":"resync"}');
  await waitUntil(() => client.snapshots > before || client.closed !== null, 3_000);
  return client.snapshots > before ? 'snapshot' : client.closed ? 'closed' : 'silent';
}

function send(client: Client, frame: Frame): void {
  if (client.socket.readyState !== WebSocket.OPEN) return;
  if (frame.kind === 'text') client.socket.send(frame.text);
  else if (frame.kind === 'json') client.socket.send(JSON.stringify(frame.value) ?? 'undefined');
  else if (frame.kind === 'binary') client.socket.send(frame.bytes, { binary: true });
  // `binary: false` with raw bytes: a text frame whose payload is not UTF-8 (ws does not check what it sends).
  else if (frame.kind === 'bad-utf8') client.socket.send(Buffer.from(frame.bytes), { binary: false });
  else client.socket.send(frame.binary ? Buffer.alloc(70 * 1024, 1) : 'x'.repeat(70 * 1024), { binary: frame.binary });
}

export async function runHubTarget(world: World, options: RunOptions): Promise<TargetResult> {
  const observer = await open(world);
  let fuzzed = await open(world);
  try {
    const property = fc.asyncProperty(fc.array(frameArb, { minLength: 1, maxLength: 4 }), async (frames) => {
      if (fuzzed.closed) fuzzed = await open(world);
      for (const frame of frames) send(fuzzed, frame);
      const outcome = await resync(fuzzed);
      check(world.escaped.length === 0, () => `something threw: ${world.escaped.join('\n')}`);
      if (frames.every(wellFormed)) check(outcome === 'snapshot', `a socket that sent only well-formed frames got ${outcome}${fuzzed.closed ? ` (code ${fuzzed.closed.code})` : ''}`);
      else if (outcome === 'closed') check(fuzzed.closed && CLEAR_CODES.has(fuzzed.closed.code), `closed with unclear code ${fuzzed.closed?.code}`);
      else check(outcome === 'snapshot', `the socket neither answered nor closed (${outcome})`);
      check(!observer.closed, `the other client was closed (${observer.closed?.code})`);
      check((await resync(observer)) === 'snapshot', 'the other client stopped getting answers');
    });
    const result = await runProperty('hub-frames', property, options);
    return result;
  } finally {
    observer.socket.close();
    fuzzed.socket.close();
  }
}
