import { logger } from '@/server/log';
import { startControlServer } from './control/control-server';
import { CallEngine, type EngineOptions } from './engine/call-engine';
import type { Clock } from './engine/clock';
import type { Directory } from './engine/directory';
import { TrafficGenerator } from './engine/traffic';
import { startNoojeeFacade, type NoojeeFacade } from './noojee/noojee-facade';

export { CallEngine } from './engine/call-engine';
export { ManualClock, realClock, type Clock } from './engine/clock';
export type { Directory } from './engine/directory';
export type { Truth, TruthCall, TruthLeg } from './engine/truth';
export type { CallInfo, EngineEvent, LegInfo } from './engine/types';

export interface SimulatorOptions {
  host?: string;
  controlPort?: number;
  noojeePort?: number;
  noojeeApiKey: string;
  /** Floor on Noojee reply latency (A4); default 100 ms, tests use a few ms. */
  noojeeMinReplyMs?: number;
  seed?: number;
  clock?: Clock;
  traffic?: { callsPerMinute: number } | false;
  /** Engine timing overrides (ring timeout, IVR hold, …). */
  engine?: Omit<EngineOptions, 'clock' | 'seed'>;
}

export interface RunningSimulator {
  engine: CallEngine;
  urls: { control: string; noojee: string /* server root, e.g. http://127.0.0.1:PORT — clients append /servicemanager/rest/… */ };
  directory: Directory;
  traffic: TrafficGenerator;
  noojee: NoojeeFacade;
  close(): Promise<void>;
}

/** Starts the call engine, the Noojee facade and the control API on loopback (DESIGN.md §7). */
export async function startSimulator(opts: SimulatorOptions): Promise<RunningSimulator> {
  const host = opts.host ?? '127.0.0.1';
  const engine = new CallEngine({ ...opts.engine, clock: opts.clock, seed: opts.seed });
  const traffic = new TrafficGenerator(engine);
  const noojee = await startNoojeeFacade({ engine, apiKey: opts.noojeeApiKey, host, port: opts.noojeePort ?? 0, minReplyMs: opts.noojeeMinReplyMs });
  const control = await startControlServer({ engine, traffic, noojee }, host, opts.controlPort ?? 0).catch(async (err: unknown) => {
    await noojee.close();
    throw err;
  });
  if (opts.traffic) traffic.start({ callsPerMinute: opts.traffic.callsPerMinute, seed: opts.seed });
  logger.child({ component: 'simulator' }).debug({ control: control.url, noojee: noojee.url }, 'simulator listening');
  return {
    engine,
    urls: { control: control.url, noojee: noojee.url },
    directory: engine.directory,
    traffic,
    noojee,
    async close() {
      traffic.dispose();
      engine.reset();
      await Promise.all([noojee.close(), control.close()]);
    },
  };
}
