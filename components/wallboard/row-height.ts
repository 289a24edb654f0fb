/**
 * The one height every windowed row is given: the tallest row measured since the column count last
 * changed, never less. A tile gaining a call line then fits inside its row instead of growing it, so
 * a burst of rings does not move every row below (a full-document layout each frame, BENCHMARKS.md
 * §3); only a tile taller than any seen before grows them all, once.
 */
export class RowHeight {
  private columns = 0;
  private tallest = 0;

  constructor(private readonly estimatePx: number) {}

  /** The height rows are held at, for `columns` columns. */
  current(columns: number): number {
    if (columns !== this.columns) {
      // Wider or narrower tiles wrap their text differently: what was tallest no longer holds.
      this.columns = columns;
      this.tallest = 0;
    }
    return Math.max(this.tallest, this.estimatePx);
  }

  /** A row measured at `px`; true when that raised the height every row is held at. */
  measured(columns: number, px: number): boolean {
    const before = this.current(columns);
    if (px > this.tallest) this.tallest = px;
    return this.current(columns) > before;
  }
}
