/**
 * HTTP client for the Telphin API (telphin.md §2–§8): OAuth 2 client credentials with a cached token
 * renewed before it expires, one retry with a fresh token after a 401 (§2.3), back-off on 429 (§8.6),
 * JSON under `/api/ver1.0`. Failures become `TelphinError`s quoting the vendor's `{"message"}`; the
 * client secret and access tokens never reach a log line or an error message.
 */
import type { Logger } from 'pino';
import type { z } from 'zod';
import { logger as defaultLogger } from '@/server/log';
import { defaultBackoff, sleep as defaultSleep, type BackoffPolicy } from '../backoff';
import {
  ZCallbackResponse, ZCurrentCall, ZCurrentCalls, ZErrorBody, ZExtension, ZHook, ZList, ZTokenResponse, ZUser,
  type TCallbackRequest, type TCallbackResponse, type TCurrentCall, type TExtension, type THook, type THookInput, type TUser,
} from './schema';
import { describeNetworkError, TelphinError } from './telphin-error';
import { scrubSecrets } from '../scrub-secrets';
import { createTokenCache, type IssuedToken } from '../oauth-token-cache';

export interface TelphinClientOptions {
  /** API host, e.g. `https://apiproxy.telphin.ru`. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Whole-request timeout; default 10 s. */
  requestTimeoutMs?: number;
  /** Renew the token this long before `expires_in` runs out (at most a tenth of its life); default 60 s. */
  renewBeforeMs?: number;
  /** 429 back-off (§8.6: 1 s doubling to 30 s) and how many retries before giving up; default 3. */
  rateLimit?: Partial<BackoffPolicy & { maxRetries: number }>;
  /** More secrets to keep out of errors and logs (the webhook token inside hook URLs). */
  secrets?: readonly string[];
  logger?: Logger;
  fetch?: typeof fetch;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface ExtensionPage {
  type?: string;
  status?: string;
  page?: number;
  per_page?: number;
}

export type HookDeleteResult = 'deleted' | 'already_deleted';

export interface TelphinClient {
  /** `GET /user`: the token's user, whose `client_id` addresses every client resource (§2.3). */
  user(signal?: AbortSignal): Promise<TUser>;
  /** One page of `GET /client/{client_id}/extension/` (§3.2); malformed entries are skipped. */
  extensions(clientId: string, page?: ExtensionPage, signal?: AbortSignal): Promise<TExtension[]>;
  /** Every page of `extensions`, until a short or repeated page. */
  allExtensions(clientId: string, filter?: Omit<ExtensionPage, 'page'>, signal?: AbortSignal): Promise<TExtension[]>;
  listHooks(extensionId: string, signal?: AbortSignal): Promise<THook[]>;
  createHook(extensionId: string, hook: THookInput, signal?: AbortSignal): Promise<THook>;
  getHook(extensionId: string, hookId: string, signal?: AbortSignal): Promise<THook>;
  updateHook(extensionId: string, hookId: string, hook: THookInput, signal?: AbortSignal): Promise<THook>;
  /** A 404 means someone deleted it already (§11.11), which is what we wanted. */
  deleteHook(extensionId: string, hookId: string, signal?: AbortSignal): Promise<HookDeleteResult>;
  deleteAllHooks(extensionId: string, signal?: AbortSignal): Promise<void>;
  /** `POST /extension/{extension_id}/callback/` (§7). */
  callback(extensionId: string, params: TCallbackRequest, signal?: AbortSignal): Promise<TCallbackResponse>;
  /** `GET /client/{client_id}/current_calls/` (§8.3); malformed entries are skipped. */
  currentCalls(clientId: string, signal?: AbortSignal): Promise<TCurrentCall[]>;
}

interface Reply {
  status: number;
  headers: Headers;
  text: string;
}

/** A path segment; `@` stays literal for `@me` and `@{VAR}` ids (§2.3, §7.1). */
const enc = (segment: string) => encodeURIComponent(segment).replace(/%40/g, '@');

/** Creates a client for one Telphin app (client credentials). */
export function createTelphinClient(options: TelphinClientOptions): TelphinClient {
  const root = options.baseUrl.replace(/\/+$/, '');
  const origin = new URL(root).origin;
  const log = options.logger ?? defaultLogger;
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const wait = options.sleep ?? defaultSleep;
  const timeoutMs = options.requestTimeoutMs ?? 10_000;
  const renewBeforeMs = options.renewBeforeMs ?? 60_000;
  const rate = { ...defaultBackoff, maxRetries: 3, ...options.rateLimit };
  const secrets = new Set([options.clientSecret, ...(options.secrets ?? [])].filter((s) => s.length >= 4));

  const scrub = (text: string) => scrubSecrets(text, secrets);

  async function send(method: string, url: string, init: RequestInit, what: string, signal?: AbortSignal): Promise<Reply> {
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      const res = await doFetch(url, { ...init, method, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
      return { status: res.status, headers: res.headers, text: await res.text() };
    } catch (error) {
      if (signal?.aborted) throw new TelphinError(`The ${what} request was cancelled.`, 'aborted');
      if (timeout.aborted) throw new TelphinError(`Telphin did not answer ${what} within ${Math.round(timeoutMs / 1000)} s.`, 'timeout');
      throw new TelphinError(scrub(`Could not reach Telphin at ${origin}: ${describeNetworkError(error)}.`), 'network');
    }
  }

  function vendorMessageOf(text: string): string | undefined {
    const body = ZErrorBody.safeParse(parseJson(text));
    if (!body.success) return undefined;
    const words = body.data.message ?? body.data.error_description ?? body.data.error;
    return words ? scrub(words) : undefined;
  }

  /** 429: Retry-After (seconds or an HTTP date) when given, else exponential; never past the cap. */
  function rateDelay(headers: Headers, retry: number): number {
    const header = headers.get('retry-after');
    if (header !== null) {
      const seconds = Number(header);
      const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now();
      if (Number.isFinite(ms)) return Math.min(rate.capMs, Math.max(0, ms));
    }
    return Math.min(rate.capMs, rate.baseMs * 2 ** retry);
  }

  async function requestToken(signal?: AbortSignal): Promise<IssuedToken> {
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: options.clientId, client_secret: options.clientSecret });
    for (let retry = 0; ; retry++) {
      log.debug({ url: `${root}/oauth/token` }, 'telphin token request');
      const reply = await send('POST', `${root}/oauth/token`, { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body }, 'the token', signal);
      if (reply.status === 429 && retry < rate.maxRetries) {
        const delayMs = rateDelay(reply.headers, retry);
        log.warn({ retryInMs: delayMs }, 'Telphin rate-limited the token request; backing off');
        await wait(delayMs, signal);
        continue;
      }
      const vendorMessage = vendorMessageOf(reply.text);
      if (reply.status < 200 || reply.status >= 300) {
        const words = vendorMessage ? `: ${vendorMessage}` : '';
        const kind = reply.status === 429 ? 'rate_limited' : reply.status >= 500 ? 'http' : 'auth';
        const message =
          kind === 'auth'
            ? `Telphin refused the app credentials (HTTP ${reply.status})${words}. Check the App ID and App Secret.`
            : `Telphin answered the token request with HTTP ${reply.status}${words}.`;
        throw new TelphinError(message, kind, { status: reply.status, vendorMessage, method: 'POST', path: '/oauth/token' });
      }
      const parsed = ZTokenResponse.safeParse(parseJson(reply.text));
      if (!parsed.success) throw new TelphinError('Telphin sent a token reply in an unexpected shape.', 'invalid', { status: reply.status });
      secrets.add(parsed.data.access_token);
      log.debug({ expiresInS: parsed.data.expires_in }, 'telphin token issued');
      return { value: parsed.data.access_token, expiresInS: parsed.data.expires_in };
    }
  }

