import type { IncomingMessage } from 'node:http';
import { readBody } from '../http-util';

/**
 * Parameters from the query string and a form body, the body winning on conflict (A1). Names stay
 * case-sensitive (§1.2); unknown ones (`instanceId`, `xDebugArg`, a `--data none` body) are simply
 * never read.
 */
export async function requestParams(req: IncomingMessage, url: URL): Promise<URLSearchParams> {
  const params = new URLSearchParams(url.searchParams);
  const type = req.headers['content-type'] ?? '';
  const body = await readBody(req);
  if (body.length === 0 || type.includes('json')) return params;
  const form = new URLSearchParams(body);
  for (const name of new Set(form.keys())) {
    const value = form.get(name);
    if (value !== null) params.set(name, value);
  }
  return params;
}

/** `SIP/410-12FA7B` → `410`: tech prefix and channel suffix stripped (noojee.md §2.6). */
export function bareExtension(value: string): string | null {
  const match = /^(?:[A-Za-z][A-Za-z0-9]*\/)?(\d+)(?:-[0-9A-Za-z]+)?$/.exec(value.trim());
  return match?.[1] ?? null;
}

/** `dial` needs the tech: `SIP/201`, `PJSIP/201` (noojee.md §2.3). */
export function techExtension(value: string): string | null {
  return /^[A-Za-z][A-Za-z0-9]*\/(\d+)$/.exec(value.trim())?.[1] ?? null;
}
