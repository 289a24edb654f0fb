import { z } from 'zod';

/** A Noojee CallManagementAPI server (noojee.md §1). */
export const ZNoojeeConnection = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i, 'letters, digits, - and _ only'),
  vendor: z.literal('noojee'),
  name: z.string().min(1),
  /** Server root, e.g. `https://pbx.example`; the client appends `/servicemanager/rest/…`. */
  baseUrl: z.url(),
  apiKey: z.string().min(1),
  extensions: z.array(z.string().regex(/^\d+$/, 'bare extension numbers, no tech prefix')).min(1),
  /** Channel technology for `dial`/`answer` (`SIP/100`). */
  tech: z.string().default('SIP'),
  /** Long-poll `timeOut` in seconds (noojee.md §4: 20–30 s). */
  pollTimeoutS: z.number().int().min(1).max(120).default(25),
});

export const ZConnectionConfig = z.discriminatedUnion('vendor', [ZNoojeeConnection]);
export type TNoojeeConnection = z.infer<typeof ZNoojeeConnection>;
export type TConnectionConfig = z.infer<typeof ZConnectionConfig>;

export const ZConfigFile = z.object({ connections: z.array(ZConnectionConfig) });
