import { redactUrl } from '@/server/log';

/**
 * Masks every form a secret may take in a text — raw, percent-encoded, form-encoded — plus secret
 * query parameters. A server's error page or a transport error can echo a key or token back to us,
 * and what we then log or show must not carry it (DESIGN.md §6). The set is read on every call, so
 * tokens added later (an OAuth access token) are masked too.
 */
export function scrubSecrets(text: string, secrets: Iterable<string>): string {
  let out = redactUrl(text);
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    for (const form of new Set([secret, encodeURIComponent(secret), new URLSearchParams({ k: secret }).toString().slice(2)])) {
      out = out.split(form).join('[redacted]');
    }
  }
  return out;
}
