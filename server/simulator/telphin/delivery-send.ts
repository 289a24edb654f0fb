import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * `application/x-www-form-urlencoded` as the PBX writes it: every byte outside `A-Za-z0-9-_.` is
 * percent-encoded, so `*` and `+` travel as `%2A` and `%2B` (telphin.md §5.1).
 */
export function formEncode(params: Record<string, string>): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return Object.entries(params)
    .map(([k, v]) => `${enc(k)}=${enc(v)}`)
    .join('&');
}

export interface HookRequest {
  method: 'GET' | 'POST';
  /** Full URL: for GET the hook URL with the event pairs appended after its own query (§9 #2). */
  url: string;
  /** Form body for POST, `null` for GET. */
  body: string | null;
}

/** The request one hook gets for one event (telphin.md §5.1). */
export function buildHookRequest(hookUrl: string, method: 'GET' | 'POST', params: Record<string, string>): HookRequest {
  const form = formEncode(params);
  if (method === 'POST') return { method, url: hookUrl, body: form };
  const [base = '', fragment] = hookUrl.split('#', 2);
  const joined = base.includes('?') ? `${base}${base.endsWith('?') || base.endsWith('&') ? '' : '&'}${form}` : `${base}?${form}`;
  return { method, url: fragment === undefined ? joined : `${joined}#${fragment}`, body: null };
}

export type SendOutcome = { outcome: 'delivered'; status: number } | { outcome: 'timeout' | 'failed'; error: string };

/**
 * One HTTP request, no authentication, no `User-Agent`, no retry (telphin.md §5.1, §9 #11); the answer's
 * body is read and ignored. Gives up after `timeoutMs`.
 */
export function sendHookRequest(req: HookRequest, timeoutMs: number, track: (abort: () => void) => () => void): Promise<SendOutcome> {
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(req.url);
    } catch {
      return resolve({ outcome: 'failed', error: 'bad URL' });
    }
    const headers: Record<string, string | number> = {};
    if (req.body !== null) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      headers['Content-Length'] = Buffer.byteLength(req.body);
    }
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    let done = false;
    const finish = (result: SendOutcome) => {
      if (done) return;
      done = true;
      untrack();
      resolve(result);
    };
    const outgoing = send(target, { method: req.method, headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => finish({ outcome: 'delivered', status: res.statusCode ?? 0 }));
      res.on('error', (err) => finish({ outcome: 'failed', error: err.message }));
    });
    const untrack = track(() => outgoing.destroy(new Error('simulator closed')));
    outgoing.setTimeout(timeoutMs, () => {
      finish({ outcome: 'timeout', error: `no answer within ${timeoutMs} ms` });
      outgoing.destroy();
    });
    outgoing.on('error', (err) => finish({ outcome: 'failed', error: err.message }));
    outgoing.end(req.body ?? undefined);
  });
}