  const tokens = createTokenCache({ issue: requestToken, now, renewBeforeMs });

  async function api<S extends z.ZodType>(
    method: string,
    path: string,
    schema: S | null,
    o: { body?: unknown; query?: Record<string, string | number | undefined>; signal?: AbortSignal; tolerate404?: boolean } = {},
  ): Promise<{ status: number; data: z.infer<S> | undefined }> {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(o.query ?? {})) if (value !== undefined) query.set(name, String(value));
    const url = `${root}/api/ver1.0${path}${query.size > 0 ? `?${query}` : ''}`;
    const what = `${method} ${path}`;
    let refreshed = false;
    for (let retry = 0; ; ) {
      const bearer = await tokens.get(o.signal);
      log.debug({ method, path, query: Object.fromEntries(query) }, 'telphin request');
      const headers: Record<string, string> = { Authorization: `Bearer ${bearer}`, Accept: 'application/json' };
      if (o.body !== undefined) headers['Content-Type'] = 'application/json';
      const reply = await send(method, url, { headers, body: o.body === undefined ? undefined : JSON.stringify(o.body) }, what, o.signal);
      if (reply.status === 401 && !refreshed) {
        // §2.3: re-request a token on any authorization error and retry once, even before expiry.
        refreshed = true;
        tokens.reject(bearer);
        log.info({ method, path }, 'Telphin refused the access token; retrying once with a fresh one');
        continue;
      }
      if (reply.status === 429 && retry < rate.maxRetries) {
        const delayMs = rateDelay(reply.headers, retry++);
        log.warn({ method, path, retryInMs: delayMs }, 'Telphin rate-limited a request; backing off');
        await wait(delayMs, o.signal);
        if (o.signal?.aborted) throw new TelphinError(`The ${what} request was cancelled.`, 'aborted');
        continue;
      }
      if (reply.status === 404 && o.tolerate404) return { status: 404, data: undefined };
      if (reply.status < 200 || reply.status >= 300) {
        const vendorMessage = vendorMessageOf(reply.text);
        const words = vendorMessage ? `: ${vendorMessage}` : '';
        const kind = reply.status === 401 ? 'auth' : reply.status === 429 ? 'rate_limited' : 'http';
        throw new TelphinError(`Telphin answered ${what} with HTTP ${reply.status}${words}.`, kind, { status: reply.status, vendorMessage, method, path });
      }
      if (!schema) return { status: reply.status, data: undefined };
      const json = parseJson(reply.text);
      const parsed = schema.safeParse(json);
      if (json === undefined || !parsed.success) {
        throw new TelphinError(`Telphin sent a reply to ${what} in an unexpected shape.`, 'invalid', { status: reply.status, method, path });
      }
      return { status: reply.status, data: parsed.data };
    }
  }

  async function must<S extends z.ZodType>(method: string, path: string, schema: S, o: Parameters<typeof api>[3] = {}): Promise<z.infer<S>> {
    return (await api(method, path, schema, o)).data as z.infer<S>;
  }

  /** Arrays whose malformed entries are skipped rather than failing the whole reply. */
  function entries<T>(list: unknown[], schema: z.ZodType<T>, what: string): T[] {
    const out: T[] = [];
    for (const item of list) {
      const parsed = schema.safeParse(item);
      if (parsed.success) out.push(parsed.data);
      else log.warn({ what, issues: parsed.error.issues.map((i) => i.path.join('.') || i.message) }, 'Telphin entry skipped');
    }
    return out;
  }

  const hookPath = (extensionId: string, hookId?: string) => `/extension/${enc(extensionId)}/event/${hookId === undefined ? '' : enc(hookId)}`;

  const client: TelphinClient = {
    user: (signal) => must('GET', '/user', ZUser, { signal }),

    async extensions(clientId, page = {}, signal) {
      const list = await must('GET', `/client/${enc(clientId)}/extension/`, ZList, { query: { ...page }, signal });
      return entries(list, ZExtension, 'extension');
    },

    async allExtensions(clientId, filter = {}, signal) {
      const perPage = filter.per_page ?? 100;
      const seen = new Set<string>();
      const out: TExtension[] = [];
      for (let page = 1; page <= 1000; page++) {
        const batch = await client.extensions(clientId, { ...filter, page, per_page: perPage }, signal);
        const fresh = batch.filter((e) => !seen.has(e.id));
        for (const e of fresh) seen.add(e.id);
        out.push(...fresh);
        // A short page is the last; a server that ignores paging repeats itself, which ends it too.
        if (batch.length < perPage || fresh.length === 0) break;
      }
      return out;
    },

    async listHooks(extensionId, signal) {
      return entries(await must('GET', hookPath(extensionId), ZList, { signal }), ZHook, 'hook');
    },
    createHook: (extensionId, hook, signal) => must('POST', hookPath(extensionId), ZHook, { body: hook, signal }),
    getHook: (extensionId, hookId, signal) => must('GET', hookPath(extensionId, hookId), ZHook, { signal }),
    updateHook: (extensionId, hookId, hook, signal) => must('PUT', hookPath(extensionId, hookId), ZHook, { body: hook, signal }),
    async deleteHook(extensionId, hookId, signal) {
      const { status } = await api('DELETE', hookPath(extensionId, hookId), null, { signal, tolerate404: true });
      return status === 404 ? 'already_deleted' : 'deleted';
    },
    async deleteAllHooks(extensionId, signal) {
      await api('DELETE', hookPath(extensionId), null, { signal });
    },

    callback: (extensionId, params, signal) => must('POST', `/extension/${enc(extensionId)}/callback/`, ZCallbackResponse, { body: params, signal }),

    async currentCalls(clientId, signal) {
      return entries(await must('GET', `/client/${enc(clientId)}/current_calls/`, ZCurrentCalls, { signal }), ZCurrentCall, 'current call');
    },
  };
  return client;
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
