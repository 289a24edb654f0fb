/**
 * Shapes of the `/api/connections…` answers (docs/admin-api.md), checked before the page trusts them.
 * The types are `lib/connection-admin.ts`'s; these schemas only mirror them for the browser.
 */
import { z } from 'zod';
import type { ConnectionAdminView, ProbeResult } from '@/lib/connection-admin';

export const ZConnectionAdminView: z.ZodType<ConnectionAdminView> = z.object({
  id: z.string(),
  vendor: z.enum(['noojee', 'switchvox', 'telphin', 'voipnow']),
  name: z.string(),
  source: z.enum(['file', 'demo', 'ui']),
  sourceDetail: z.string(),
  editable: z.boolean(),
  enabled: z.boolean(),
  status: z.enum(['connecting', 'live', 'degraded', 'down', 'disabled']),
  lastEventAt: z.string().nullable(),
  error: z.string().nullable(),
  settings: z.record(z.string(), z.unknown()),
  secretsSet: z.array(z.string()),
  manageHooks: z.boolean(),
});

export const ZConnectionList = z.object({ connections: z.array(ZConnectionAdminView) });
export const ZConnectionResponse = z.object({ connection: ZConnectionAdminView });

export const ZProbeResult: z.ZodType<ProbeResult> = z.object({
  ok: z.boolean(),
  step: z.enum(['config', 'dns', 'connect', 'tls', 'auth', 'permission', 'protocol']).optional(),
  message: z.string(),
  facts: z.array(z.string()),
  ms: z.number(),
});
export const ZProbeResponse = z.object({ result: ZProbeResult });
