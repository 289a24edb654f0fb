import type { TDisplay } from '@/lib/auth-types';

/** Newest first, as the server lists them. */
export function withDisplay(list: readonly TDisplay[], display: TDisplay): TDisplay[] {
  return [display, ...list.filter((d) => d.id !== display.id)].sort((a, b) => b.id - a.id);
}

/** The optimistic view of a revoke: stamped now, until the server's own time replaces it. */
export function markRevoked(list: readonly TDisplay[], id: number, nowIso: string): TDisplay[] {
  return list.map((d) => (d.id === id && d.revokedAt === null ? { ...d, revokedAt: nowIso } : d));
}

/**
 * The kiosk link as a full address to paste into a TV's browser. The server may answer a path or an
 * absolute URL; either resolves against this page's origin.
 */
export function absoluteUrl(url: string, origin: string): string {
  try {
    return new URL(url, origin).href;
  } catch {
    return url;
  }
}
