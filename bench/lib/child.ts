/** Starts bench/lib/pipeline-child.ts in its own Node process and sends it commands over IPC. */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { ChildCommand, FramesMessage } from './pipeline-child';
import { now } from './ws-clients';

export interface PipelineChild {
  pid: number;
  send<T>(command: ChildCommand | FramesMessage): Promise<T>;
  /**
   * The child's clock minus ours (ms). Each process's `performance.timeOrigin` is read from the wall
   * clock at its start and may be off by a millisecond or two, which is the size of the latencies
   * measured across the two processes (a p50 of −1 ms was reported): times the child stamps are
   * brought onto our clock by subtracting this. The round trip with the least delay bounds its error
   * to half that round trip.
   */
  clockOffsetMs(): Promise<number>;
  /** Stops it (the `stop` command, then SIGKILL of this one process if it lingers). */
  close(): Promise<void>;
}

export async function startChild(): Promise<PipelineChild> {
  const file = path.join(path.dirname(new URL(import.meta.url).pathname), 'pipeline-child.ts');
  const child: ChildProcess = fork(file, [], {
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [])],
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'error' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const ready = new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`pipeline child exited with ${code}`)));
    child.on('message', (raw) => {
      const message = raw as { ready?: true; id?: number; ok?: boolean; result?: unknown; error?: string };
      if (message.ready) return resolve();
      const entry = waiting.get(message.id ?? -1);
      if (!entry) return;
      waiting.delete(message.id!);
      if (message.ok) entry.resolve(message.result);
      else entry.reject(new Error(`pipeline child: ${message.error}`));
    });
  });
  child.on('exit', (code) => {
    for (const entry of waiting.values()) entry.reject(new Error(`pipeline child exited with ${code}`));
    waiting.clear();
  });
  await ready;
  const send = <T>(command: ChildCommand | FramesMessage) => {
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ ...command, id });
    });
  };
  return {
    pid: child.pid!,
    send,
    async clockOffsetMs() {
      let best = { rtt: Infinity, offset: 0 };
      for (let i = 0; i < 50; i++) {
        const t0 = now();
        const theirs = await send<number>({ cmd: 'clock' });
        const t1 = now();
        if (t1 - t0 < best.rtt) best = { rtt: t1 - t0, offset: theirs - (t0 + t1) / 2 };
      }
      return best.offset;
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await send({ cmd: 'stop' }).catch(() => {});
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
