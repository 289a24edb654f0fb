import v8 from 'node:v8';

/** Share of the live heap V8 may allocate again before its next full collection (V8 picks 10–300 %). */
export const HEAP_GROWING_PERCENT = 50;

/**
 * Caps how far the old generation grows past the live heap before a full collection. V8 sizes that
 * step by its GC and allocation speeds, up to 4× the live heap: on Linesight's ≈ 60 MB live heap it
 * let garbage fill the old space to 220 MB and RSS peak at 393 MB over a busy hour (BENCHMARKS.md,
 * benchmark 5). A fixed factor bounds the peaks without a hard heap limit, which would turn a busy
 * account with a larger live heap into an out-of-memory crash. V8 reads the flag at every collection,
 * so setting it once the process runs is enough.
 */
export function capHeapGrowth(percent = HEAP_GROWING_PERCENT): void {
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
