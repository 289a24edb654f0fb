'use client';

/**
 * One 1 s ticker for the whole page. Timers subscribe through `useNow`, so each second re-renders
 * only the small counters, never the (memoised) tiles around them.
 */
import { useSyncExternalStore } from 'react';

let now = 0;
let serverOffsetMs = 0;
let timer: ReturnType<typeof setInterval> | undefined;
const listeners = new Set<() => void>();

function tick(): void {
  now = Date.now() + serverOffsetMs;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === undefined) {
    now = Date.now() + serverOffsetMs;
    timer = setInterval(tick, 1_000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

const getSnapshot = (): number => now;
// Server render and hydration have no clock: 0 means "unknown" and counters render blank.
const getServerSnapshot = (): number => 0;

/** Current time on the server's clock in ms (0 before hydration), updated once a second. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
}

/**
 * Records how far the browser's clock is from the server's (`since` fields are server time).
 * Offsets within the HTTP Date header's 1 s resolution are noise and ignored.
 */
export function setServerClockOffset(offsetMs: number): void {
  serverOffsetMs = Math.abs(offsetMs) > 1_500 ? offsetMs : 0;
  now = Date.now() + serverOffsetMs;
}
