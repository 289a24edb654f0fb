/**
 * Every fault the simulator offers, and a seeded schedule of them. Faults are injected on the facade
 * objects of the in-process simulator (the same code paths as `POST /control/faults`).
 */
import type { RunningSimulator } from '@/server/simulator';
import { mulberry32 } from '@/server/simulator/engine/random';

/** The simulator's own seeded PRNG: the same seed gives the same schedule. */
export const rng = mulberry32;

export interface FaultContext {
  sim: RunningSimulator;
  random: () => number;
  /** Switchvox account the connector logs in as (its permissions are the ones revoked). */
  switchvoxLoginAccount: number;
  /** Schedules a follow-up action (e.g. restoring Switchvox permissions) a few seconds later. */
  later(ms: number, fn: () => void): void;
}

export interface FaultKind {
  name: string;
  inject(ctx: FaultContext): void;
}

const between = (r: () => number, lo: number, hi: number) => Math.floor(lo + r() * (hi - lo + 1));

/** All simulator faults; `linesight.kill9` is carried out by the runner (it owns the child). */
/**
 * Longest a `delay` or `reorder` fault holds a Switchvox notification. One held when the socket then
 * drops is gone (the Realtime API keeps no state across connections, switchvox.md §10 item 2), so a link-down window
 * reaches back this far when the harness judges what the PBX could still tell us.
 */
export const SWITCHVOX_MAX_HOLD_MS = 2_000;

/** How long a Noojee transport fault waits for requests to fail before it lapses. */
const NOOJEE_FAULT_MS = 5_000;

export const FAULT_KINDS: FaultKind[] = [
  ...(['http500', 'nonjson', 'drop', 'delay'] as const).map((kind) => ({
    name: `noojee.${kind}`,
    inject: ({ sim, random }: FaultContext) =>
      // An outage of a few seconds, however few requests a backing-off connector makes in it.
      sim.noojee.injectFault({ kind, count: between(random, 1, 3), delayMs: kind === 'delay' ? between(random, 500, 3000) : kind === 'drop' ? 20 : undefined, forMs: NOOJEE_FAULT_MS }),
  })),
  { name: 'noojee.duplicate', inject: ({ sim }) => sim.noojee.injectFault({ kind: 'duplicate' }) },
  { name: 'noojee.replay', inject: ({ sim, random }) => sim.noojee.injectFault({ kind: 'replay', seqBack: random() < 0.5 ? between(random, 1, 20) : undefined }) },
  { name: 'noojee.seqReset', inject: ({ sim }) => sim.noojee.injectFault({ kind: 'seqReset' }) },
  { name: 'switchvox.drop', inject: ({ sim }) => sim.switchvox.injectFault({ kind: 'drop' }) },
  { name: 'switchvox.serverDisconnect', inject: ({ sim }) => sim.switchvox.injectFault({ kind: 'serverDisconnect' }) },
  { name: 'switchvox.delay', inject: ({ sim, random }) => sim.switchvox.injectFault({ kind: 'delay', count: between(random, 1, 4), delayMs: between(random, 300, SWITCHVOX_MAX_HOLD_MS) }) },
  { name: 'switchvox.duplicate', inject: ({ sim, random }) => sim.switchvox.injectFault({ kind: 'duplicate', count: between(random, 1, 4) }) },
  { name: 'switchvox.reorder', inject: ({ sim, random }) => sim.switchvox.injectFault({ kind: 'reorder', delayMs: between(random, 300, SWITCHVOX_MAX_HOLD_MS) }) },
  { name: 'switchvox.internalError', inject: ({ sim, random }) => sim.switchvox.injectFault({ kind: 'internalError', count: between(random, 1, 2) }) },
  {
    // Permission revoked (switchvox.md §4.7): later subscribes to other accounts are refused, so we
    // also drop the transport to make the connector re-subscribe while revoked; restored a few s later.
    name: 'switchvox.revokeVisibility',
    inject: ({ sim, switchvoxLoginAccount, later, random }) => {
      sim.switchvox.injectFault({ kind: 'revokeVisibility', accountId: switchvoxLoginAccount });
      sim.switchvox.injectFault({ kind: 'revokeDial', accountId: switchvoxLoginAccount });
      sim.switchvox.injectFault({ kind: 'drop' });
      later(between(random, 2000, 5000), () => sim.switchvox.injectFault({ kind: 'restorePermissions' }));
    },
  },
  ...(['drop', 'duplicate', 'reorder', 'delay', 'concurrent', 'missingRecId', 'http500'] as const).map((kind) => ({
    name: `telphin.${kind}`,
    inject: ({ sim, random }: FaultContext) =>
      sim.telphin.injectFault({
        kind,
        count: kind === 'concurrent' ? 10 : between(random, 1, kind === 'drop' ? 2 : 3),
        delayMs: kind === 'delay' || kind === 'reorder' ? between(random, 300, 2500) : undefined,
      }),
  })),
  { name: 'telphin.expireTokens', inject: ({ sim }) => sim.telphin.injectFault({ kind: 'expireTokens' }) },
  ...(['drop', 'duplicate', 'delay', 'http500'] as const).map((kind) => ({
    name: `voipnow.${kind}`,
    inject: ({ sim, random }: FaultContext) =>
      sim.voipnow.injectFault({ kind, count: between(random, 1, kind === 'drop' ? 2 : 3), delayMs: kind === 'delay' ? between(random, 300, 2500) : undefined }),
  })),
  { name: 'voipnow.expireTokens', inject: ({ sim }) => sim.voipnow.injectFault({ kind: 'expireTokens' }) },
];

