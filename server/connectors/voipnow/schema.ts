/**
 * Tolerant readers for UAPI replies (voipnow.md §1.4, §2.1, §4.1; A7, A9): enums may be strings or
 * numbers, `callerId` may be `callerID`, NULL fields are omitted. Everything is optional so a reply
 * with an unexpected extra or missing field is read rather than refused.
 */
import { z } from 'zod';

/** A string-or-number enum read as a string. */
const ZEnum = z.union([z.string(), z.number()]).transform((v) => String(v));

export const ZTokenResponse = z.object({ access_token: z.string().min(1), expires_in: z.coerce.number().positive().optional() });

/** `{"error":{"code","message"}}` (UAPI) or `{"error":"invalid_client"}` (OAuth). */
export const ZErrorBody = z.object({
  error: z.union([z.string(), z.object({ code: z.unknown().optional(), message: z.unknown().optional() })]),
  error_description: z.string().optional(),
});

export const ZPhoneCallEvent = z.object({
  id: z.union([z.string(), z.number()]).transform((v) => String(v)),
  type: ZEnum.optional(),
  method: ZEnum.optional(),
  url: z.string().optional(),
  status: ZEnum.optional(),
  note: z.string().optional(),
  modified: z.string().optional(),
});
export type TPhoneCallEvent = z.infer<typeof ZPhoneCallEvent>;

export interface PhoneCallEventInput {
  type: string;
  method: '0' | '1';
  url: string;
  status: '0' | '1';
  note?: string;
}

const ZNumbers = z
  .union([z.array(z.union([z.string(), z.number()])), z.string(), z.number()])
  .transform((v) => (Array.isArray(v) ? v : [v]).map((x) => String(x)));

export const ZPhoneCallView = z
  .object({
    id: ZEnum.optional(),
    extension: ZEnum.optional(),
    source: ZNumbers.optional(),
    destination: ZNumbers.optional(),
    flow: ZEnum.optional(),
    status: ZEnum.optional(),
    callerId: z.string().optional(),
    callerID: z.string().optional(),
    ringing: z.string().optional(),
    recording: z.string().optional(),
    answered: z.string().optional(),
    onHold: z.string().optional(),
    holder: ZEnum.optional(),
    /** CDR only: `0` ANSWERED, `1` BUSY, `2` FAILED, `3` NO ANSWER, `4` UNKNOWN, `5` NOT ALLOWED. */
    disposition: ZEnum.optional(),
  })
  .transform(({ callerID, ...view }) => ({ ...view, callerId: view.callerId ?? callerID }));
export type TPhoneCallView = z.infer<typeof ZPhoneCallView>;

export const ZPhoneCall = z.object({
  id: z.union([z.string(), z.number()]).transform((v) => String(v)),
  extension: ZEnum.optional(),
  published: z.string().optional(),
  answered: z.string().optional(),
  phoneCallView: z.array(z.unknown()).optional(),
});
export type TPhoneCall = Omit<z.infer<typeof ZPhoneCall>, 'phoneCallView'> & { phoneCallView: TPhoneCallView[] };
