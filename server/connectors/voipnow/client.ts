/**
 * HTTP client for the VoipNow UnifiedAPI (voipnow.md §1–§4, §8): OAuth 2 client credentials at
 * `/oauth/token.php` (form-encoded) with a cached token renewed before `expires_in` runs out, one
 * retry with a fresh token after a 401 or 403 (A4), JSON under `/uapi`, collections read through
 * `entry` and `paging.next` (object or array-wrapped envelope, 204 = empty; A7, A19), raw `*` in
 * extension path segments. Failures become `VoipnowError`s quoting the vendor's
 * `{"error":{"code","message"}}`; the client secret and tokens never reach a log line or an error.
 */
import type { Logger } from 'pino';
import type { z } from 'zod';
import { logger as defaultLogger } from '@/server/log';
import { describeNetworkError } from '@/server/connectors/network-error';
import {
  ZErrorBody, ZPhoneCall, ZPhoneCallEvent, ZPhoneCallView, ZTokenResponse,
  type PhoneCallEventInput, type TPhoneCall, type TPhoneCallEvent, type TPhoneCallView,
} from './schema';
import { VoipnowError } from './voipnow-error';
import { scrubSecrets } from '../scrub-secrets';
import { createTokenCache, type IssuedToken } from '../oauth-token-cache';

export interface VoipnowClientOptions {
  /** Server root, e.g. `https://voipnow.example`. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Whole-request timeout; default 10 s. */
  requestTimeoutMs?: number;
  /** Renew this long before `expires_in` runs out (at most a tenth of its life); default 5 min (A5). */
  renewBeforeMs?: number;
  /** Sent as `redirect_uri` with the token request (every vendor sample sends one). */
  redirectUri?: string;
  /** More secrets to keep out of errors and logs (the webhook token inside hook URLs). */
  secrets?: readonly string[];
  logger?: Logger;
  fetch?: typeof fetch;
  now?: () => number;
}

export type PhoneCallAction = 'StartRecording' | 'StopRecording';

export interface VoipnowClient {
  /** Every PhoneCallEvent of an extension, or of one type (`…/phoneCallEvents[/{type}]`). */
  listEvents(extension: string, type?: string, signal?: AbortSignal): Promise<TPhoneCallEvent[]>;
  getEvent(extension: string, type: string, id: string, signal?: AbortSignal): Promise<TPhoneCallEvent | null>;
  /** POST `…/phoneCallEvents` with `type` in the body (A3); the new id from object, array or `entry`, else re-listed (A2). */
  createEvent(extension: string, event: PhoneCallEventInput, signal?: AbortSignal): Promise<TPhoneCallEvent>;
  /** Partial PUT (A11). */
  updateEvent(extension: string, type: string, id: string, patch: Partial<Omit<PhoneCallEventInput, 'type'>>, signal?: AbortSignal): Promise<void>;
  deleteEvent(extension: string, type: string, id: string, signal?: AbortSignal): Promise<void>;
  /**
   * Call history (§4.5, `GET /uapi/cdr/@me`) of calls that entered the system after `since`, every
   * page; `entry` is an object keyed by call id (A8).
   */
  cdr(since: Date, signal?: AbortSignal): Promise<TPhoneCall[]>;
  /** Active calls, `GET /uapi/phoneCalls/@me/{extension}` (default `@self`), every page. */
  phoneCalls(extension?: string, signal?: AbortSignal): Promise<TPhoneCall[]>;
  /** `PUT /uapi/phoneCalls/@me/{extension}/{phoneCallId}` with a PhoneCallAction. */
  callAction(extension: string, phoneCallId: string, action: PhoneCallAction, phoneCallViewId: string, signal?: AbortSignal): Promise<void>;
}

interface Reply {
  status: number;
  text: string;
}

/** A path segment; `*` (extension numbers, §1.1) and `@` (`@me`, `@self`) stay raw. */
export const seg = (segment: string) => encodeURIComponent(segment).replace(/%40/g, '@').replace(/%2A/gi, '*');

const MAX_PAGES = 200;

