/**
 * Keeping the apiKey out of every message (DESIGN.md §6, noojee.md §7.1). It travels in the query
 * string, so a server error page or a transport error can echo it back to us.
 */
import { scrubSecrets } from '../scrub-secrets';

/** A function that masks the key (raw or URL-encoded) and secret query parameters in any text. */
export function createScrubber(apiKey: string): (text: string) => string {
  return (text) => scrubSecrets(text, [apiKey]);
}

export { describeNetworkError } from '../network-error';
