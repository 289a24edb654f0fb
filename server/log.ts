import pino from 'pino';
import { logLevelFromEnv } from './env';

/** Query-string and JSON keys whose values are secrets: never logged (DESIGN.md §6). */
export const SECRET_KEYS = ['apiKey', 'password', 'clientSecret', 'token', 'hash', 'access_token', 'secret'] as const;

const redactPaths = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

/** The process-wide logger; secrets are censored by key wherever they appear in a log object. */
export const logger = pino({
  level: logLevelFromEnv(),
  redact: { paths: redactPaths, censor: '[redacted]' },
  base: undefined,
});

const secretParam = new RegExp(`([?&](?:${SECRET_KEYS.join('|')})=)[^&#]*`, 'gi');

/** A URL fit for a log line: secret query parameters (Noojee's apiKey travels in the URL) masked. */
export function redactUrl(url: string): string {
  return url.replace(secretParam, '$1[redacted]');
}
