/**
 * Benchmarks 1 (ingest), 2 (end-to-end latency), 4 (snapshot) and 7 (slow consumer), each beside its
 * baseline in the same run. The pipeline runs in a child process; the WebSocket clients run here.
 */
import type { Vendor } from '@/lib/board';
import { startChild } from './child';
import { VENDORS } from './payloads';
import type { BareStorageResult, EmitResult, IngestResult, SnapshotResult, StartResult } from './pipeline-child';
import { median, round, summarise, type Summary } from './stats';
import { closeClients, latencies, now, openClients, resetClients } from './ws-clients';

export interface IngestFigure {
  vendor: Vendor;
  clients: number;
  payloadsPerS: number;
  eventsPerS: number;
  bareStoragePayloadsPerS: number;
  /** Pipeline payloads/s ÷ bare storage payloads/s. */
  ofBare: number;
  rowsPerPayload: number;
  /**
   * CPU per payload (µs, user + system, every thread): the pipeline's process and this one, where the
   * 100 clients read their frames. Two cores give 100 µs per payload in all at 20,000 payloads/s.
   */
  cpuPerPayloadUs: { pipeline: number; clients: number; bareStorage: number };
  /**
   * The warm-up before the measured run: the same load on the fresh database, until the normalisers'
   * memories reach their bounds and the WAL has been through its checkpoints, as in a server that has
   * run for a while. Its rate is not the result; it shows how far a fresh start flatters it.
   */
  warmUp: { seconds: number; payloadsPerS: number };
}

export async function benchIngest(o: {
  extensions: number;
  clients: number;
  seconds: number;
  warmUpSeconds: number;
  vendors: readonly string[] | null;
  log: (s: string) => void;
}): Promise<IngestFigure[]> {
  const out: IngestFigure[] = [];
  const unknown = o.vendors?.filter((v) => !(VENDORS as readonly string[]).includes(v)) ?? [];
  if (unknown.length > 0) throw new Error(`--vendors: unknown ${unknown.join(', ')} (known: ${VENDORS.join(', ')})`);
  for (const vendor of VENDORS.filter((v) => !o.vendors || o.vendors.includes(v))) {
    const child = await startChild();
    try {
      const started = await child.send<StartResult>({ cmd: 'start', vendor, extensions: o.extensions });
      const clients = await openClients({ url: `ws://127.0.0.1:${started.port}/ws`, cookie: started.cookie, count: o.clients });
      const warmUp = await child.send<IngestResult>({ cmd: 'ingest', seconds: o.warmUpSeconds, yieldEvery: 50 });
      const clientsCpu0 = process.cpuUsage();
      const ingest = await child.send<IngestResult>({ cmd: 'ingest', seconds: o.seconds, yieldEvery: 50 });
      const clientsCpu = process.cpuUsage(clientsCpu0);
      await closeClients(clients);
      const storage = await child.send<BareStorageResult>({ cmd: 'bare-storage', seconds: o.seconds, batch: 50 });
      const payloadsPerS = (ingest.payloads / ingest.ms) * 1000;
      // Zero when BENCH_NO_STORE left nothing to compare with: the shares read 0.
      const bare = storage.payloads > 0 ? (storage.payloads / storage.ms) * 1000 : Infinity;
      const figure: IngestFigure = {
        vendor,
        clients: o.clients,
        payloadsPerS: Math.round(payloadsPerS),
        eventsPerS: Math.round((ingest.events / ingest.ms) * 1000),
        bareStoragePayloadsPerS: Number.isFinite(bare) ? Math.round(bare) : 0,
        ofBare: round(payloadsPerS / bare, 3),
        rowsPerPayload: round(ingest.rows.events / Math.max(1, ingest.payloads), 2),
        cpuPerPayloadUs: {
          pipeline: round((ingest.cpuMs * 1000) / Math.max(1, ingest.payloads), 1),
          clients: round((clientsCpu.user + clientsCpu.system) / Math.max(1, ingest.payloads), 1),
          bareStorage: round((storage.cpuMs * 1000) / Math.max(1, storage.payloads), 1),
        },
        warmUp: { seconds: o.warmUpSeconds, payloadsPerS: Math.round((warmUp.payloads / Math.max(1, warmUp.ms)) * 1000) },
      };
      o.log(`  ingest ${vendor}: ${figure.payloadsPerS} payloads/s (${figure.eventsPerS} events/s) vs bare storage ${figure.bareStoragePayloadsPerS}/s = ${(figure.ofBare * 100).toFixed(1)} % (warm-up, first ${o.warmUpSeconds} s: ${figure.warmUp.payloadsPerS}/s); CPU µs/payload: pipeline ${figure.cpuPerPayloadUs.pipeline}, clients ${figure.cpuPerPayloadUs.clients}, bare storage ${figure.cpuPerPayloadUs.bareStorage}`);
      out.push(figure);
    } finally {
      await child.close();
    }
  }
  return out;
}

