/**
 * How long a call change takes from the simulator's call engine to a WebSocket client's delta,
 * through the real Noojee connector (HTTP long-poll), projector, SQLite and hub. A first figure
 * for issue 9, not the full benchmark. Run: `npx tsx bench/event-latency.ts [calls]`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import type { ServerFrame } from '@/lib/ws-protocol';
import { ensureAdmin } from '@/server/auth/bootstrap-users';
import { SESSION_COOKIE } from '@/server/auth/cookies';
import { startPipeline } from '@/server/pipeline';
import { startSimulator } from '@/server/simulator';

const calls = Number(process.argv[2] ?? 100);

async function measure(minReplyMs: number): Promise<number[]> {
  const sim = await startSimulator({ noojeeApiKey: 'bench-key', noojeeMinReplyMs: minReplyMs });
  const extensions = sim.directory.phones.filter((p) => p.site === 'A').map((p) => p.number);
  const pipeline = startPipeline({
    databasePath: ':memory:',
    connections: [{ id: 'bench', vendor: 'noojee', name: 'Bench', baseUrl: sim.urls.noojee, apiKey: 'bench-key', extensions, tech: 'SIP', pollTimeoutS: 25 }],
  });
  await ensureAdmin(pipeline.db, 'bench-password-1', new Date());
  const signedIn = await pipeline.auth.signIn('admin', 'bench-password-1', '127.0.0.1');
  if (!signedIn.ok) throw new Error('sign-in failed');
  const server = http.createServer();
  server.on('upgrade', (req, socket, head) => pipeline.hub.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const socket = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`, {
    headers: { Cookie: `${SESSION_COOKIE}=${signedIn.token}` },
  });
  let waiting: { ext: string; state: string; resolve: () => void } | null = null;
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as ServerFrame;
    if (frame.type !== 'delta' || !waiting) return;
    const hit = frame.changes.some((c) => c.op === 'upsert' && c.entity === 'extension' && c.value.number === waiting!.ext && c.value.state === waiting!.state);
    if (hit) waiting.resolve();
  });
  await new Promise((resolve) => socket.once('open', resolve));
  await new Promise((resolve) => setTimeout(resolve, 500));
  const until = (ext: string, state: string) => new Promise<void>((resolve) => (waiting = { ext, state, resolve }));

  const samples: number[] = [];
  for (let i = 0; i < calls; i++) {
    const ext = extensions[i % extensions.length]!;
    const ringing = until(ext, 'ringing');
    const start = performance.now();
    const call = sim.engine.placeCall('0299990000', ext);
    await ringing;
    samples.push(performance.now() - start);
    const idle = until(ext, 'idle');
    sim.engine.hangup(call.callId);
    await idle;
    // Let the connector's next long-poll be waiting already (A4: it never polls faster than 100 ms).
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  socket.close();
  server.close();
  await pipeline.stop();
  await sim.close();
  return samples;
}

function summary(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1);
  return `p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${sorted.at(-1)!.toFixed(1)} ms (n=${sorted.length})`;
}

for (const minReplyMs of [100, 5]) {
  console.log(`simulator reply floor ${minReplyMs} ms: ${summary(await measure(minReplyMs))}`);
}
