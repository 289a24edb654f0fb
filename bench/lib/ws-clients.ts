/**
 * Many WebSocket clients in the bench process. Each keeps, per received frame, its `seq` (read from
 * the first bytes, without parsing the JSON) and its arrival time on the absolute high-resolution
 * clock the pipeline child stamps emissions with (`performance.timeOrigin + performance.now()`).
 */
import WebSocket from 'ws';

export const now = () => performance.timeOrigin + performance.now();

export interface BenchClient {
  socket: WebSocket;
  seqs: number[];
  times: number[];
  bytes: number;
  /** Full frames kept by the recording client (for the bare broadcaster to replay). */
  frames: string[] | null;
  snapshotAt: number | null;
  snapshotBytes: number;
}

const SEQ = /"seq":(\d+)/;

export interface ClientOptions {
  url: string;
  cookie?: string;
  count: number;
  /** Index of the client that keeps full delta frames (-1: none). */
  recorder?: number;
}

export async function openClients(o: ClientOptions): Promise<BenchClient[]> {
  const clients: BenchClient[] = [];
  for (let i = 0; i < o.count; i++) {
    const socket = new WebSocket(o.url, { headers: o.cookie ? { Cookie: o.cookie } : {}, perMessageDeflate: false });
    const client: BenchClient = { socket, seqs: [], times: [], bytes: 0, frames: i === o.recorder ? [] : null, snapshotAt: null, snapshotBytes: 0 };
    socket.on('message', (data: Buffer) => {
      const t = now();
      client.bytes += data.length;
      const head = data.toString('latin1', 0, 48);
      if (head.startsWith('{"type":"snapshot"')) {
        client.snapshotAt ??= t;
        client.snapshotBytes = data.length;
        return;
      }
      const m = SEQ.exec(head);
      if (!m) return;
      client.seqs.push(Number(m[1]));
      client.times.push(t);
      if (client.frames && data.length > 60) client.frames.push(data.toString());
    });
    socket.on('error', () => {});
    clients.push(client);
  }
  await Promise.all(clients.map((c) => new Promise<void>((resolve, reject) => {
    c.socket.once('open', () => resolve());
    c.socket.once('error', reject);
  })));
  return clients;
}

export function resetClients(clients: readonly BenchClient[]): void {
  for (const c of clients) {
    c.seqs = [];
    c.times = [];
    if (c.frames) c.frames = [];
  }
}

/**
 * Latency samples (ms): for every emitted payload and every client, the arrival of the frame that
 * carried it minus its emission. Several payloads can share a frame (the hub sends what one turn of
 * its event loop published as one delta); each counts from its own emission.
 */
export function latencies(clients: readonly BenchClient[], sent: readonly [number, number][]): { samples: number[]; missing: number } {
  const samples: number[] = [];
  let missing = 0;
  for (const c of clients) {
    const arrived = new Map<number, number>();
    for (let i = 0; i < c.seqs.length; i++) if (!arrived.has(c.seqs[i]!)) arrived.set(c.seqs[i]!, c.times[i]!);
    for (const [seq, at] of sent) {
      const t = arrived.get(seq);
      if (t === undefined) missing += 1;
      else samples.push(t - at);
    }
  }
  return { samples, missing };
}

export async function closeClients(clients: readonly BenchClient[]): Promise<void> {
  await Promise.all(clients.map((c) => new Promise<void>((resolve) => {
    if (c.socket.readyState === WebSocket.CLOSED) return resolve();
    c.socket.once('close', () => resolve());
    c.socket.terminate();
  })));
}
