import { z } from 'zod';

export const VOIPNOW_FAULT_KINDS = ['drop', 'duplicate', 'delay', 'http500', 'expireTokens'] as const;
export type VoipNowFaultKind = (typeof VOIPNOW_FAULT_KINDS)[number];

/**
 * A VoipNow fault: `drop` (a hook request is not sent), `duplicate` (sent twice), `delay` (sent after
 * `delayMs`, default 1000, while later ones go ahead) count hook requests; `http500` counts UAPI / OAuth
 * requests (500 `internal_server_error`); `expireTokens` revokes every token at once.
 */
export const ZVoipNowFaultSpec = z.object({
  kind: z.enum(VOIPNOW_FAULT_KINDS),
  count: z.number().int().min(1).max(1_000).optional(),
  delayMs: z.number().int().min(0).max(120_000).optional(),
});
export type TVoipNowFaultSpec = z.infer<typeof ZVoipNowFaultSpec>;
export type VoipNowFaultEntry = TVoipNowFaultSpec & { remaining: number };

/** Pending faults, each consumed one count at a time. */
export class VoipNowFaults {
  private faults: VoipNowFaultEntry[] = [];

  add(spec: TVoipNowFaultSpec): void {
    this.faults.push({ ...spec, remaining: spec.count ?? 1 });
  }

  clear(): void {
    this.faults = [];
  }

  list(): VoipNowFaultEntry[] {
    return this.faults.map((f) => ({ ...f }));
  }

  take(kind: VoipNowFaultKind): VoipNowFaultEntry | null {
    const fault = this.faults.find((f) => f.kind === kind);
    if (!fault) return null;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault;
  }
}
