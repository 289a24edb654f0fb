/**
 * HTTP client for the Noojee CallManagementAPI (noojee.md §1–§2). Transport only: it turns every
 * failure into a `NoojeeError` with a plain-words message and keeps the apiKey out of logs and errors.
 */
import type { Logger } from 'pino';
import type { z } from 'zod';
import { logger as defaultLogger, redactUrl } from '@/server/log';
import { NoojeeError } from './noojee-error';
import { createScrubber, describeNetworkError } from './redact';
import {
  ZCommandResponse,
  ZDialResponse,
  ZResult,
  ZSubscribeResponse,
  type TCommandResponse,
  type TDialResponse,
  type TSubscribeResponse,
} from './schema';

export interface NoojeeClientOptions {
  /** Server root, e.g. `https://pbx.example`. */
  baseUrl: string;
  apiKey: string;
  /** Timeout of command requests (answer, start, stop, hangup, dial); default 10 s. */
  requestTimeoutMs?: number;
  logger?: Logger;
  fetch?: typeof fetch;
}

export interface SubscribeParams {
  extensions: readonly string[];
  lastSequenceNumber: number;
  timeOutS: number;
  /** Whole-request timeout; §4 step 2 wants at least `timeOutS` + 10 s. */
  readTimeoutMs: number;
  signal?: AbortSignal;
}

export interface NoojeeClient {
  subscribe(p: SubscribeParams): Promise<TSubscribeResponse>;
  answer(p: { uniqueId: string; exten: string; answerString: string }): Promise<TCommandResponse>;
  start(p: { uniqueCallId: string; tag?: string; agentLoginName?: string }): Promise<TCommandResponse>;
  stop(p: { uniqueCallId: string; agentLoginName?: string }): Promise<TCommandResponse>;
  hangup(p: { uniqueCallId: string }): Promise<TCommandResponse>;
  dial(p: {
    number: string;
    /** Bare extension; the client prefixes `tech` (§2.3 requires `SIP/100`). */
    extension: string;
    tech: string;
    autoAnswer?: string;
    callerId?: string;
    phoneCaption?: string;
    record?: boolean;
    tag?: string;
  }): Promise<TDialResponse>;
}

type Params = Record<string, string | undefined>;

