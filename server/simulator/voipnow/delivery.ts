import { buildHookRequest, sendHookRequest, type HookRequest } from '../telphin/delivery-send';
import type { VoipNowFaults } from './faults';

/** One hook request as the simulator sent (or dropped) it. */
export interface VoipNowDelivery {
  eventId: string;
  extension: string;
  type: string;
  request: HookRequest;
  outcome: 'delivered' | 'timeout' | 'failed' | 'dropped' | 'pending';
  status?: number;
  error?: string;
}

const LOG_SIZE = 2_000;

/**
 * Sends hook requests one at a time in event order (voipnow.md A22: one attempt, 10 s timeout, no retry,
 * no headers beyond the HTTP basics). Faults: `drop`, `duplicate`, `delay` (later requests go ahead).
 */
export class VoipNowDeliveries {
  private chain: Promise<void> = Promise.resolve();
  private pending = 0;
  private waiters: (() => void)[] = [];
  private readonly aborts = new Set<() => void>();
  private readonly records: VoipNowDelivery[] = [];
  private closed = false;

  constructor(
    private readonly faults: VoipNowFaults,
    private readonly timeoutMs: number,
  ) {}

  enqueue(hook: { id: string; extension: string; type: string; url: string; method: string }, params: Record<string, string>): void {
    if (this.closed) return;
    const request = buildHookRequest(hook.url, hook.method === '1' ? 'POST' : 'GET', params);
    const make = (): VoipNowDelivery => {
      const rec: VoipNowDelivery = { eventId: hook.id, extension: hook.extension, type: hook.type, request, outcome: 'pending' };
      this.records.push(rec);
      if (this.records.length > LOG_SIZE) this.records.shift();
      return rec;
    };
    if (this.faults.take('drop')) {
      make().outcome = 'dropped';
      return;
    }
    const copies = this.faults.take('duplicate') ? 2 : 1;
    const delay = this.faults.take('delay');
    for (let i = 0; i < copies; i++) {
      const rec = make();
      this.pending += 1;
      if (delay) {
        const t = setTimeout(() => void this.send(rec).finally(() => this.done()), delay.delayMs ?? 1000);
        this.aborts.add(() => clearTimeout(t));
      } else this.chain = this.chain.then(() => this.send(rec)).finally(() => this.done());
    }
  }

  private async send(rec: VoipNowDelivery): Promise<void> {
    if (this.closed) return;
    const r = await sendHookRequest(rec.request, this.timeoutMs, (abort) => {
      this.aborts.add(abort);
      return () => this.aborts.delete(abort);
    });
    rec.outcome = r.outcome;
    if (r.outcome === 'delivered') rec.status = r.status;
    else rec.error = r.error;
  }

  private done(): void {
    this.pending -= 1;
    if (this.pending === 0) for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves when nothing is queued, delayed or in flight. */
  idle(): Promise<void> {
    return this.pending === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }

  log(): VoipNowDelivery[] {
    return this.records.map((r) => ({ ...r }));
  }

  clearLog(): void {
    this.records.length = 0;
  }

  close(): void {
    this.closed = true;
    for (const abort of this.aborts) abort();
    this.aborts.clear();
    this.pending = 0;
    for (const w of this.waiters.splice(0)) w();
  }
}
