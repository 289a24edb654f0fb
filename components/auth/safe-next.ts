const BASE = 'http://linesight.invalid';

/**
 * Where to go after signing in: `next` only when it is a path on this site, otherwise `/`. A `//host`
 * or `/\host` path would be read by the browser as another site (an open redirect).
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//')) return '/';
  // Browsers treat `\` like `/` and drop tabs and newlines inside URLs, so either could smuggle in `//`.
  if (/[\\\u0000-\u001f\u007f]/.test(next)) return '/';
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return '/';
  }
  if (url.origin !== BASE) return '/';
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Back to the sign-in page would be a loop.
  return url.pathname === '/login' ? '/' : path;
}

/** The sign-in page, coming back to `next` afterwards. */
export function signInPath(next: string): string {
  const back = safeNext(next);
  return back === '/' ? '/login?next=%2F' : `/login?next=${encodeURIComponent(back)}`;
}

/**
 * A full page load rather than a client-side push, whenever the session changes (sign in, sign out,
 * session lost): it drops every cached query and the board socket of the old session, and the server
 * checks the cookie on the page request itself.
 */
export function loadPage(path: string): void {
  window.location.assign(path);
}

let signingOut = false;

/**
 * Set while the user signs out: the server closes the board socket (4401) before its 204 arrives,
 * and that "session lost" must not race the sign-out's own trip to /login.
 */
export function setSigningOut(on: boolean): void {
  signingOut = on;
}

/** Off to sign in, coming back here (or to `next`) afterwards. */
export function redirectToSignIn(next = `${window.location.pathname}${window.location.search}`): void {
  if (!signingOut) loadPage(signInPath(next));
}
