import { logger } from '@/server/log';
import { startControlServer } from './control/control-server';
import { CallEngine, type EngineOptions } from './engine/call-engine';
import type { Clock } from './engine/clock';
import type { Directory } from './engine/directory';
import { TrafficGenerator } from './engine/traffic';
import { startNoojeeFacade, type NoojeeFacade } from './noojee/noojee-facade';
import type { SwitchvoxPermissions } from './switchvox/accounts';
import { startSwitchvoxFacade, type SwitchvoxFacade } from './switchvox/switchvox-facade';
import { startTelphinFacade, type TelphinFacade, type TelphinOptions } from './telphin/telphin-facade';
import { startVoipNowFacade, type VoipNowFacade, type VoipNowOptions } from './voipnow/voipnow-facade';

export { CallEngine } from './engine/call-engine';
export { ManualClock, realClock, type Clock } from './engine/clock';
export type { Directory, ForwardRule, Site } from './engine/directory';
export type { SwitchvoxAccount, SwitchvoxPermissions } from './switchvox/accounts';
export type { TSwitchvoxFaultSpec } from './switchvox/faults';
export type { LineParams } from './switchvox/line-view';
export { RTAPI_PATH, type SwitchvoxFacade, type SwitchvoxFaultEntry } from './switchvox/switchvox-facade';
export type { Truth, TruthCall, TruthLeg, TruthQueueWaiting } from './engine/truth';
export type { DeliveryRecord as TelphinDelivery } from './telphin/delivery';
export type { TTelphinFaultSpec, TelphinFaultEntry } from './telphin/faults';
export type { TelphinEvent } from './telphin/leg-events';
export { TELPHIN_API_PREFIX, type TelphinFacade, type TelphinHookView, type TelphinOptions } from './telphin/telphin-facade';
export type { CallInfo, EngineEvent, LegInfo } from './engine/types';
export type { VoipNowExtension } from './voipnow/calls';
export type { VoipNowDelivery } from './voipnow/delivery';
export type { TVoipNowFaultSpec, VoipNowFaultEntry } from './voipnow/faults';
export type { VoipNowEventView, VoipNowFacade, VoipNowOptions } from './voipnow/voipnow-facade';

export interface SimulatorOptions {
  host?: string;
  controlPort?: number;
  noojeePort?: number;
  noojeeApiKey: string;
  /** Floor on Noojee reply latency (A4); default 100 ms, tests use a few ms. */
  noojeeMinReplyMs?: number;
  /** Switchvox Realtime API port (0 = any free port, the default). */
  switchvoxPort?: number;
  switchvox?: {
    /** Replay current lines after a subscribe's `true` (switchvox.md §4.3); default true. */
    initialSnapshot?: boolean;
    /** `dial` response before the line's first notification; default false. */
    dialResponseFirst?: boolean;
    /** Fixed `serverUuid`; default random per start. */
    serverUuid?: string;
    /** Per-account permissions by accountId; default everything allowed (switchvox.md §4.7). */
    permissions?: Record<number, Partial<SwitchvoxPermissions>>;
  };
  /** Telphin REST API + hook sender port (0 = any free port, the default). */
  telphinPort?: number;
  /** Telphin facade settings (OAuth app, token lifetime, hook limit, tenant, delivery timeout, …). */
  telphin?: TelphinOptions;
  /** VoipNow UAPI + hook sender port (0 = any free port, the default). */
  voipnowPort?: number;
  /** VoipNow facade settings (OAuth app, token lifetime, prefix, DID, create/empty-list statuses, …). */
  voipnow?: VoipNowOptions;
  seed?: number;
  clock?: Clock;
  traffic?: { callsPerMinute: number } | false;
  /** Engine timing overrides (ring timeout, IVR hold, …). */
  engine?: Omit<EngineOptions, 'clock' | 'seed'>;
}

export interface RunningSimulator {
  engine: CallEngine;
  urls: {
    control: string;
    /** Server root, e.g. http://127.0.0.1:PORT — clients append /servicemanager/rest/… */
    noojee: string;
    /** Server root, e.g. http://127.0.0.1:PORT — clients connect with `path: '/rtapi/socket.io'`. */
    switchvox: string;
    /** API host root, e.g. http://127.0.0.1:PORT — clients add `/oauth/token` and `/api/ver1.0/…`. */
    telphin: string;
    /** Server root, e.g. http://127.0.0.1:PORT — clients add `/oauth/token.php` and `/uapi/…`. */
    voipnow: string;
  };
  /** All sites: `site` 'A' (Noojee), 'B' (Switchvox), 'C' (Telphin) or 'D' (VoipNow) on every phone, queue, IVR and bridge. */
  directory: Directory;
  traffic: TrafficGenerator;
  noojee: NoojeeFacade;
  switchvox: SwitchvoxFacade;
  telphin: TelphinFacade;
  voipnow: VoipNowFacade;
  close(): Promise<void>;
}

/**
 * Starts the call engine (three sites), the Noojee facade (site A), the Switchvox facade (site B), the
 * Telphin facade (site C), the VoipNow facade (site D) and the control API on loopback (DESIGN.md §7).
 */
export async function startSimulator(opts: SimulatorOptions): Promise<RunningSimulator> {
  const host = opts.host ?? '127.0.0.1';
  const engine = new CallEngine({ ...opts.engine, clock: opts.clock, seed: opts.seed });
  const traffic = new TrafficGenerator(engine);
  const noojee = await startNoojeeFacade({ engine, apiKey: opts.noojeeApiKey, host, port: opts.noojeePort ?? 0, minReplyMs: opts.noojeeMinReplyMs });
  let switchvox: SwitchvoxFacade | null = null;
  let telphin: TelphinFacade | null = null;
  let voipnow: VoipNowFacade | null = null;
  try {
    switchvox = await startSwitchvoxFacade({ engine, host, port: opts.switchvoxPort ?? 0, ...opts.switchvox });
    telphin = await startTelphinFacade({ engine, host, port: opts.telphinPort ?? 0, seed: opts.seed, ...opts.telphin });
    voipnow = await startVoipNowFacade({ engine, host, port: opts.voipnowPort ?? 0, ...opts.voipnow });
    const control = await startControlServer({ engine, traffic, noojee, switchvox, telphin, voipnow }, host, opts.controlPort ?? 0);
    if (opts.traffic) traffic.start({ callsPerMinute: opts.traffic.callsPerMinute, seed: opts.seed });
    logger.child({ component: 'simulator' }).debug({ control: control.url, noojee: noojee.url, switchvox: switchvox.url, telphin: telphin.url, voipnow: voipnow.url }, 'simulator listening');
    const sv = switchvox;
    const tp = telphin;
    const vn = voipnow;
    return {
      engine,
      urls: { control: control.url, noojee: noojee.url, switchvox: sv.url, telphin: tp.url, voipnow: vn.url },
      directory: engine.directory,
      traffic,
      noojee,
      switchvox: sv,
      telphin: tp,
      voipnow: vn,
      async close() {
        traffic.dispose();
        // Hangups of the reset are not sent: the hook sender closes first.
        await Promise.all([tp.close(), vn.close()]);
        engine.reset();
        await Promise.all([noojee.close(), sv.close(), control.close()]);
      },
    };
  } catch (err) {
    traffic.dispose();
    await Promise.all([noojee.close(), switchvox?.close(), telphin?.close(), voipnow?.close()]);
    throw err;
  }
}
