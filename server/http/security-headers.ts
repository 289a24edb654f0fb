import type { ServerResponse } from 'node:http';

/**
 * Headers every response carries. Next's runtime needs inline scripts and styles, hence
 * 'unsafe-inline' (a nonce-based CSP is the next step once sign-in lands).
 */
export function setSecurityHeaders(res: ServerResponse, dev: boolean): void {
  const script = dev ? "'self' 'unsafe-inline' 'unsafe-eval'" : "'self' 'unsafe-inline'";
  res.setHeader(
    'Content-Security-Policy',
    `default-src 'self'; script-src ${script}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'`,
  );
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
}
