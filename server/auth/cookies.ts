export const SESSION_COOKIE = 'ls_session';
export const DISPLAY_COOKIE = 'ls_display';

/** Cookie values by name from a `Cookie` header (first occurrence wins). */
export function parseCookies(header: string | null | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (cookies.has(name)) continue;
    // A malformed %-escape made decodeURIComponent throw a URIError: every guarded route answered
    // 500 and a WebSocket upgrade threw in the server's listener (found by fuzz/). Such a cookie is
    // not one of ours; skip it.
    try {
      cookies.set(name, decodeURIComponent(part.slice(eq + 1).trim()));
    } catch {
      continue;
    }
  }
  return cookies;
}

/**
 * A `Set-Cookie` value. HttpOnly always; SameSite=Lax so a kiosk link opened from elsewhere still
 * works, with cross-site writes stopped by the Origin check (server/auth/same-origin.ts).
 */
export function cookie(name: string, value: string, options: { maxAgeS: number; secure: boolean }): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${options.maxAgeS}`];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}
