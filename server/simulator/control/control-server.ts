import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { logger } from '@/server/log';
import { EngineError } from '../engine/types';
import { closeServer, listen, readBody, sendJson } from '../http-util';
import { BadRequest, routes, type ControlDeps } from './routes';

export interface ControlServer {
  url: string;
  close(): Promise<void>;
}

const STATUS: Record<EngineError['kind'], number> = { not_found: 404, conflict: 409, invalid: 400 };

/** The simulator's test/demo control API (DESIGN.md §7): JSON in and out, zod-checked bodies. */
export async function startControlServer(deps: ControlDeps, host = '127.0.0.1', port = 0): Promise<ControlServer> {
  const log = logger.child({ component: 'simulator', part: 'control' });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { pathname } = new URL(req.url ?? '/', 'http://simulator');
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = raw.trim() === '' ? undefined : JSON.parse(raw);
    } catch {
      return sendJson(res, 400, { error: 'body is not JSON' });
    }
    for (const [method, pattern, handler] of routes) {
      const match = pattern.exec(pathname);
      if (!match || method !== req.method) continue;
      try {
        const reply = handler(deps, match.slice(1).map(decodeURIComponent), body);
        return sendJson(res, reply.status, reply.body);
      } catch (err) {
        if (err instanceof BadRequest) return sendJson(res, 400, { error: err.message });
        if (err instanceof EngineError) return sendJson(res, STATUS[err.kind], { error: err.message });
        throw err;
      }
    }
    sendJson(res, 404, { error: `no route ${req.method} ${pathname}` });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log.error({ err }, 'control request failed');
      sendJson(res, 500, { error: 'internal error' });
    });
  });
  const url = await listen(server, host, port);
  return { url, close: () => closeServer(server) };
}
