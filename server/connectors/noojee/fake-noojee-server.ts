/**
 * Test-only: a tiny scripted CallManagementAPI server on 127.0.0.1 (port 0), so the client and the
 * connector are tested over real HTTP without depending on the simulator.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';

export interface FakeRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** The request target exactly as sent (to check URL encoding). */
  rawUrl: string;
  params: URLSearchParams;
  body: string;
  headers: IncomingHttpHeaders;
  /** `performance.now()` when the request arrived. */
  receivedAt: number;
}

export type FakeHandler = (req: FakeRequest, res: ServerResponse) => void | Promise<void>;

export interface FakeNoojee {
  url: string;
  requests: FakeRequest[];
  /** Most requests open at the same time. */
  readonly maxInFlight: number;
  close(): Promise<void>;
}

/** Starts the fake; `handler` answers each request (or leaves it hanging, or drops it). */
export async function startFakeNoojee(handler: FakeHandler): Promise<FakeNoojee> {
  const requests: FakeRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = createServer((req, res) => {
    const receivedAt = performance.now();
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => (inFlight -= 1));
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const request: FakeRequest = { method: req.method ?? '', path: url.pathname, rawUrl: req.url ?? '', params: url.searchParams, body, headers: req.headers, receivedAt };
      requests.push(request);
      Promise.resolve(handler(request, res)).catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers with a JSON body. */
export function sendJson(res: ServerResponse, body: unknown, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** Answers with a non-JSON body. */
export function sendText(res: ServerResponse, body: string, status: number, type = 'text/plain'): void {
  res.writeHead(status, { 'content-type': type }).end(body);
}

/** A pino logger at debug level whose output lines are kept for inspection. */
export function captureLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = pino({ level: 'debug', base: undefined }, { write: (line: string) => void lines.push(line) });
  return { logger, lines };
}