export interface LatencyFigure {
  rate: number;
  seconds: number;
  extensions: number;
  clients: number;
  pipeline: Summary & { missing: number; emitterLagMs: number; framesPerS: number };
  bareWs: Summary & { missing: number; emitterLagMs: number; framesPerS: number };
  /** Pipeline p99 ÷ bare ws p99. */
  p99Ratio: number;
  serverRssMb: number;
  /** The pipeline child's clock minus the clients' (subtracted from every emission stamp). */
  clockOffsetMs: number;
}

export interface SlowConsumerFigure {
  clients: number;
  /** The 199 others with one client that reads nothing, beside the same run with all reading. */
  othersWithSlow: Summary;
  allReading: Summary;
  p99DeltaMs: number;
  slowClientReceivedFrames: number;
  serverRssMb: number;
}

export interface SnapshotFigure {
  extensions: number;
  calls: number;
  bytes: number;
  buildMs: number;
  stringifyMs: number;
  /** Client-observed: WebSocket constructor → snapshot frame received (handshake + auth + build + send + parse). */
  connectToSnapshotMs: Summary;
  /** The same handshake on the bare `ws` server, which sends nothing: the connection cost alone. */
  bareConnectMs: Summary;
}

export interface E2eResults {
  latency: LatencyFigure;
  slowConsumer: SlowConsumerFigure;
  snapshot: SnapshotFigure;
}