/** Creates a client for one VoipNow App (client credentials). */
export function createVoipnowClient(options: VoipnowClientOptions): VoipnowClient {
  const root = options.baseUrl.replace(/\/+$/, '');
  const origin = new URL(root).origin;
  const log = options.logger ?? defaultLogger;
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const timeoutMs = options.requestTimeoutMs ?? 10_000;
  const renewBeforeMs = options.renewBeforeMs ?? 5 * 60_000;
  const secrets = new Set([options.clientSecret, ...(options.secrets ?? [])].filter((s) => s.length >= 4));

  const scrub = (text: string) => scrubSecrets(text, secrets);

  async function send(method: string, url: string, init: RequestInit, what: string, signal?: AbortSignal): Promise<Reply> {
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      const res = await doFetch(url, { ...init, method, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
      return { status: res.status, text: await res.text() };
    } catch (error) {
      if (signal?.aborted) throw new VoipnowError(`The ${what} request was cancelled.`, 'aborted');
      if (timeout.aborted) throw new VoipnowError(`VoipNow did not answer ${what} within ${Math.round(timeoutMs / 1000)} s.`, 'timeout');
      throw new VoipnowError(scrub(`Could not reach VoipNow at ${origin}: ${describeNetworkError(error)}.`), 'network');
    }
  }

  function vendorErrorOf(text: string): { code?: string; message?: string } {
    const body = ZErrorBody.safeParse(parseJson(text));
    if (!body.success) return {};
    const { error, error_description } = body.data;
    if (typeof error === 'string') return { code: scrub(error), message: error_description ? scrub(error_description) : undefined };
    const code = typeof error.code === 'string' || typeof error.code === 'number' ? scrub(String(error.code)) : undefined;
    const message = typeof error.message === 'string' ? scrub(error.message) : undefined;
    return { code, message };
  }

  async function requestToken(signal?: AbortSignal): Promise<IssuedToken> {
    const body = new URLSearchParams({
      client_id: options.clientId,
      client_secret: options.clientSecret,
      grant_type: 'client_credentials',
      type: 'unifiedapi',
      redirect_uri: options.redirectUri ?? `${origin}/`,
    });
    log.debug({ url: `${root}/oauth/token.php` }, 'voipnow token request');
    const reply = await send('POST', `${root}/oauth/token.php`, { headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' }, body }, 'the token', signal);
    if (reply.status < 200 || reply.status >= 300) {
      const vendor = vendorErrorOf(reply.text);
      const words = vendor.code ? `: ${vendor.code}${vendor.message ? ` (${vendor.message})` : ''}` : '';
      const auth = reply.status >= 400 && reply.status < 500;
      const message = auth
        ? `VoipNow refused the app credentials (HTTP ${reply.status})${words}. Check the App Key and App Secret, and that the App is trusted.`
        : `VoipNow answered the token request with HTTP ${reply.status}${words}.`;
      throw new VoipnowError(message, auth ? 'auth' : 'http', { status: reply.status, code: vendor.code, vendorMessage: vendor.message, method: 'POST', path: '/oauth/token.php' });
    }
    const parsed = ZTokenResponse.safeParse(parseJson(reply.text));
    if (!parsed.success) throw new VoipnowError('VoipNow sent a token reply in an unexpected shape.', 'invalid', { status: reply.status });
    secrets.add(parsed.data.access_token);
    log.debug({ expiresInS: parsed.data.expires_in }, 'voipnow token issued');
    return { value: parsed.data.access_token, expiresInS: parsed.data.expires_in };
  }

  const tokens = createTokenCache({ issue: requestToken, now, renewBeforeMs });

  /** One UAPI request (absolute `url` for `paging.next`); returns status and parsed JSON (undefined when empty). */
  async function api(method: string, pathOrUrl: string, o: { body?: unknown; query?: Record<string, string | number | undefined>; signal?: AbortSignal } = {}): Promise<{ status: number; json: unknown }> {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(o.query ?? {})) if (value !== undefined) query.set(name, String(value));
    const base = /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : `${root}/uapi${pathOrUrl}`;
    const url = query.size > 0 ? `${base}${base.includes('?') ? '&' : '?'}${query}` : base;
    const path = new URL(url).pathname;
    const what = `${method} ${path}`;
    let refreshed = false;
    for (;;) {
      const bearer = await tokens.get(o.signal);
      log.debug({ method, path }, 'voipnow request');
      const headers: Record<string, string> = { Authorization: `Bearer ${bearer}`, Accept: 'application/json' };
      if (o.body !== undefined) headers['Content-Type'] = 'application/json';
      const reply = await send(method, url, { headers, body: o.body === undefined ? undefined : JSON.stringify(o.body) }, what, o.signal);
      if ((reply.status === 401 || reply.status === 403) && !refreshed) {
        // A4: both mean "token expired or refused"; fetch a new one and retry once.
        refreshed = true;
        tokens.reject(bearer);
        log.info({ method, path, status: reply.status }, 'VoipNow refused the access token; retrying once with a fresh one');
        continue;
      }
      if (reply.status < 200 || reply.status >= 300) {
        const vendor = vendorErrorOf(reply.text);
        const words = vendor.code || vendor.message ? `: ${[vendor.code, vendor.message].filter(Boolean).join(' — ')}` : '';
        const kind = reply.status === 401 || reply.status === 403 ? 'auth' : 'http';
        throw new VoipnowError(`VoipNow answered ${what} with HTTP ${reply.status}${words}.`, kind, { status: reply.status, code: vendor.code, vendorMessage: vendor.message, method, path });
      }
      const json = parseJson(reply.text);
      if (reply.text.trim() !== '' && json === undefined) {
        throw new VoipnowError(`VoipNow sent a reply to ${what} that is not JSON.`, 'invalid', { status: reply.status, method, path });
      }
      return { status: reply.status, json };
    }
  }

  /** Entries of one collection page plus the next page's URL (A7: object or array-wrapped; 204 = empty). */
  function page(json: unknown): { entries: unknown[]; next?: string } {
    let env = json;
    if (Array.isArray(env) && env.length === 1 && isObject(env[0]) && 'entry' in env[0]) env = env[0];
    if (Array.isArray(env)) return { entries: env };
    if (!isObject(env)) return { entries: [] };
    const entry = env.entry;
    const entries = Array.isArray(entry) ? entry : isObject(entry) ? Object.values(entry) : [];
    const paging = isObject(env.paging) ? env.paging : isObject(env.paginator) ? env.paginator : undefined;
    const next = paging && typeof paging.next === 'string' && paging.next !== '' ? paging.next : undefined;
    return { entries, next };
  }

  async function collection(path: string, signal?: AbortSignal, query: Record<string, string> = {}): Promise<unknown[]> {
    const out: unknown[] = [];
    const seen = new Set<string>();
    let first = await api('GET', path, { query: { count: 1000, ...query }, signal });
    for (let n = 0; n < MAX_PAGES; n++) {
      const { entries, next } = page(first.json);
      out.push(...entries);
      if (!next || seen.has(next) || entries.length === 0) break;
      seen.add(next);
      first = await api('GET', next, { signal });
    }
    return out;
  }

  function read<T>(list: unknown[], schema: z.ZodType<T>, what: string): T[] {
    const out: T[] = [];
    for (const item of list) {
      const parsed = schema.safeParse(item);
      if (parsed.success) out.push(parsed.data);
      else log.warn({ what, issues: parsed.error.issues.map((i) => i.path.join('.') || i.message) }, 'VoipNow entry skipped');
    }
    return out;
  }

  const eventsPath = (extension: string, type?: string, id?: string) =>
    `/extensions/@me/${seg(extension)}/phoneCallEvents${type === undefined ? '' : `/${seg(type)}`}${id === undefined ? '' : `/${seg(id)}`}`;

  /** A2: the created event as an object, `[0]`, or `entry[0]`. */
  function createdOf(json: unknown): TPhoneCallEvent | null {
    const candidates = [json, Array.isArray(json) ? json[0] : undefined, isObject(json) && Array.isArray(json.entry) ? json.entry[0] : undefined];
    for (const c of candidates) {
      const parsed = ZPhoneCallEvent.safeParse(c);
      if (parsed.success) return parsed.data;
    }
    return null;
  }

  const withViews = (calls: z.infer<typeof ZPhoneCall>[]): TPhoneCall[] =>
    calls.map((call) => ({ ...call, phoneCallView: read(call.phoneCallView ?? [], ZPhoneCallView, 'phoneCallView') as TPhoneCallView[] }));

  const client: VoipnowClient = {
    async listEvents(extension, type, signal) {
      return read(await collection(eventsPath(extension, type), signal), ZPhoneCallEvent, 'phoneCallEvent');
    },
    async getEvent(extension, type, id, signal) {
      const { json } = await api('GET', eventsPath(extension, type, id), { signal });
      return createdOf(json);
    },
    async createEvent(extension, event, signal) {
      const { json } = await api('POST', eventsPath(extension), { body: event, signal });
      const created = createdOf(json);
      if (created) return { ...event, ...created };
      // 204 (or an unreadable body): find it by its URL and type.
      const found = (await client.listEvents(extension, event.type, signal)).find((e) => e.url === event.url && (e.type ?? event.type) === event.type);
      if (!found) throw new VoipnowError(`VoipNow accepted the new call event on ${extension} but does not list it.`, 'invalid');
      return found;
    },
    async updateEvent(extension, type, id, patch, signal) {
      await api('PUT', eventsPath(extension, type, id), { body: patch, signal });
    },
    async deleteEvent(extension, type, id, signal) {
      await api('DELETE', eventsPath(extension, type, id), { signal });
    },
    async phoneCalls(extension = '@self', signal) {
      return withViews(read(await collection(`/phoneCalls/@me/${seg(extension)}`, signal), ZPhoneCall, 'phoneCall'));
    },
    async cdr(since, signal) {
      // `published` compares as text in the vendor's `YYYY-MM-DDThh:mm:ss` form (§4.5).
      const query = { filterBy: 'published', filterOp: 'greaterThan', filterValue: since.toISOString().slice(0, 19) };
      return withViews(read(await collection('/cdr/@me', signal, query), ZPhoneCall, 'cdr'));
    },
    async callAction(extension, phoneCallId, action, phoneCallViewId, signal) {
      await api('PUT', `/phoneCalls/@me/${seg(extension)}/${seg(phoneCallId)}`, { body: { action, phoneCallViewId }, signal });
    },
  };
  return client;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
