/**
 * Time source of the call engine. Injectable so unit tests drive every ring timeout, IVR hold and
 * traffic arrival deterministically (DESIGN.md §7: "an injectable clock").
 */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(h: unknown): void;
}

/** Wall-clock time and Node timers; unref'd so a pending ring timer never keeps a process alive. */
export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

interface ManualTimer {
  id: number;
  at: number;
  fn: () => void;
}

/** A clock that only moves when told to; timers due at the same instant fire in creation order. */
export class ManualClock implements Clock {
  private time: number;
  private nextId = 1;
  private readonly timers = new Map<number, ManualTimer>();

  /** Starts at a fixed instant so uniqueCallIds (`<epoch>.<counter>`) are reproducible. */
  constructor(start = Date.UTC(2024, 5, 3, 0, 0, 0)) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { id, at: this.time + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(h: unknown): void {
    if (typeof h === 'number') this.timers.delete(h);
  }

  /** Moves time forward, firing every timer that falls due (including ones those timers create). */
  advance(ms: number): void {
    const target = this.time + ms;
    for (let timer = this.due(target); timer; timer = this.due(target)) {
      this.timers.delete(timer.id);
      this.time = timer.at;
      timer.fn();
    }
    this.time = target;
  }

  /** Number of timers not yet fired. */
  get pending(): number {
    return this.timers.size;
  }

  private due(limit: number): ManualTimer | undefined {
    let best: ManualTimer | undefined;
    for (const t of this.timers.values()) {
      if (t.at > limit) continue;
      if (!best || t.at < best.at || (t.at === best.at && t.id < best.id)) best = t;
    }
    return best;
  }
}
