import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Pipeline } from '@/server/pipeline';
import { HOOK_EXTENSION_PARAM } from '@/server/connectors/webhook-token';
import { parseWebhookParams } from './parse-webhook-body';

/**
 * The `/hooks/{connectionId}/{event}` route without Next, for connector integration tests: the same
 * body parser and the same intake as `app/hooks/[connectionId]/[event]/route.ts`, on a free port.
 */
export async function startIntakeTestServer(pipeline: () => Pipeline): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const url = `http://127.0.0.1${req.url}`;
      const match = /^\/hooks\/([^/]+)\/([^/?]+)/.exec(req.url ?? '');
      const body = req.method === 'POST' ? Buffer.concat(chunks) : undefined;
      const parsed = await parseWebhookParams(new Request(url, { method: req.method, headers: req.headers as Record<string, string>, body }));
      if (!match || !parsed.ok) return res.writeHead(400).end();
      const query = new URL(url).searchParams;
      const result = pipeline().webhooks.receive({
        connectionId: match[1]!,
        event: match[2]!,
        token: query.get('token'),
        method: req.method ?? 'GET',
        params: parsed.params,
        hookExtension: query.get(HOOK_EXTENSION_PARAM),
      });
      res.writeHead(result.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
