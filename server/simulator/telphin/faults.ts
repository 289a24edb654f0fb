import { z } from 'zod';

export const TELPHIN_FAULT_KINDS = ['drop', 'duplicate', 'reorder', 'delay', 'concurrent', 'missingRecId', 'http500', 'expireTokens'] as const;
export type TelphinFaultKind = (typeof TELPHIN_FAULT_KINDS)[number];

/**
 * A Telphin fault (telphin.md §10.8). Delivery faults count hook requests: `drop` (not sent), `duplicate`
 * (sent twice), `reorder` (held until the next one is sent, then sent; sent anyway after `delayMs`,
 * default 1000), `delay` (sent after `delayMs`, default 1000, while later ones go ahead), `concurrent`
 * (sent without waiting for the previous answer; default count 10). `missingRecId` counts hangup events
 * that would carry `RecID`; `http500` counts REST requests. `expireTokens` acts at once.
 */
export const ZTelphinFaultSpec = z.object({
  kind: z.enum(TELPHIN_FAULT_KINDS),
  count: z.number().int().min(1).max(1_000).optional(),
  delayMs: z.number().int().min(0).max(120_000).optional(),
});
export type TTelphinFaultSpec = z.infer<typeof ZTelphinFaultSpec>;
export type TelphinFaultEntry = TTelphinFaultSpec & { remaining: number };

interface Fault {
  spec: TTelphinFaultSpec;
  remaining: number;
}

/** Pending faults of the Telphin facade, each consumed one count at a time. */
export class TelphinFaults {
  private faults: Fault[] = [];

  add(spec: TTelphinFaultSpec): void {
    const count = spec.count ?? (spec.kind === 'concurrent' ? 10 : 1);
    this.faults.push({ spec, remaining: count });
  }

  clear(): void {
    this.faults = [];
  }

  list(): TelphinFaultEntry[] {
    return this.faults.map((f) => ({ ...f.spec, remaining: f.remaining }));
  }

  /** Consumes one count of the oldest fault of `kind`. */
  take(kind: TelphinFaultKind): TTelphinFaultSpec | null {
    const fault = this.faults.find((f) => f.spec.kind === kind);
    if (!fault) return null;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault.spec;
  }
}
