import { z } from 'zod';
import type { LineChange } from './line-tracker';

export const SWITCHVOX_FAULT_KINDS = [
  'drop', 'serverDisconnect', 'delay', 'duplicate', 'reorder', 'internalError', 'revokeDial', 'revokeVisibility', 'restorePermissions',
] as const;

/**
 * A Switchvox fault (switchvox.md §10.8). `drop` / `serverDisconnect` / `revoke*` / `restorePermissions`
 * act at once; `delay`, `duplicate`, `reorder` (notifications) and `internalError` (requests) wait for
 * the next `count` (default 1). `accountId`: whose permissions `revoke*` takes away (required there);
 * on the others it narrows the fault to that account's lines (notifications) or sessions (requests).
 * `delayMs`: added latency for `delay` (default 1000); for `reorder`, how long the first notification
 * waits for a second one of its line before it is sent anyway (default 1000).
 */
export const ZSwitchvoxFaultSpec = z.object({
  kind: z.enum(SWITCHVOX_FAULT_KINDS),
  count: z.number().int().min(1).max(1_000).optional(),
  delayMs: z.number().int().min(0).max(120_000).optional(),
  accountId: z.number().int().min(0).optional(),
});
export type TSwitchvoxFaultSpec = z.infer<typeof ZSwitchvoxFaultSpec>;

type QueuedKind = 'delay' | 'duplicate' | 'reorder' | 'internalError';

interface Fault {
  spec: TSwitchvoxFaultSpec & { kind: QueuedKind };
  remaining: number;
}

interface Held {
  change: LineChange;
  deliver: (change: LineChange) => void;
  timer: NodeJS.Timeout;
}

export const isQueuedKind = (kind: TSwitchvoxFaultSpec['kind']): kind is QueuedKind =>
  kind === 'delay' || kind === 'duplicate' || kind === 'reorder' || kind === 'internalError';

/** Pending notification and request faults; counted per line change that has at least one recipient. */
export class SwitchvoxFaults {
  private faults: Fault[] = [];
  private held: Held | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();

  add(spec: TSwitchvoxFaultSpec & { kind: QueuedKind }): void {
    this.faults.push({ spec, remaining: spec.count ?? 1 });
  }

  list(): (TSwitchvoxFaultSpec & { remaining: number })[] {
    return this.faults.map((f) => ({ ...f.spec, remaining: f.remaining }));
  }

  /** Forgets pending faults; a held (reordered) or delayed notification is still delivered. */
  clear(): void {
    this.faults = [];
    this.flushHeld();
  }

  /** Shutdown: nothing more is delivered. */
  dispose(): void {
    this.faults = [];
    if (this.held) clearTimeout(this.held.timer);
    this.held = null;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** Consumes an `internalError` for a request of a session logged in as `accountId` (or not logged in). */
  takeInternalError(accountId: number | null): boolean {
    return this.take('internalError', accountId) !== null;
  }

  /** Sends one change through the pending notification faults; `deliver` sends it to its recipients. */
  route(change: LineChange, deliver: (change: LineChange) => void): void {
    const held = this.held;
    if (held && held.change.params.uniqueId === change.params.uniqueId) {
      clearTimeout(held.timer);
      this.held = null;
      deliver(change);
      held.deliver(held.change);
      return;
    }
    const reorder = held ? null : this.take('reorder', change.accountId);
    if (reorder) {
      const timer = setTimeout(() => this.flushHeld(), reorder.delayMs ?? 1_000).unref();
      this.held = { change, deliver, timer };
      return;
    }
    const duplicate = this.take('duplicate', change.accountId);
    const delay = this.take('delay', change.accountId);
    const send = () => {
      deliver(change);
      if (duplicate) deliver(change);
    };
    if (!delay) return send();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      send();
    }, delay.delayMs ?? 1_000).unref();
    this.timers.add(timer);
  }

  private flushHeld(): void {
    const held = this.held;
    if (!held) return;
    clearTimeout(held.timer);
    this.held = null;
    held.deliver(held.change);
  }

  private take(kind: QueuedKind, accountId: number | null): TSwitchvoxFaultSpec | null {
    const fault = this.faults.find((f) => f.spec.kind === kind && (f.spec.accountId === undefined || f.spec.accountId === accountId));
    if (!fault) return null;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault.spec;
  }
}
