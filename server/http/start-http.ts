import http from 'node:http';
import next from 'next';
import type { AuthService } from '@/server/auth/auth-service';
import type { Hub } from '@/server/hub/hub';
import { logger } from '@/server/log';
import { gatePage } from './page-gate';
import { setSecurityHeaders } from './security-headers';

export interface HttpServer {
  url: string;
  close(): Promise<void>;
}

/** Next.js pages and route handlers plus the `/ws` upgrade, on one listener. */
export async function startHttp(options: { host: string; port: number; dev: boolean; hub: Hub; auth: AuthService }): Promise<HttpServer> {
  const { host, port, dev, hub, auth } = options;
  const server = http.createServer();
  // Passing httpServer lets Next attach its own upgrade handling (HMR in dev) beside ours.
  const app = next({ dev, hostname: host, port, httpServer: server, dir: process.cwd() });
  await app.prepare();
  const handle = app.getRequestHandler();
  server.on('request', (req, res) => {
    setSecurityHeaders(res, dev);
    if (gatePage(req, res, auth)) return;
    handle(req, res).catch((err: unknown) => {
      logger.error({ err, path: req.url?.split('?')[0] }, 'request failed');
      if (!res.headersSent) res.writeHead(500).end('Internal error');
    });
  });
  server.on('upgrade', (req, socket, head) => {
    hub.handleUpgrade(req, socket, head);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://${host}:${actualPort}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
