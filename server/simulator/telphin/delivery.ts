import { buildHookRequest, sendHookRequest, type HookRequest } from './delivery-send';
import type { TelphinFaults } from './faults';
import type { TelphinHook } from './hooks';
import type { TelphinExtension } from './tenant';

/** One hook request as the simulator's own log keeps it (full URL: this log is for tests). */
export interface DeliveryRecord {
  seq: number;
  /** ISO time the request was queued. */
  at: string;
  hookId: number;
  extensionId: number;
  extension: string;
  eventType: string;
  method: 'GET' | 'POST';
  url: string;
  body: string | null;
  params: Record<string, string>;
  /** The engine's call id (the control API's callId) of the event. */
  uniqueCallId: string;
  outcome: 'pending' | 'delivered' | 'timeout' | 'failed' | 'dropped';
  status: number | null;
  error: string | null;
  /** Delivery faults that touched this request. */
  faults: string[];
}

interface Job {
  record: DeliveryRecord;
  request: HookRequest;
}

const LOG_SIZE = 1_000;
/** Requests waiting behind a receiver that never answers; beyond this the newest are given up. */
const QUEUE_LIMIT = 5_000;

/**
 * Sends hook requests one at a time in event order (each waits for the previous answer or its timeout),
 * applying the delivery faults; at most once, never retried (telphin.md §9 #11).
 */
export class HookDelivery {
  private readonly queue: Job[] = [];
  private readonly records: DeliveryRecord[] = [];
  private busy = false;
  private parallel = 0;
  private outside = 0;
  private held: { job: Job; timer: NodeJS.Timeout } | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly aborts = new Set<() => void>();
  private waiters: (() => void)[] = [];
  private seq = 0;
  private closed = false;

  constructor(
    private readonly faults: TelphinFaults,
    private readonly timeoutMs: number,
  ) {}

  /** Queues one request of `hook` for an event of `owner`. */
  enqueue(hook: TelphinHook, owner: TelphinExtension, params: Record<string, string>, uniqueCallId: string): void {
    if (this.closed) return;
    const request = buildHookRequest(hook.url, hook.method, params);
    const record: DeliveryRecord = {
      seq: ++this.seq, at: new Date().toISOString(), hookId: hook.id, extensionId: owner.id, extension: owner.name,
      eventType: params.EventType ?? '', method: hook.method, url: request.url, body: request.body, params, uniqueCallId,
      outcome: 'pending', status: null, error: null, faults: [],
    };
    this.remember(record);
    if (this.queue.length >= QUEUE_LIMIT) {
      record.outcome = 'dropped';
      record.error = 'delivery queue full';
      return;
    }
    this.queue.push({ record, request });
    this.pump();
  }

  log(): DeliveryRecord[] {
    return [...this.records];
  }

  clearLog(): void {
    this.records.length = 0;
  }

  /** Resolves once nothing is queued, held, delayed or in flight. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Drops everything pending and aborts requests in flight. */
  close(): void {
    this.closed = true;
    this.queue.length = 0;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (this.held) clearTimeout(this.held.timer);
    this.held = null;
    for (const abort of [...this.aborts]) abort();
    this.outside = 0;
    this.settle();
  }

  private pump(): void {
    while (!this.busy && this.queue.length > 0) {
      const job = this.queue.shift();
      if (!job) break;
      this.dispatch(job);
    }
    this.settle();
  }

  private dispatch(job: Job): void {
    const { record } = job;
    if (this.faults.take('drop')) {
      record.faults.push('drop');
      record.outcome = 'dropped';
      return;
    }
    const delay = this.faults.take('delay');
    if (delay) {
      record.faults.push('delay');
      this.outside += 1;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        void this.send(job).then(() => this.leaveOutside());
      }, delay.delayMs ?? 1_000);
      this.timers.add(timer);
      return;
    }
    if (this.held) {
      // Reorder: the newer request goes first, the held one right behind it.
      const { job: first, timer } = this.held;
      clearTimeout(timer);
      this.held = null;
      this.queue.unshift(first);
    } else {
      const reorder = this.faults.take('reorder');
      if (reorder) {
        record.faults.push('reorder');
        const timer = setTimeout(() => {
          if (this.held?.job !== job) return;
          this.held = null;
          this.queue.unshift(job);
          this.pump();
        }, reorder.delayMs ?? 1_000);
        this.held = { job, timer };
        return;
      }
    }
    if (this.faults.take('duplicate')) {
      record.faults.push('duplicate');
      const copy: DeliveryRecord = { ...record, seq: ++this.seq, faults: ['duplicate-copy'], outcome: 'pending' };
      this.remember(copy);
      this.queue.unshift({ record: copy, request: job.request });
    }
    if (this.parallel === 0 && this.faults.take('concurrent')) this.parallel = 1 + this.countConcurrent();
    if (this.parallel > 0) {
      this.parallel -= 1;
      record.faults.push('concurrent');
      this.outside += 1;
      void this.send(job).then(() => this.leaveOutside());
      return;
    }
    this.busy = true;
    void this.send(job).then(() => {
      this.busy = false;
      this.pump();
    });
  }

  /** A `concurrent` fault of count n covers the next n requests: the first plus n − 1 more. */
  private countConcurrent(): number {
    let extra = 0;
    while (this.faults.take('concurrent')) extra += 1;
    return extra;
  }

  private async send(job: Job): Promise<void> {
    if (this.closed) return;
    const result = await sendHookRequest(job.request, this.timeoutMs, (abort) => {
      this.aborts.add(abort);
      return () => this.aborts.delete(abort);
    });
    job.record.outcome = result.outcome;
    if (result.outcome === 'delivered') job.record.status = result.status;
    else job.record.error = result.error;
  }

  private leaveOutside(): void {
    this.outside = Math.max(0, this.outside - 1);
    this.settle();
  }

  private isIdle(): boolean {
    return this.closed || (this.queue.length === 0 && !this.busy && this.outside === 0 && this.held === null);
  }

  private settle(): void {
    if (!this.isIdle()) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private remember(record: DeliveryRecord): void {
    this.records.push(record);
    if (this.records.length > LOG_SIZE) this.records.shift();
  }
}