export interface ScheduledFault {
  atMs: number;
  kind: string;
}

/**
 * A seeded schedule over `durationMs`: a fault every 1–2.5 s, cycling through every kind in a freshly
 * shuffled order (so a run of ≥ ~1 minute injects each at least once), and `killCount` kill -9 of
 * Linesight spread over the run (none in the first 10 s or the last 15 s, to have something to lose).
 */
export function buildSchedule(seed: number, durationMs: number, killCount: number): ScheduledFault[] {
  const random = rng(seed);
  const out: ScheduledFault[] = [];
  let deck: string[] = [];
  for (let t = 1000; t < durationMs; t += between(random, 1000, 2500)) {
    if (deck.length === 0) deck = shuffle(FAULT_KINDS.map((k) => k.name), random);
    out.push({ atMs: t, kind: deck.pop()! });
  }
  const span = Math.max(1, durationMs - 25_000);
  for (let i = 0; i < killCount; i++) out.push({ atMs: 10_000 + Math.floor(((i + 0.3 + random() * 0.4) / killCount) * span), kind: 'linesight.kill9' });
  return spaceRestarts(out.sort((a, b) => a.atMs - b.atMs));
}

/**
 * A PBX restart takes longer than the seconds between two draws of the deck. Two seq resets a few
 * seconds apart leave the client a counter that restarted twice from 1, which no reply can tell from
 * one restart (noojee.md §4 rule 5 is the only signal): the second is swapped with the first later
 * fault that keeps RESTART_GAP_MS, so every kind keeps its count.
 */
const RESTART_GAP_MS = 30_000;

function spaceRestarts(items: ScheduledFault[]): ScheduledFault[] {
  let lastAt = -Infinity;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (item.kind !== 'noojee.seqReset') continue;
    if (item.atMs - lastAt < RESTART_GAP_MS) {
      const later = items.findIndex((x, j) => j > i && x.atMs - lastAt >= RESTART_GAP_MS && x.kind !== 'noojee.seqReset' && x.kind !== 'linesight.kill9');
      if (later < 0) continue;
      [item.kind, items[later]!.kind] = [items[later]!.kind, item.kind];
      continue;
    }
    lastAt = item.atMs;
  }
  return items;
}

function shuffle<T>(items: T[], random: () => number): T[] {
  const a = items.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}
