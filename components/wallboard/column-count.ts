// The full grid's `repeat(auto-fill, minmax(11rem, 1fr))` with `gap-2.5`, in rem.
const TILE_MIN_REM = 11;
const GAP_REM = 0.625;

/** The column count `auto-fill` would give this width, so windowed rows line up like the full grid. */
export function columnCount(widthPx: number, remPx: number): number {
  const gap = GAP_REM * remPx;
  return Math.max(1, Math.floor((widthPx + gap) / (TILE_MIN_REM * remPx + gap)));
}
