import { z } from 'zod';

export const NOOJEE_METHODS = ['subscribe', 'answer', 'dial', 'hangup', 'start', 'stop'] as const;
export type NoojeeMethod = (typeof NOOJEE_METHODS)[number];

export const FAULT_KINDS = ['http500', 'drop', 'nonjson', 'delay', 'duplicate', 'replay', 'seqReset'] as const;

/**
 * A fault for the next `count` replies (noojee.md §6.10, DESIGN.md §7). `method` narrows it to one
 * API method (default: any for transport faults; duplicate/replay only ever hit `subscribe`).
 * `delayMs`: added latency for `delay`, time before the socket is destroyed for `drop`.
 * `seqBack`: how far `replay` rewinds (default: to the start of retained history).
 * `forMs`: the fault lapses this long after it was injected, used up or not. An outage has a length
 * of its own: without it, faults injected faster than a backing-off client polls would pile up and
 * fail every request for ever (a chaos run's Noojee link was down for 25 of its 30 minutes).
 */
export const ZFaultSpec = z.object({
  kind: z.enum(FAULT_KINDS),
  count: z.number().int().min(1).max(1_000).optional(),
  delayMs: z.number().int().min(0).max(120_000).optional(),
  method: z.enum(NOOJEE_METHODS).optional(),
  seqBack: z.number().int().min(1).optional(),
  forMs: z.number().int().min(1).max(3_600_000).optional(),
});
export type TFaultSpec = z.infer<typeof ZFaultSpec>;

interface Fault {
  spec: TFaultSpec;
  remaining: number;
  /** `Date.now()` after which it lapses (`forMs`); Infinity without. */
  until: number;
}

/** Transport faults decide a request's fate before it is handled. */
export type TransportFault = { kind: 'http500' } | { kind: 'nonjson' } | { kind: 'drop'; afterMs: number } | { kind: 'delay'; ms: number };

/** Pending faults of the Noojee facade, consumed one count per affected reply. */
export class NoojeeFaults {
  private faults: Fault[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  add(spec: TFaultSpec): void {
    this.faults.push({ spec, remaining: spec.count ?? 1, until: spec.forMs === undefined ? Infinity : this.now() + spec.forMs });
  }

  clear(): void {
    this.faults = [];
  }

  list(): (TFaultSpec & { remaining: number })[] {
    this.dropLapsed();
    return this.faults.map((f) => ({ ...f.spec, remaining: f.remaining }));
  }

  /** Takes the first failing fault (500, non-JSON, drop) plus any added delay for this request. */
  takeTransport(method: NoojeeMethod): { fail: TransportFault | null; delayMs: number } {
    const fail = this.take(method, ['http500', 'nonjson', 'drop']);
    const delay = this.take(method, ['delay']);
    const delayMs = delay ? (delay.delayMs ?? 1_000) : 0;
    if (!fail) return { fail: null, delayMs };
    if (fail.kind === 'drop') return { fail: { kind: 'drop', afterMs: fail.delayMs ?? 20 }, delayMs };
    return { fail: { kind: fail.kind as 'http500' | 'nonjson' }, delayMs };
  }

  /** Consumes a `duplicate` or `replay` fault for a subscribe reply. */
  takeSubscribe(kind: 'duplicate' | 'replay'): TFaultSpec | null {
    return this.take('subscribe', [kind]);
  }

  private dropLapsed(): void {
    const now = this.now();
    if (this.faults.some((f) => f.until <= now)) this.faults = this.faults.filter((f) => f.until > now);
  }

  private take(method: NoojeeMethod, kinds: TFaultSpec['kind'][]): TFaultSpec | null {
    this.dropLapsed();
    const fault = this.faults.find((f) => kinds.includes(f.spec.kind) && (f.spec.method === undefined || f.spec.method === method));
    if (!fault) return null;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault.spec;
  }
}
