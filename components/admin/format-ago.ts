import { formatWhen } from './format-when';

/** How long ago, in the short words a status table wants (`12 s ago`); past a day, the date itself. */
export function formatAgo(iso: string | null, nowMs: number): string | null {
  if (iso === null) return null;
  const at = new Date(iso).getTime();
  if (Number.isNaN(at)) return iso;
  // A server clock slightly ahead of this one would otherwise read as "in 2 s".
  const seconds = Math.max(0, Math.round((nowMs - at) / 1000));
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return formatWhen(iso);
}
