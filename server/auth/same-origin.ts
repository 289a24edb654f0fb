/**
 * CSRF defence (issue 3 §4): a state-changing request must carry an `Origin` naming this server.
 * Browsers always send Origin on cross-origin requests and on same-origin non-GET fetches, so a
 * missing one on a mutation is refused too. `allowMissing` is for WebSocket handshakes from
 * non-browser clients, which carry no ambient cookie to abuse.
 */
export function isSameOrigin(origin: string | null | undefined, host: string | null | undefined, options: { allowMissing: boolean }): boolean {
  if (!origin) return options.allowMissing;
  if (!host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
