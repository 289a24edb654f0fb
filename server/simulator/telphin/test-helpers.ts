import { createServer, type IncomingHttpHeaders } from 'node:http';
import { closeServer, listen, readBody } from '../http-util';
import type { RunningSimulator } from '../index';

/** One request a hook receiver got. */
export interface Received {
  method: string;
  /** Path and raw query as sent. */
  url: string;
  path: string;
  /** The raw query string (for POST: the hook URL's own pairs). */
  query: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Event pairs from the query (GET) or the form body (POST), hook's own pairs included. */
  params: Record<string, string>;
  startedAt: number;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Answer every request after this many ms (0: at once). */
  delayMs: number;
  /** Most requests seen in flight at once. */
  maxInFlight: number;
  reset(): void;
  close(): Promise<void>;
}

/** A tiny webhook receiver on loopback that records every request (the integration under test, faked). */
export async function startReceiver(): Promise<Receiver> {
  let inFlight = 0;
  const receiver: Receiver = {
    url: '',
    received: [],
    delayMs: 0,
    maxInFlight: 0,
    reset() {
      receiver.received.length = 0;
      receiver.delayMs = 0;
      receiver.maxInFlight = 0;
    },
    close: () => closeServer(server),
  };
  const server = createServer((req, res) => {
    inFlight += 1;
    receiver.maxInFlight = Math.max(receiver.maxInFlight, inFlight);
    const startedAt = Date.now();
    void readBody(req).then((body) => {
      const url = req.url ?? '/';
      const [path = '/', query = ''] = url.split('?', 2);
      const params = Object.fromEntries(new URLSearchParams(req.method === 'POST' ? body : query));
      receiver.received.push({ method: req.method ?? '', url, path, query, headers: req.headers, body, params, startedAt });
      const answer = () => {
        inFlight -= 1;
        res.writeHead(200).end();
      };
      if (receiver.delayMs > 0) setTimeout(answer, receiver.delayMs);
      else answer();
    });
  });
  receiver.url = await listen(server, '127.0.0.1', 0);
  return receiver;
}

export interface ApiAnswer {
  status: number;
  json: unknown;
  text: string;
}

/** A minimal Telphin API client: client_credentials token, bearer calls under `/api/ver1.0`. */
export class TelphinTestClient {
  token = '';

  constructor(private readonly sim: RunningSimulator) {}

  async login(): Promise<string> {
    const { clientId, clientSecret } = this.sim.telphin;
    const res = await fetch(`${this.sim.urls.telphin}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }),
    });
    this.token = ((await res.json()) as { access_token: string }).access_token;
    return this.token;
  }

  async api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer> {
    const res = await fetch(`${this.sim.urls.telphin}/api/ver1.0${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text === '' ? null : JSON.parse(text);
    } catch {
      json = null;
    }
    return { status: res.status, json, text };
  }

  /** Registers `types` hooks on every extension id, pointing at `${receiverUrl}/hook/<id>?myid=<id>`. */
  async hookAll(receiverUrl: string, ids: number[], types: string[], method: 'GET' | 'POST' = 'POST'): Promise<void> {
    for (const id of ids) {
      for (const event_type of types) {
        const r = await this.api('POST', `/extension/${id}/event/`, { url: `${receiverUrl}/hook/${id}?myid=${id}`, method, event_type });
        if (r.status !== 201) throw new Error(`hook create failed: ${r.status} ${r.text}`);
      }
    }
  }
}

export const CALL_EVENTS = ['dial-in', 'dial-out', 'answer', 'hangup'];

/** The Telphin extension id of a site-C number (`401` → 1401). */
export const idOf = (number: string) => 1000 + Number(number);
