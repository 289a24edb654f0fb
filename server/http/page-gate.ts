import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthService } from '@/server/auth/auth-service';
import { DISPLAY_COOKIE, parseCookies } from '@/server/auth/cookies';
import { REMOTE_ADDRESS_HEADER } from '@/server/auth/guard';

/** Paths that are not pages: route handlers guard themselves, assets and sign-in are open. */
const OPEN_PREFIXES = ['/api/', '/_next/', '/kiosk/', '/hooks/', '/login', '/metrics', '/favicon'];

/**
 * Runs before Next for every request: stamps the caller's address (overwriting any client-sent
 * value) and sends page requests without a session to the sign-in page. Returns true when it
 * answered the request itself. The API's own guard (server/auth/guard.ts) is the real check;
 * this spares a signed-out user a page that can only show errors.
 */
export function gatePage(req: IncomingMessage, res: ServerResponse, auth: AuthService): boolean {
  req.headers[REMOTE_ADDRESS_HEADER] = req.socket.remoteAddress ?? 'unknown';
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  if (req.method !== 'GET' || OPEN_PREFIXES.some((prefix) => path.startsWith(prefix)) || /\.[a-z0-9]+$/i.test(path)) return false;
  const principal = auth.principalFromCookies(req.headers.cookie);
  if (!principal) {
    res.writeHead(302, { Location: `/login?next=${encodeURIComponent(req.url ?? '/')}` }).end();
    return true;
  }
  if ((path.startsWith('/admin') && principal.role !== 'admin') || (path.startsWith('/profile') && principal.kind !== 'user')) {
    res.writeHead(403, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>Not allowed</title><body style="background:#020617;color:#e2e8f0;font:20px system-ui;padding:3rem"><h1>Not for this account</h1><p><a style="color:#7dd3fc" href="/">Back to the board</a></p>');
    return true;
  }
  // Browsers cap cookie lifetimes (400 days): renew a display's on every load so it never lapses.
  if (principal.kind === 'display') {
    const token = parseCookies(req.headers.cookie).get(DISPLAY_COOKIE);
    if (token) res.setHeader('Set-Cookie', auth.displayCookie(token));
  }
  return false;
}
