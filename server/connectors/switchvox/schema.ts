/**
 * Zod schemas for the Switchvox Realtime API (switchvox.md §3, §5, §6), as §11.8 asks: strict on what
 * identifies a message (`jsonrpc`, topic, `uniqueId`, `status`), tolerant everywhere else — unknown
 * members kept, optional members nullable, unknown `status` / `direction` values kept raw.
 */
import { z } from 'zod';

/** The only topic the connector subscribes to (§5.2). */
export const LINE_TOPIC = 'state.change.extension.line';

/** The documented line statuses (§6.9); anything else is kept raw. */
export const SWITCHVOX_STATUSES = ['idle', 'starting', 'calling', 'ringing', 'onThePhone', 'onHold'] as const;
export type TSwitchvoxStatus = (typeof SWITCHVOX_STATUSES)[number];

/** Whether a raw status is one of the six documented ones (case matters, §6.9). */
export function isSwitchvoxStatus(status: string): status is TSwitchvoxStatus {
  return (SWITCHVOX_STATUSES as readonly string[]).includes(status);
}

/** Timestamps below this are epoch seconds, not milliseconds (§6.4). */
const SECONDS_LIMIT = 1e11;

/**
 * §6.4: epoch milliseconds; a number below 10^11 is seconds; a string is ISO-8601 (a digit string is
 * read as a number). Returns epoch ms, or null when the value is none of these.
 */
export function parseTimestamp(value: unknown): number | null {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return null;
    return Math.round(value < SECONDS_LIMIT ? value * 1000 : value);
  }
  if (typeof value !== 'string' || value.trim() === '') return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return parseTimestamp(Number(text));
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/** A required Timestamp, as epoch ms. */
export const ZTimestamp = z.unknown().transform((value, ctx) => {
  const ms = parseTimestamp(value);
  if (ms === null) {
    ctx.addIssue({ code: 'custom', message: 'not a Timestamp (epoch ms, epoch s or ISO-8601)' });
    return z.NEVER;
  }
  return ms;
});

/** Optional strings, tolerating numbers (caller-ID numbers typed as numbers) and null. */
const ZText = z
  .union([z.string(), z.number().transform(String), z.null()])
  .optional()
  .transform((v) => v ?? null);

/** AccountObject (§6.1): `accountId` an integer or numeric string; `serverUuid` optional. */
export const ZAccountObject = z.looseObject({
  accountId: z.union([z.number().int().nonnegative(), z.string().trim().regex(/^\d+$/).transform(Number)]),
  serverUuid: z
    .string()
    .nullish()
    .transform((v) => v || null),
});
export type TAccountObject = z.infer<typeof ZAccountObject>;

/** An optional AccountObject: a malformed one reads as absent rather than failing the notification. */
const ZOptionalAccount = ZAccountObject.nullish()
  .transform((v) => v ?? null)
  .catch(null);

/** Remote (§6.3): `name`/`number` may be `""`; `account` only for parties on this PBX. */
export const ZRemote = z.looseObject({
  name: ZText.transform((v) => v ?? ''),
  number: ZText.transform((v) => v ?? ''),
  account: ZOptionalAccount,
});
export type TRemote = z.infer<typeof ZRemote>;

/** Conference (§6.6): an object with `extension`/`name`, or a bare `true`; falsy = not in one. */
export const ZConference = z
  .union([
    z.looseObject({ extension: ZText, name: ZText }),
    z.boolean().transform((v) => (v ? { extension: null, name: null } : null)),
    z.union([z.string().min(1), z.number()]).transform((v) => ({ extension: String(v), name: null })),
    z.null(),
    z.literal(''),
  ])
  .optional()
  .transform((v) => (v === '' || v === undefined ? null : v))
  .catch(null);
export type TConference = z.infer<typeof ZConference>;

/** Endpoint (§6.2): display only, never identity, so anything unexpected reads as absent. */
const ZEndpoint = z
  .looseObject({ convergedDeviceId: z.union([z.number(), z.string()]).nullish(), label: ZText })
  .nullish()
  .transform((v) => v ?? null)
  .catch(null);

/** The event data of one `state.change.extension.line` notification (§5.2). */
export const ZLineEvent = z.looseObject({
  // Opaque and compared as text (§6.10): a number would already have lost digits (99.100 vs 99.1).
  uniqueId: z.string().trim().min(1),
  status: z.string().min(1),
  account: ZAccountObject,
  serverTime: ZTimestamp,
  startTime: z
    .unknown()
    .transform((v) => parseTimestamp(v))
    .optional()
    .transform((v) => v ?? null),
  direction: z
    .string()
    .nullish()
    .catch(null)
    .transform((v) => v ?? null),
  remotes: z.preprocess(
    (v) => (Array.isArray(v) ? v.filter((r) => typeof r === 'object' && r !== null) : []),
    z.array(ZRemote),
  ),
  endpoint: ZEndpoint,
  dialData: z
    .unknown()
    .optional()
    .transform((v) => v ?? null),
  conference: ZConference,
  intercom: z
    .boolean()
    .nullish()
    .catch(null)
    .transform((v) => v ?? false),
  displayUrl: z
    .string()
    .nullish()
    .catch(null)
    .transform((v) => v || null),
  queueId: ZOptionalAccount,
});
export type TLineEvent = z.infer<typeof ZLineEvent>;

/**
 * The envelope of a `notification` (§5.1): `method` = topic, `params` = data. Tolerated: data under
 * `result`, a missing `method` (the only subscribed topic), an `id` (a protocol deviation).
 */
export const ZNotification = z
  .looseObject({
    jsonrpc: z.literal('2.0'),
    method: z.string().min(1).optional(),
    params: z.unknown().optional(),
    result: z.unknown().optional(),
    id: z.union([z.string(), z.number(), z.null()]).optional(),
  })
  .transform((n, ctx) => {
    const data = n.params ?? n.result;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      ctx.addIssue({ code: 'custom', message: 'no event object under params or result' });
      return z.NEVER;
    }
    return { topic: n.method ?? LINE_TOPIC, data, hasId: n.id !== undefined };
  });
export type TNotification = z.infer<typeof ZNotification>;

/** A JSON-RPC error object (§3.2); `message` is informative only and `data` is ignored. */
export const ZRpcError = z.looseObject({
  code: z.number().int(),
  message: z.string().optional().catch(undefined),
});

/** The argument of a `response` event (§3.2): matched to its request by `id` only. */
export const ZRpcResponse = z.looseObject({
  jsonrpc: z.literal('2.0'),
  id: z.union([z.number(), z.string(), z.null()]),
  result: z.unknown().optional(),
  error: ZRpcError.optional(),
});
export type TRpcResponse = z.infer<typeof ZRpcResponse>;

/** JSON-RPC error codes the client branches on (§3.3). */
export const RPC_CODES = {
  invalidParams: -32602,
  notAuthenticated: -32000,
  notAuthorized: -32001,
  alreadyAuthenticated: -32002,
  internalError: -32603,
} as const;
