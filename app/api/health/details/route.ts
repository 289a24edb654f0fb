import type { THealthDetails } from '@/lib/health-details';
import { guarded } from '@/server/auth/guard';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** The admin health page's figures: storage, clients, and per connection status, rate, lag, reconnects, rejects. */
export const GET = guarded('admin', () => {
  const { connections, stats, projector, hub } = getRuntime();
  const details: THealthDetails = {
    uptimeS: Math.round(process.uptime()),
    rssBytes: process.memoryUsage.rss(),
    wsClients: hub.clientCount,
    storage: projector.storageHealth(),
    connections: connections.list().map((c) => ({
      id: c.id,
      name: c.name,
      vendor: c.vendor,
      status: c.status,
      error: c.error,
      lastEventAt: c.lastEventAt,
      ...stats.figures(c.id),
    })),
  };
  return Response.json(details);
});
