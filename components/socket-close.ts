/** The server closes `/ws` with this code when the session or display behind it is revoked. */
export const AUTH_CLOSE_CODE = 4401;

export type CloseVerdict = 'auth-lost' | 'check-auth' | 'reconnect';

/**
 * What a closed board socket means. A refused handshake reaches the page only as a bare 1006 close
 * (browsers hide the HTTP status), so a socket that never opened asks `GET /api/session` why.
 */
export function closeVerdict(code: number, opened: boolean): CloseVerdict {
  if (code === AUTH_CLOSE_CODE) return 'auth-lost';
  return opened ? 'reconnect' : 'check-auth';
}

/** Wraps an auth check so overlapping calls share one request; `onLost` runs only on a definite no. */
export function oneCheckAtATime(check: () => Promise<boolean>, onLost: () => void): () => void {
  let running = false;
  return () => {
    if (running) return;
    running = true;
    check().then(
      (ok) => {
        running = false;
        if (!ok) onLost();
      },
      () => {
        running = false;
      },
    );
  };
}
