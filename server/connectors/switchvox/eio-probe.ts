/**
 * The Engine.IO version probe of switchvox.md §1.3 point 4: an EIO v3 server answers a v3 polling
 * handshake with 200, an EIO-v4-only server with 400 "Unsupported protocol version". Told to the log
 * at start, and into the status when connecting fails, because the socket error alone is cryptic.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { RTAPI_PATH } from './rpc-session';

export type EioProbeResult = 'eio3' | 'eio4-only' | 'unknown';

export interface EioProbeOptions {
  /** PBX origin. */
  url: string;
  ca?: string;
  rejectUnauthorized: boolean;
  timeoutMs?: number;
}

/** Asks the PBX which Engine.IO protocol it speaks; never rejects. */
export function probeEngineIo(options: EioProbeOptions): Promise<{ result: EioProbeResult; detail: string }> {
  const target = new URL(`${RTAPI_PATH}/?EIO=3&transport=polling&b64=1`, options.url);
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const req = request(
      target,
      { method: 'GET', ca: options.ca, rejectUnauthorized: options.rejectUnauthorized, timeout: options.timeoutMs ?? 5_000 },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (body.length < 2_000) body += chunk;
        });
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          // v3 polling payloads are length-prefixed: `97:0{"sid":…}` (§1.3).
          if (status === 200 && /^\d+:0\{/.test(body)) resolve({ result: 'eio3', detail: 'Engine.IO v3 handshake answered' });
          else if (status === 400 && /Unsupported protocol version/i.test(body)) resolve({ result: 'eio4-only', detail: body.slice(0, 200) });
          else resolve({ result: 'unknown', detail: `HTTP ${status}` });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('probe timed out')));
    req.on('error', (error) => resolve({ result: 'unknown', detail: error.message }));
    req.end();
  });
}
