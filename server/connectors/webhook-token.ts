import { createHmac } from 'node:crypto';

/**
 * The secret a connection's hook URLs carry. Derived from the connection's own API secret, so it
 * survives restarts without being stored, and rotates (making old hooks stale, telphin.md §11.10)
 * when that secret is rotated.
 */
export function deriveWebhookToken(apiSecret: string, connectionId: string): string {
  return createHmac('sha256', apiSecret).update(`linesight-webhook:${connectionId}`).digest('base64url');
}

/** `${publicUrl}/hooks/{connectionId}/{event}?token=…` (DESIGN.md §5). */
export function webhookUrl(publicUrl: string, connectionId: string, event: string, token: string): string {
  // Appended, not resolved: a PUBLIC_URL with a path (behind a proxy) must keep it.
  const url = new URL(`${publicUrl.replace(/\/+$/, '')}/hooks/${encodeURIComponent(connectionId)}/${encodeURIComponent(event)}`);
  url.searchParams.set('token', token);
  return url.toString();
}
