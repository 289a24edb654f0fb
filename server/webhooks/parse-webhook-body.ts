import { HOOK_EXTENSION_PARAM } from '@/server/connectors/webhook-token';

/** Bodies larger than this are not webhook requests from a PBX (Telphin sends a few hundred bytes). */
export const MAX_WEBHOOK_BYTES = 32 * 1024;

export type ParsedParams = { ok: true; params: Record<string, string> } | { ok: false; status: 400 | 413 | 415; error: string };

/**
 * A hook request's parameters: the query string for GET, the form body for POST (JSON tolerated,
 * telphin.md §11.1). Values are kept as strings; our own `token` and `ext` are removed.
 */
export async function parseWebhookParams(request: Request): Promise<ParsedParams> {
  const url = new URL(request.url);
  const params: Record<string, string> = {};
  for (const [key, value] of url.searchParams) params[key] = value;
  if (request.method === 'POST') {
    if (Number(request.headers.get('content-length') ?? 0) > MAX_WEBHOOK_BYTES) return { ok: false, status: 413, error: 'Body too large.' };
    const text = await request.text();
    if (text.length > MAX_WEBHOOK_BYTES) return { ok: false, status: 413, error: 'Body too large.' };
    const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type === 'application/json') {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return { ok: false, status: 400, error: 'The JSON body does not parse.' };
      }
      if (typeof json !== 'object' || json === null || Array.isArray(json)) return { ok: false, status: 400, error: 'The JSON body must be an object.' };
      for (const [key, value] of Object.entries(json)) if (value !== null && typeof value !== 'object') params[key] = String(value);
    } else if (type === 'application/x-www-form-urlencoded' || type === '' || type === 'text/plain') {
      for (const [key, value] of new URLSearchParams(text)) params[key] = value;
    } else {
      return { ok: false, status: 415, error: `Unsupported content type ${type}.` };
    }
  }
  delete params.token;
  delete params[HOOK_EXTENSION_PARAM];
  return { ok: true, params };
}
