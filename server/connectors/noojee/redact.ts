/**
 * Keeping the apiKey out of every message (DESIGN.md §6, noojee.md §7.1). It travels in the query
 * string, so a server error page or a transport error can echo it back to us.
 */
import { redactUrl } from '@/server/log';

/** A function that masks the key (raw or URL-encoded) and secret query parameters in any text. */
export function createScrubber(apiKey: string): (text: string) => string {
  const forms = [...new Set([apiKey, encodeURIComponent(apiKey), new URLSearchParams({ k: apiKey }).toString().slice(2)])].filter(
    (form) => form.length > 0,
  );
  return (text) => forms.reduce((out, form) => out.split(form).join('[redacted]'), redactUrl(text));
}

export { describeNetworkError } from '../network-error';
