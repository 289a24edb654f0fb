'use client';

import { useNow } from '../clock';
import { formatDuration, secondsSince } from './format';

/** A live `m:ss` counter from `since`, driven by the page's one shared ticker. */
export function Elapsed({ since, className }: { since: string; className?: string }) {
  const seconds = secondsSince(since, useNow());
  return (
    <time dateTime={since} className={`tabular-nums ${className ?? ''}`}>
      {seconds === null ? '\u00a0' : formatDuration(seconds)}
    </time>
  );
}
