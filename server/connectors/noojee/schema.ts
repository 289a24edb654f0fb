/**
 * Zod schemas for CallManagementAPI replies, lenient as noojee.md §7.4 asks: unknown fields are kept
 * (newer servers already added three), optional flags default to false, loose scalar types accepted.
 */
import { z } from 'zod';
import { parseCallStartTime } from './call-start-time';

/** The seven `CallData.status` strings, exactly as spelled by the vendor (§3.2). */
export const NOOJEE_STATUSES = ['Ringing', 'Dialing Out', 'Connected', 'Unlinked', 'Hungup', 'Busy', 'No Answer'] as const;
export type TNoojeeStatus = (typeof NOOJEE_STATUSES)[number];

/** Integers the vendor may send as numbers or numeric strings (A11: the binding reads ids as strings). */
const ZInt = z.union([z.number().int(), z.string().trim().regex(/^-?\d+$/).transform(Number)]);

/** Booleans, tolerating "true"/"false" strings and null; absent means false (`canAnswer`, §3.1). */
const ZFlag = z
  .union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true'), z.null()])
  .optional()
  .transform((v) => v ?? false);

/** Optional strings, tolerating null and numbers (phone numbers are sometimes typed as numbers). */
const ZText = z
  .union([z.string(), z.number().transform(String), z.null()])
  .optional()
  .transform((v) => v ?? '');

/** `CallData` of one subscribe entry (§3.1). */
export const ZCallData = z.looseObject({
  status: z.string(),
  // Opaque: the docs' own example contains a hyphen (§2.4).
  uniqueCallId: z.union([z.string().trim().min(1), z.number().transform(String)]),
  callerId: ZText,
  canAnswer: ZFlag,
  callStartTime: z
    .union([z.string(), z.null()])
    .optional()
    .transform((v) => parseCallStartTime(v)),
  isQueueCall: ZFlag,
  isClickToDialCall: ZFlag,
  // Kept tri-state: when absent the normaliser falls back to what it already knows about the leg.
  inbound: z
    .union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true'), z.null()])
    .optional()
    .transform((v) => v ?? undefined),
  otherPartyCallerId: ZText,
  connectedCallerIdNum: ZText,
  outboundDestination: ZText,
});
export type TCallData = z.infer<typeof ZCallData>;

/** One entry in a subscribe reply: `{"CallData":{…},"CallID":n,"Code":0}`; `CallID` is not a call key. */
export const ZSubscribeEntry = z.looseObject({
  CallData: ZCallData,
  CallID: ZInt.optional(),
  Code: ZInt.optional(),
});
export type TSubscribeEntry = z.infer<typeof ZSubscribeEntry>;

/**
 * `Data`: extension → entries. Entries stay unparsed here so one malformed entry is skipped by the
 * normaliser instead of failing the whole reply; a lone object or null is tolerated (A3).
 */
export const ZSubscribeData = z.record(
  z.string(),
  z.preprocess((v) => (v == null ? [] : Array.isArray(v) ? v : [v]), z.array(z.unknown())),
);
export type TSubscribeData = z.infer<typeof ZSubscribeData>;

/** Envelope every method returns (§1.3): `Code` always, `Message` mostly. */
export const ZResult = z.looseObject({
  Code: ZInt,
  Message: z
    .union([z.string(), z.number().transform(String), z.null()])
    .optional()
    .transform((v) => v ?? undefined),
});
export type TResult = z.infer<typeof ZResult>;

/** `subscribe` reply (§2.1): `seq` is top level (A2); `Data` may be missing or `{}`. */
export const ZSubscribeResponse = ZResult.extend({
  seq: ZInt,
  Data: ZSubscribeData.nullish().transform((d) => d ?? {}),
});
export type TSubscribeResponse = z.infer<typeof ZSubscribeResponse>;

/** `answer`, `start`, `stop`, `hangup` reply: `{"Message":…,"Code":n}`. */
export const ZCommandResponse = ZResult;
export type TCommandResponse = z.infer<typeof ZCommandResponse>;

/** `dial` reply (§2.3): `SessionID` is an integer in the docs, a string in the vendor binding (A11). */
export const ZDialResponse = ZResult.extend({
  SessionID: z
    .union([z.number().transform(String), z.string(), z.null()])
    .optional()
    .transform((v) => v ?? undefined),
});
export type TDialResponse = z.infer<typeof ZDialResponse>;

/** Whether a status string is one of the seven documented ones. */
export function isNoojeeStatus(status: string): status is TNoojeeStatus {
  return (NOOJEE_STATUSES as readonly string[]).includes(status);
}
