import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { logger, redactUrl } from '@/server/log';
import type { CallEngine } from '../engine/call-engine';
import { closeServer, listen, send, sendJson } from '../http-util';
import { NoojeeAuth } from './auth';
import * as commands from './commands';
import { NoojeeEventLog } from './event-log';
import { NOOJEE_METHODS, NoojeeFaults, type NoojeeMethod, type TFaultSpec } from './faults';
import { requestParams } from './request-params';
import { SubscribeHub } from './subscribe';

export interface NoojeeFacadeOptions {
  engine: CallEngine;
  apiKey: string;
  host?: string;
  port?: number;
  minReplyMs?: number;
  batchMs?: number;
}

export interface NoojeeFacade {
  /** Server root; clients append `/servicemanager/rest/…`. */
  url: string;
  log: NoojeeEventLog;
  /** Queues a fault (`seqReset` acts at once: history cleared, counter restarts at 1). */
  injectFault(spec: TFaultSpec): void;
  clearFaults(): void;
  faults(): ReturnType<NoojeeFaults['list']>;
  close(): Promise<void>;
}

const API_PREFIX = '/servicemanager/rest/CallManagementAPI/';
const TIME_PATH = '/servicemanager/rest/Time';

// Tomcat-style pages: the vendor client reads non-2xx bodies as raw text (noojee.md §1.5).
const page = (status: string) => `<!doctype html><html><head><title>HTTP Status ${status}</title></head><body><h1>HTTP Status ${status}</h1></body></html>`;

/** The Noojee CallManagementAPI (noojee.md §6) over node:http, driven by the call engine. */
export async function startNoojeeFacade(opts: NoojeeFacadeOptions): Promise<NoojeeFacade> {
  const log = logger.child({ component: 'simulator', facade: 'noojee' });
  const { engine } = opts;
  const events = new NoojeeEventLog(engine, engine.clock);
  const unsubscribe = engine.on((event) => events.add(event));
  const faults = new NoojeeFaults();
  const auth = new NoojeeAuth(opts.apiKey, engine.clock);
  const hub = new SubscribeHub(events, faults, { minReplyMs: opts.minReplyMs ?? 100, batchMs: opts.batchMs ?? 5 });
  const ctx = { engine, log: events };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator');
    if (url.pathname === TIME_PATH) {
      if (req.method !== 'POST') return send(res, 405, 'text/plain', 'Method Not Allowed', { Allow: 'POST' });
      return send(res, 200, 'text/plain', String(engine.clock.now()));
    }
    const method = url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) : '';
    if (!(NOOJEE_METHODS as readonly string[]).includes(method)) return send(res, 404, 'text/html', page('404 – Not Found'));
    const name = method as NoojeeMethod;
    // A7: the vendor's own Java client uses GET for start/stop; everything else is POST only.
    const verbs = name === 'start' || name === 'stop' ? ['POST', 'GET'] : ['POST'];
    if (!verbs.includes(req.method ?? '')) return send(res, 405, 'text/plain', 'Method Not Allowed', { Allow: verbs.join(', ') });

    const { fail, delayMs } = faults.takeTransport(name);
    if (fail?.kind === 'drop') {
      setTimeout(() => req.socket.destroy(), fail.afterMs).unref();
      return;
    }
    if (fail?.kind === 'http500') return send(res, 500, 'text/html', page('500 – Internal Server Error'));
    if (fail?.kind === 'nonjson') return send(res, 200, 'text/html', '<html><body>Service temporarily unavailable</body></html>');

    const params = await requestParams(req, url);
    const allowed = auth.check(params);
    const reply = (body: unknown) => (delayMs > 0 ? setTimeout(() => sendJson(res, 200, body), delayMs).unref() : sendJson(res, 200, body));
    if (!allowed.ok) return void reply({ Message: allowed.message, Code: -1 });
    if (name === 'subscribe') return hub.handle(res, params, delayMs);
    const result = commands[name](ctx, params);
    log.debug({ method: name, code: result.Code }, 'noojee command');
    reply(result);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log.error({ err, url: redactUrl(req.url ?? '') }, 'noojee request failed');
      send(res, 500, 'text/html', page('500 – Internal Server Error'));
    });
  });
  const url = await listen(server, opts.host ?? '127.0.0.1', opts.port ?? 0);

  return {
    url,
    log: events,
    injectFault(spec) {
      if (spec.kind !== 'seqReset') return faults.add(spec);
      events.reset();
      hub.wakeAll();
    },
    clearFaults: () => faults.clear(),
    faults: () => faults.list(),
    async close() {
      unsubscribe();
      hub.closeAll();
      await closeServer(server);
    },
  };
}
