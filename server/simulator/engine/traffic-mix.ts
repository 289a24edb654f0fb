import type { Directory } from './directory';
import type { Rng } from './random';
import type { FarEndPlan } from './types';

/** One call the traffic generator is about to place, and how long its caller will wait for an answer. */
export interface PlannedCall {
  from: string;
  to: string;
  farEnd?: FarEndPlan;
  patienceMs: number;
}

function digits(rng: Rng, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += String(rng.int(0, 9));
  return out;
}

/** Australian-looking outside numbers (Noojee is an Australian PBX): mobiles 04…, landlines 0[2378]…. */
export function externalNumber(rng: Rng): string {
  if (rng.chance(0.55)) return `04${digits(rng, 8)}`;
  return `${rng.pick(['02', '03', '07', '08'])}${digits(rng, 8)}`;
}

/**
 * The traffic mix: mostly outside callers into the queues (direct or via the IVR), some direct
 * dial-ins, internal calls and outbound calls whose far end answers, is busy or never answers.
 */
export function planCall(rng: Rng, dir: Directory, isIdle: (extension: string) => boolean): PlannedCall | null {
  const phones = dir.phones.map((p) => p.number);
  const hasPhones = phones.length > 1 ? 1 : 0;
  const kind = rng.weighted({
    queue: dir.queues.length > 0 ? 40 : 0,
    ivr: dir.ivrs.length > 0 ? 20 : 0,
    direct: 10 * hasPhones,
    internal: 15 * hasPhones,
    outbound: 15 * hasPhones,
  });
  switch (kind) {
    case 'queue':
      return { from: externalNumber(rng), to: rng.pick(dir.queues).number, patienceMs: rng.between(30_000, 180_000) };
    case 'ivr':
      return { from: externalNumber(rng), to: rng.pick(dir.ivrs).number, patienceMs: rng.between(40_000, 200_000) };
    case 'direct':
      return { from: externalNumber(rng), to: rng.pick(phones), patienceMs: rng.between(10_000, 40_000) };
    default: {
      const idle = phones.filter(isIdle);
      if (idle.length === 0) return null;
      const from = rng.pick(idle);
      if (kind === 'internal') {
        // People mostly call colleagues who look free (presence lamps); the rest may hit Busy.
        const free = idle.filter((p) => p !== from);
        const pool = free.length > 0 && rng.chance(0.75) ? free : phones.filter((p) => p !== from);
        return { from, to: rng.pick(pool), patienceMs: rng.between(10_000, 30_000) };
      }
      const outcome = rng.weighted({ answer: 70, busy: 10, no_answer: 20 });
      const afterMs = outcome === 'answer' ? rng.between(3_000, 15_000) : outcome === 'busy' ? rng.between(1_500, 4_000) : null;
      return { from, to: externalNumber(rng), farEnd: { outcome, afterMs }, patienceMs: rng.between(20_000, 45_000) };
    }
  }
}
