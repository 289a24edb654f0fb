import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Board, ConnectionView } from '@/lib/board';
import type { ServerFrame } from '@/lib/ws-protocol';
import { Hub } from './hub';

const connection: ConnectionView = {
  id: 'c1', vendor: 'noojee', name: 'HQ', status: 'live', lastEventAt: null, error: null,
  capabilities: { record: true, answer: true, dial: false, hooks: false },
};

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function startHub(options: Partial<ConstructorParameters<typeof Hub>[0]> = {}) {
  const hub = new Hub({ board: (seq): Board => ({ seq, connections: [connection], extensions: [], queues: [] }), ...options });
  const server = http.createServer((_req, res) => res.end('plain http'));
  const otherUpgrades: string[] = [];
  server.on('upgrade', (req, socket, head) => {
    if (hub.handleUpgrade(req, socket, head)) return;
    otherUpgrades.push(req.url ?? '');
    socket.destroy(); // the other owner's business; here it just refuses
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  closers.push(async () => {
    await hub.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { hub, port, otherUpgrades };
}

function connect(port: number, path = '/ws') {
  const socket = new WebSocket(`ws://127.0.0.1:${port}${path}`);
  const frames: ServerFrame[] = [];
  const waiters: (() => void)[] = [];
  socket.on('message', (data) => {
    frames.push(JSON.parse(data.toString()) as ServerFrame);
    waiters.splice(0).forEach((w) => w());
  });
  closers.push(async () => socket.close());
  const nextFrames = async (count: number) => {
    while (frames.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
    return frames.slice(0, count);
  };
  return { socket, frames, nextFrames };
}

describe('Hub', () => {
  it('sends a snapshot, then deltas numbered seq+1', async () => {
    const { hub, port } = await startHub();
    const client = connect(port);
    const [snapshot] = await client.nextFrames(1);
    expect(snapshot).toMatchObject({ type: 'snapshot', seq: 0, board: { connections: [connection] } });
    hub.publish([{ op: 'remove', entity: 'extension', id: 'x' }]);
    await new Promise((resolve) => setImmediate(resolve));
    hub.publish([{ op: 'upsert', entity: 'connection', value: connection }]);
    const frames = await client.nextFrames(3);
    expect(frames.map((f) => [f.type, f.seq])).toEqual([['snapshot', 0], ['delta', 1], ['delta', 2]]);
  });

  it('sends the changes published in one turn of the event loop as one delta, latest state of each', async () => {
    const { hub, port } = await startHub();
    const client = connect(port);
    await client.nextFrames(1);
    const down = { ...connection, status: 'down' as const };
    hub.publish([{ op: 'upsert', entity: 'connection', value: connection }]);
    hub.publish([{ op: 'remove', entity: 'queue', id: 'q' }]);
    hub.publish([{ op: 'upsert', entity: 'connection', value: down }]);
    expect(hub.pendingChanges).toBe(2);
    const frames = await client.nextFrames(2);
    expect(frames[1]).toEqual({
      type: 'delta',
      seq: 1,
      changes: [
        { op: 'remove', entity: 'queue', id: 'q' },
        { op: 'upsert', entity: 'connection', value: down },
      ],
    });
    expect(hub.currentSeq).toBe(1);
  });

  it('answers a resync request with a fresh snapshot at the current seq', async () => {
    const { hub, port } = await startHub();
    const client = connect(port);
    await client.nextFrames(1);
    hub.publish([{ op: 'remove', entity: 'queue', id: 'q' }]);
    await client.nextFrames(2);
    client.socket.send(JSON.stringify({ type: 'resync' }));
    const frames = await client.nextFrames(3);
    expect(frames[2]).toMatchObject({ type: 'snapshot', seq: 1 });
  });

  it('answers a burst of resync requests with at most one snapshot per second', async () => {
    const { port } = await startHub();
    const client = connect(port);
    await client.nextFrames(1);
    for (let i = 0; i < 20; i++) client.socket.send(JSON.stringify({ type: 'resync' }));
    const started = Date.now();
    const frames = await client.nextFrames(3);
    expect(frames.slice(1).map((f) => f.type)).toEqual(['snapshot', 'snapshot']);
    // The first at once, the second (for the other 19) only once the window has passed.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(client.frames).toHaveLength(3);
  });

  it('ignores malformed frames without dropping the client', async () => {
    const { hub, port } = await startHub();
    const client = connect(port);
    await client.nextFrames(1);
    client.socket.send('not json');
    client.socket.send(JSON.stringify({ type: 'hack', payload: 1 }));
    hub.publish([{ op: 'remove', entity: 'queue', id: 'q' }]);
    const frames = await client.nextFrames(2);
    expect(frames[1]).toMatchObject({ type: 'delta', seq: 1 });
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('leaves upgrades for other paths to their owner', async () => {
    const { port, otherUpgrades } = await startHub();
    const other = new WebSocket(`ws://127.0.0.1:${port}/_next/hmr`);
    other.on('error', () => undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(otherUpgrades).toEqual(['/_next/hmr']);
    other.terminate();
  });

  it('sends an empty delta as a heartbeat the browser can see', async () => {
    const { port } = await startHub({ heartbeatMs: 50 });
    const client = connect(port);
    const frames = await client.nextFrames(2);
    expect(frames[1]).toEqual({ type: 'delta', seq: 1, changes: [] });
  });

  it('pauses a backed-up client and resynchronises it with a snapshot once drained', async () => {
    const { hub, port } = await startHub({ maxBufferedBytes: 1 });
    const slow = connect(port);
    const brisk = connect(port);
    await slow.nextFrames(1);
    await brisk.nextFrames(1);
    // A reader that stops reading: the kernel buffers fill, then the hub's own buffer grows.
    (slow.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    const big = 'x'.repeat(100_000);
    for (let i = 1; i <= 200; i++) {
      hub.publish([{ op: 'remove', entity: 'queue', id: `${i}${big}` }]);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const briskFrames = await brisk.nextFrames(201);
    expect(briskFrames.at(-1)?.seq).toBe(200);
    (slow.socket as unknown as { _socket: { resume(): void } })._socket.resume();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const frames = slow.frames;
    expect(frames.length).toBeLessThan(201);
    expect(frames.at(-1)).toMatchObject({ type: 'snapshot', seq: 200 });
    for (let i = 1; i < frames.length; i++) {
      const frame = frames[i]!;
      if (frame.type === 'delta') expect(frame.seq).toBe(frames[i - 1]!.seq + 1);
    }
  });
});
