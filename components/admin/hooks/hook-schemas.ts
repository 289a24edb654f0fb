/**
 * Answer shapes of the hook routes (docs/admin-api.md). `lib/hook-admin.ts` declares them as
 * interfaces only; these schemas parse the JSON against the same types so the page never trusts it blindly.
 */
import { z } from 'zod';
import type { BulkHookResult, HookExtension, HookView } from '@/lib/hook-admin';

// Telphin's ids are numbers on the PBX; the contract sends them as strings, but either reads the same.
const ZId = z.union([z.string(), z.number()]).transform(String);

const ZHookDelivery = z.object({ lastAt: z.string().nullable(), lastHour: z.number() });

const hookBase = { id: ZId, url: z.string(), ours: z.boolean(), delivery: ZHookDelivery.nullable().catch(null) };

export const ZHookView = z.discriminatedUnion('vendor', [
  z.object({ ...hookBase, vendor: z.literal('telphin'), event_type: z.string(), method: z.string() }),
  z.object({
    ...hookBase,
    vendor: z.literal('voipnow'),
    type: z.string(),
    method: z.string(),
    note: z.string().catch(''),
    status: z.string(),
    modified: z.string().nullable().catch(null),
  }),
]) satisfies z.ZodType<HookView, unknown>;

export const ZHookList = z.object({ hooks: z.array(ZHookView) });
export const ZHookResponse = z.object({ hook: ZHookView });

export const ZHookExtension = z.object({
  key: ZId,
  label: z.string(),
  name: z.string().nullable().catch(null),
  kind: z.string().nullable().catch(null),
  watched: z.boolean().catch(false),
}) satisfies z.ZodType<HookExtension, unknown>;

export const ZHookExtensionList = z.object({ extensions: z.array(ZHookExtension) });

export const ZBulkHookResult = z.object({
  extension: z.string(),
  ok: z.boolean(),
  created: z.number(),
  updated: z.number(),
  deleted: z.number(),
  kept: z.number(),
  message: z.string(),
}) satisfies z.ZodType<BulkHookResult, unknown>;

export const ZBulkHookResponse = z.object({ result: ZBulkHookResult });

/** The part of `ConnectionAdminView` this page needs. */
export const ZHookConnection = z.object({
  id: z.string(),
  vendor: z.enum(['noojee', 'switchvox', 'telphin', 'voipnow']),
  name: z.string(),
  enabled: z.boolean(),
  manageHooks: z.boolean(),
});
export const ZConnectionList = z.object({ connections: z.array(ZHookConnection) });
export type THookConnection = z.infer<typeof ZHookConnection>;
