/** `GET /api/health/details` (admins): what the health page shows, refreshed every few seconds. */
import { z } from 'zod';

export const ZHealthDetails = z.object({
  uptimeS: z.number(),
  rssBytes: z.number(),
  wsClients: z.number(),
  storage: z.object({
    ok: z.boolean(),
    error: z.string().nullable(),
    pendingEvents: z.number(),
    droppedEvents: z.number(),
    since: z.string().nullable(),
  }),
  connections: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      vendor: z.string(),
      status: z.string(),
      error: z.string().nullable(),
      lastEventAt: z.string().nullable(),
      eventsPerSecond: z.number(),
      eventsTotal: z.number(),
      lagMs: z.number().nullable(),
      reconnects: z.number(),
      webhookRejects: z.number(),
    }),
  ),
});
export type THealthDetails = z.infer<typeof ZHealthDetails>;
