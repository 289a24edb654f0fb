import { createHmac } from 'node:crypto';

/**
 * The secret a connection's hook URLs carry. Derived from the connection's own API secret, so it
 * survives restarts without being stored, and rotates (making old hooks stale, telphin.md §11.10)
 * when that secret is rotated.
 */
export function deriveWebhookToken(apiSecret: string, connectionId: string): string {
  return createHmac('sha256', apiSecret).update(`linesight-webhook:${connectionId}`).digest('base64url');
}

/** The query parameter naming the extension a hook of ours sits on (for per-hook delivery health). */
export const HOOK_EXTENSION_PARAM = 'ext';

/**
 * `${publicUrl}/hooks/{connectionId}/{event}?token=…&ext=…` (DESIGN.md §5). `extension` is how the
 * vendor's hook API addresses the hook's owner: neither vendor says in its request which hook fired.
 */
export function webhookUrl(publicUrl: string, connectionId: string, event: string, token: string, extension?: string): string {
  // Appended, not resolved: a PUBLIC_URL with a path (behind a proxy) must keep it.
  const url = new URL(`${publicUrl.replace(/\/+$/, '')}/hooks/${encodeURIComponent(connectionId)}/${encodeURIComponent(event)}`);
  url.searchParams.set('token', token);
  if (extension !== undefined) url.searchParams.set(HOOK_EXTENSION_PARAM, extension);
  return url.toString();
}
