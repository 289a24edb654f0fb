/**
 * Marks a normaliser remembers for a while (tombstones of ended lines, answered calls), bounded in age
 * and in number, oldest dropped first.
 *
 * Why not a `Map` pruned from its first entry: V8 keeps a deleted entry's slot until the table is
 * rebuilt, and iteration walks over those slots. A map held at its limit by deleting its oldest entry
 * on every insert made each prune walk tens of thousands of dead slots: 40 µs per call at 50,000
 * marks, 11 % of a long Telphin ingest run (BENCHMARKS.md §1). Here the order lives in an array read
 * from a moving head, so a prune costs only the marks it drops.
 */
interface Mark<V> {
  key: string;
  value: V;
  atMs: number;
}

export class ExpiringMarks<V> {
  private readonly byKey = new Map<string, Mark<V>>();
  /** Every mark in the order it was set; entries whose key was set again since are skipped. */
  private order: Mark<V>[] = [];
  private head = 0;

  constructor(
    /** A mark older than this is dropped (Infinity: bounded by number only). */
    private readonly ttlMs: number,
    private readonly limit: number,
    /** Told of each mark the limits drop (not of one deleted or renewed). */
    private readonly onDrop?: (key: string, value: V) => void,
  ) {}

  get size(): number {
    return this.byKey.size;
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  get(key: string): V | undefined {
    return this.byKey.get(key)?.value;
  }

  /**
   * Sets (or renews: it becomes the newest) the mark of `key`, then drops what is too old or too many.
   * `nowMs` matters only with an age limit.
   */
  set(key: string, value: V, nowMs = 0): void {
    const mark = { key, value, atMs: nowMs };
    this.byKey.set(key, mark);
    this.order.push(mark);
    this.prune(nowMs);
  }

  delete(key: string): void {
    // Its entry in `order` is skipped as superseded when the head reaches it.
    this.byKey.delete(key);
  }

  /** Drops marks older than the age limit and the oldest beyond the number limit. */
  prune(nowMs: number): void {
    while (this.head < this.order.length) {
      const mark = this.order[this.head]!;
      const current = this.byKey.get(mark.key) === mark;
      if (current && nowMs - mark.atMs < this.ttlMs && this.byKey.size <= this.limit) break;
      this.head += 1;
      if (current) {
        this.byKey.delete(mark.key);
        this.onDrop?.(mark.key, mark.value);
      }
    }
    // Renewed keys leave superseded entries behind; compact once they are half the array.
    if (this.head > 1024 && this.head * 2 > this.order.length) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
    if (this.order.length - this.head > 2 * this.byKey.size + 1024) {
      this.order = this.order.slice(this.head).filter((mark) => this.byKey.get(mark.key) === mark);
      this.head = 0;
    }
  }
}
