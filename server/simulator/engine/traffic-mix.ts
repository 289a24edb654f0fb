import type { Directory, Site } from './directory';
import type { Rng } from './random';
import type { FarEndPlan } from './types';

/** One call the traffic generator is about to place, and how long its caller will wait for an answer. */
export interface PlannedCall {
  from: string;
  to: string;
  site: Site;
  /** `intercom`: the destination phone auto-answers (site B only). */
  kind: 'normal' | 'intercom';
  farEnd?: FarEndPlan;
  callerName?: string;
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

/** North-American outside numbers for the Switchvox site (Switchvox's home is San Diego, 858). */
function usNumber(rng: Rng): string {
  return `${rng.pick(['858', '619', '760'])}555${digits(rng, 4)}`;
}

/** Russian outside numbers for the Telphin site (telphin.md §5.2: `+7…` as the PBX reports them). */
function ruNumber(rng: Rng): string {
  return rng.chance(0.7) ? `+79${rng.pick(['16', '03', '26', '85'])}${digits(rng, 7)}` : `+7495${digits(rng, 7)}`;
}

/** Romanian outside numbers for the VoipNow site, in the `0040…` form of voipnow.md §3.4. */
function roNumber(rng: Rng): string {
  return rng.chance(0.6) ? `00407${rng.pick(['21', '22', '45', '88'])}${digits(rng, 6)}` : `004021${digits(rng, 7)}`;
}

// Caller-ID names some outside callers of site C send (UTF-8 Cyrillic, telphin.md §5.1).
const RU_CALLER_NAMES = ['Ирина Васильева', 'Олег Смирнов', 'ООО «Ромашка»', 'Николай Орлов'];

// Caller-ID names some outside callers of site B send; accents on purpose (switchvox.md §6.3).
const CALLER_NAMES = ['Renée Faure', 'Jürgen Groß', 'Ana Conceição', 'Søren Kierkegaard', 'Mary Smith', 'Chidi Anagonye'];

/** The part of the directory on one site. */
function siteView(dir: Directory, site: Site): Directory {
  return {
    phones: dir.phones.filter((p) => p.site === site),
    queues: dir.queues.filter((q) => q.site === site),
    ivrs: dir.ivrs.filter((i) => i.site === site),
    conferences: dir.conferences.filter((c) => c.site === site),
  };
}

/**
 * The traffic mix: every call stays inside one site (each site is its own PBX). Mostly outside callers
 * into the queues (direct or via the IVR), some direct dial-ins, internal calls and outbound calls whose
 * far end answers, is busy or never answers; on site B also intercom calls and the conference bridge;
 * site C sends a larger share to its queue.
 */
export function planCall(rng: Rng, all: Directory, isIdle: (extension: string) => boolean): PlannedCall | null {
  const sites = [...new Set(all.phones.map((p) => p.site))].sort();
  const site = sites.length > 1 ? rng.weighted(Object.fromEntries(sites.map((s) => [s, all.phones.filter((p) => p.site === s).length])) as Record<Site, number>) : sites[0];
  if (site === undefined) return null;
  const dir = siteView(all, site);
  const outside = () => (site === 'A' ? externalNumber(rng) : site === 'B' ? usNumber(rng) : site === 'C' ? ruNumber(rng) : roNumber(rng));
  const callerName = () => {
    if (site === 'B' && rng.chance(0.5)) return rng.pick(CALLER_NAMES);
    return site === 'C' && rng.chance(0.3) ? rng.pick(RU_CALLER_NAMES) : undefined;
  };
  const phones = dir.phones.map((p) => p.number);
  const hasPhones = phones.length > 1 ? 1 : 0;
  // Site C is an order desk: most calls queue for its agents, so the wallboard shows callers waiting.
  const busyDesk = site === 'C';
  const kind = rng.weighted({
    queue: dir.queues.length > 0 ? (busyDesk ? 60 : 40) : 0,
    ivr: dir.ivrs.length > 0 ? 20 : 0,
    direct: (busyDesk ? 6 : 10) * hasPhones,
    internal: (busyDesk ? 5 : 15) * hasPhones,
    outbound: (busyDesk ? 9 : 15) * hasPhones,
    intercom: site === 'B' ? 4 * hasPhones : 0,
    conference: dir.conferences.length > 0 ? 4 : 0,
  });
  switch (kind) {
    case 'queue':
      return { site, kind: 'normal', from: outside(), to: rng.pick(dir.queues).number, callerName: callerName(), patienceMs: rng.between(30_000, 180_000) };
    case 'ivr':
      return { site, kind: 'normal', from: outside(), to: rng.pick(dir.ivrs).number, callerName: busyDesk ? callerName() : undefined, patienceMs: rng.between(40_000, 200_000) };
    case 'direct':
      return { site, kind: 'normal', from: outside(), to: rng.pick(phones), callerName: callerName(), patienceMs: rng.between(10_000, 40_000) };
    case 'conference': {
      // Mostly colleagues joining from their desk phones, now and then someone from outside.
      const idle = phones.filter(isIdle);
      const from = idle.length > 0 && rng.chance(0.75) ? rng.pick(idle) : outside();
      return { site, kind: 'normal', from, to: rng.pick(dir.conferences).number, callerName: callerName(), patienceMs: 60_000 };
    }
    default: {
      const idle = phones.filter(isIdle);
      if (idle.length === 0) return null;
      const from = rng.pick(idle);
      if (kind === 'internal' || kind === 'intercom') {
        // People mostly call colleagues who look free (presence lamps); the rest may hit Busy.
        const free = idle.filter((p) => p !== from);
        const pool = free.length > 0 && rng.chance(0.75) ? free : phones.filter((p) => p !== from);
        return { site, kind: kind === 'intercom' ? 'intercom' : 'normal', from, to: rng.pick(pool), patienceMs: rng.between(10_000, 30_000) };
      }
      const outcome = rng.weighted({ answer: 70, busy: 10, no_answer: 20 });
      const afterMs = outcome === 'answer' ? rng.between(3_000, 15_000) : outcome === 'busy' ? rng.between(1_500, 4_000) : null;
      return { site, kind: 'normal', from, to: outside(), farEnd: { outcome, afterMs }, patienceMs: rng.between(20_000, 45_000) };
    }
  }
}