export async function benchEndToEnd(o: { extensions: number; clients: number; rate: number; seconds: number; log: (s: string) => void }): Promise<E2eResults> {
  const child = await startChild();
  try {
    const started = await child.send<StartResult>({ cmd: 'start', vendor: 'noojee', extensions: o.extensions });
    const url = `ws://127.0.0.1:${started.port}/ws`;
    const bareUrl = `ws://127.0.0.1:${started.barePort}/`;
    // The child stamps emissions on its clock, the clients here receive on ours.
    const offsetMs = await child.clockOffsetMs();
    const onOurClock = (r: EmitResult): [number, number][] => r.sent.map(([seq, at]) => [seq, at - offsetMs]);

    // 2. Pipeline, then the bare broadcaster replaying the very frames the clients received.
    const clients = await openClients({ url, cookie: started.cookie, count: o.clients, recorder: 0 });
    await child.send<EmitResult>({ cmd: 'emit', rate: o.rate, seconds: 1 }); // warm-up
    resetClients(clients);
    const run = await child.send<EmitResult>({ cmd: 'emit', rate: o.rate, seconds: o.seconds });
    const pipe = latencies(clients, onOurClock(run));
    const frames = clients[0]!.frames ?? [];
    await child.send({ cmd: 'frames', frames: frames.slice(0, 5000) });
    // The same frames at the same frame rate as the hub sent them (it sends one frame per turn of
    // its event loop, so fewer frames than payloads when payloads come in bursts).
    const frameRate = Math.max(1, Math.round(frames.length / (run.ms / 1000)));
    const bareClients = await openClients({ url: bareUrl, count: o.clients });
    await child.send<EmitResult>({ cmd: 'bare-emit', rate: frameRate, seconds: 1 });
    resetClients(bareClients);
    const bareRun = await child.send<EmitResult>({ cmd: 'bare-emit', rate: frameRate, seconds: o.seconds });
    const bare = latencies(bareClients, onOurClock(bareRun));
    await closeClients(bareClients);
    const lag = (r: EmitResult) => round(r.ms - o.seconds * 1000, 1);
    const latency: LatencyFigure = {
      rate: o.rate,
      seconds: o.seconds,
      extensions: o.extensions,
      clients: o.clients,
      pipeline: { ...summarise(pipe.samples), missing: pipe.missing, emitterLagMs: lag(run), framesPerS: frameRate },
      bareWs: { ...summarise(bare.samples), missing: bare.missing, emitterLagMs: lag(bareRun), framesPerS: Math.round(bareRun.sent.length / (bareRun.ms / 1000)) },
      p99Ratio: 0,
      serverRssMb: round(run.rssMb, 1),
      clockOffsetMs: round(offsetMs, 3),
    };
    latency.p99Ratio = round(latency.pipeline.p99 / latency.bareWs.p99, 2);
    o.log(`  e2e pipeline: p50 ${latency.pipeline.p50} p99 ${latency.pipeline.p99} max ${latency.pipeline.max} ms; bare ws: p50 ${latency.bareWs.p50} p99 ${latency.bareWs.p99} max ${latency.bareWs.max} ms (child clock ${latency.clockOffsetMs} ms from ours, corrected)`);

    // 7. One client stops reading; the others are compared with a run right before where all read.
    resetClients(clients);
    const before = await child.send<EmitResult>({ cmd: 'emit', rate: o.rate, seconds: o.seconds });
    const allReading = summarise(latencies(clients.slice(1), onOurClock(before)).samples);
    const slow = clients[0]!;
    slow.socket.pause();
    resetClients(clients);
    const withSlow = await child.send<EmitResult>({ cmd: 'emit', rate: o.rate, seconds: o.seconds });
    const othersWithSlow = summarise(latencies(clients.slice(1), onOurClock(withSlow)).samples);
    const slowFrames = slow.seqs.length;
    slow.socket.resume();
    const slowConsumer: SlowConsumerFigure = {
      clients: o.clients,
      othersWithSlow,
      allReading,
      p99DeltaMs: round(othersWithSlow.p99 - allReading.p99, 2),
      slowClientReceivedFrames: slowFrames,
      serverRssMb: round(withSlow.rssMb, 1),
    };
    o.log(`  slow consumer: others p99 ${othersWithSlow.p99} ms vs ${allReading.p99} ms with all reading`);
    await closeClients(clients);

    // 4. Snapshot of the board as the runs above left it (every extension has had calls).
    const snap = await child.send<SnapshotResult>({ cmd: 'snapshot', repeat: 20 });
    const connectMs: number[] = [];
    const bareConnect: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t0 = now();
      const [c] = await openClients({ url, cookie: started.cookie, count: 1 });
      while (c!.snapshotAt === null) await new Promise((resolve) => setTimeout(resolve, 1));
      connectMs.push(c!.snapshotAt - t0);
      await closeClients([c!]);
      const t1 = now();
      const [b] = await openClients({ url: bareUrl, count: 1 });
      bareConnect.push(now() - t1);
      await closeClients([b!]);
    }
    const snapshot: SnapshotFigure = {
      extensions: snap.extensions,
      calls: snap.calls,
      bytes: snap.bytes,
      buildMs: median(snap.buildMs),
      stringifyMs: median(snap.stringifyMs),
      connectToSnapshotMs: summarise(connectMs),
      bareConnectMs: summarise(bareConnect),
    };
    o.log(`  snapshot: ${snapshot.extensions} extensions, ${(snapshot.bytes / 1024).toFixed(0)} KiB, build ${snapshot.buildMs} ms + stringify ${snapshot.stringifyMs} ms; connect→snapshot p50 ${snapshot.connectToSnapshotMs.p50} ms`);
    return { latency, slowConsumer, snapshot };
  } finally {
    await child.close();
  }
}