/** Creates a CallManagementAPI client for one server. */
export function createNoojeeClient(options: NoojeeClientOptions): NoojeeClient {
  const root = options.baseUrl.replace(/\/+$/, '');
  const server = new URL(root);
  const origin = server.origin;
  const log = options.logger ?? defaultLogger;
  const doFetch = options.fetch ?? fetch;
  const commandTimeoutMs = options.requestTimeoutMs ?? 10_000;
  const scrub = createScrubber(options.apiKey);
  if (server.protocol !== 'https:' && !['127.0.0.1', 'localhost', '[::1]'].includes(server.hostname)) {
    // §1.4 / §7.1: the key travels in the query string, so plain HTTP exposes it on the wire.
    log.warn({ server: origin }, 'Noojee server is not HTTPS: the apiKey travels unencrypted');
  }

  async function call<S extends z.ZodType>(method: string, params: Params, schema: S, timeoutMs: number, signal?: AbortSignal): Promise<z.infer<S>> {
    // A1: every parameter in the query string, URL-encoded, and an empty body, as the vendor binding does.
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) if (value !== undefined) query.set(name, value);
    query.set('apiKey', options.apiKey);
    const url = `${root}/servicemanager/rest/CallManagementAPI/${method}?${query}`;
    const timeout = AbortSignal.timeout(timeoutMs);
    log.debug({ method, url: redactUrl(url) }, 'noojee request');

    let status: number;
    let text: string;
    try {
      const res = await doFetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8' },
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      status = res.status;
      text = await res.text();
    } catch (error) {
      if (signal?.aborted) throw new NoojeeError(`The ${method} request was cancelled.`, 'aborted', method);
      if (timeout.aborted) {
        throw new NoojeeError(`The Noojee server did not answer ${method} within ${Math.round(timeoutMs / 1000)} s.`, 'timeout', method);
      }
      throw new NoojeeError(scrub(`Could not reach the Noojee server at ${origin}: ${describeNetworkError(error)}.`), 'network', method);
    }

    const json = parseJson(text);
    const envelope = ZResult.safeParse(json);
    const vendorMessage = envelope.success && envelope.data.Message ? scrub(envelope.data.Message) : undefined;
    // §7.2 / A13: a negative Code is a refusal whatever the HTTP status.
    if (envelope.success && envelope.data.Code < 0) {
      const code = envelope.data.Code;
      const words = vendorMessage ?? `it answered code ${code}`;
      throw new NoojeeError(`Noojee refused ${method}: ${words}.`, 'rejected', method, { status, code, vendorMessage });
    }
    if (status < 200 || status >= 300) {
      // The body may be an HTML page echoing our URL (§1.5): only a JSON Message is ever quoted.
      const words = vendorMessage ? `: ${vendorMessage}` : '';
      throw new NoojeeError(`The Noojee server answered ${method} with HTTP ${status}${words}.`, 'http', method, { status, vendorMessage });
    }
    if (json === undefined) throw new NoojeeError(`The Noojee server sent a reply to ${method} that is not JSON.`, 'invalid', method, { status });
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new NoojeeError(`The Noojee server sent a reply to ${method} in an unexpected shape.`, 'invalid', method, { status });
    }
    if (envelope.success && envelope.data.Code > 0) {
      // §1.3: positive Code is a warning or notice, not a failure.
      log.warn({ method, code: envelope.data.Code, message: vendorMessage }, 'Noojee answered with a warning');
    }
    return parsed.data;
  }

  return {
    subscribe: ({ extensions, lastSequenceNumber, timeOutS, readTimeoutMs, signal }) =>
      call(
        'subscribe',
        // §2.1: bare extensions, comma-separated; the server tolerates duplicates but we send none.
        { exten: [...new Set(extensions)].join(','), lastSequenceNumber: String(lastSequenceNumber), timeOut: String(timeOutS) },
        ZSubscribeResponse,
        readTimeoutMs,
        signal,
      ),
    // A6: the bare extension, as the docs show; answerString is the handset's auto-answer header (§2.2).
    answer: ({ uniqueId, exten, answerString }) => call('answer', { uniqueId, exten, answerString }, ZCommandResponse, commandTimeoutMs),
    // A10: lower-case `tag`; A7: POST like every other method.
    start: ({ uniqueCallId, tag, agentLoginName }) =>
      call('start', { extenOrUniqueId: uniqueCallId, tag, agentLoginName }, ZCommandResponse, commandTimeoutMs),
    // §2.6: no `tag` on stop; A9: agentLoginName only when a user is known.
    stop: ({ uniqueCallId, agentLoginName }) => call('stop', { extenOrUniqueId: uniqueCallId, agentLoginName }, ZCommandResponse, commandTimeoutMs),
    // §2.4 / A17: always by uniqueCallId, never by extension, so the right call is hung up.
    hangup: ({ uniqueCallId }) => call('hangup', { extenOrUniqueId: uniqueCallId }, ZCommandResponse, commandTimeoutMs),
    dial: (p) =>
      call(
        'dial',
        {
          number: p.number,
          extenOrUniqueId: `${p.tech}/${p.extension}`,
          autoAnswer: p.autoAnswer,
          callerId: p.callerId,
          phoneCaption: p.phoneCaption,
          // A8: ask for subscribe events explicitly; servers that ignore it lose nothing.
          monitored: 'yes',
          record: p.record === undefined ? undefined : String(p.record),
          tag: p.record ? p.tag : undefined,
        },
        ZDialResponse,
        commandTimeoutMs,
      ),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
