/**
 * Zod schemas for Telphin hook requests (telphin.md §5.2) and REST replies (§2–§8), lenient as §11.1
 * asks: parameter names matched case-insensitively, every value a string, `@domain` stripped from
 * extension fields, unknown fields ignored, ids accepted as numbers or strings.
 */
import { z } from 'zod';

/** The event types a hook can fire (§4.1); only the first four describe calls. */
export const CALL_EVENT_TYPES = ['dial-in', 'dial-out', 'answer', 'hangup'] as const;
export type TCallEventType = (typeof CALL_EVENT_TYPES)[number];

/** Hook parameter names exactly as §5.2 spells them. */
const HOOK_PARAM_NAMES = [
  'EventType', 'CallID', 'SubCallID', 'CallAPIID', 'EventTime', 'CallFlow', 'CallStatus', 'CallerIDNum', 'CallerIDName',
  'CalledNumber', 'CalledDID', 'CalledExtension', 'CalledExtensionID', 'CallerExtension', 'CallerExtensionID', 'Duration',
  'RecID', 'Bridged', 'Transfered', 'RemoteNumber', 'CallBackID',
] as const;

const canonicalByLower = new Map<string, string>(HOOK_PARAM_NAMES.map((name) => [name.toLowerCase(), name]));
// The vendor spells it with one r (§5.2); a receiver meeting the dictionary spelling loses nothing.
canonicalByLower.set('transferred', 'Transfered');

/**
 * Hook parameters under their §5.2 names whatever their case (§11.1). An exact-case name wins over a
 * case variant of it; values that are not strings (a JSON body) are turned into strings or dropped.
 */
export function canonicalHookParams(params: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  const exact = new Set<string>();
  for (const [key, value] of Object.entries(params)) {
    const name = canonicalByLower.get(key.toLowerCase());
    if (!name || exact.has(name)) continue;
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    out[name] = String(value);
    if (key === name) exact.add(name);
  }
  return out;
}

/** An optional string; blank means absent (§5.1: parameters that do not apply are omitted). */
const ZText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/** `2566*102@sipproxy.telphin.ru` → `2566*102` (§3.2: integrations keep the part before `@`). */
const ZExtensionField = ZText.transform((v) => (v === undefined ? undefined : v.split('@')[0] || undefined));

/** Decimal microseconds (§5.2 `EventTime`, `Duration`); anything else is treated as absent. */
const ZMicros = z
  .string()
  .optional()
  .transform((v) => (v !== undefined && /^\s*\d{1,19}\s*$/.test(v) ? Number(v.trim()) : undefined));

const lower = (v: string | undefined) => v?.toLowerCase();

/** One call-event hook request, parsed (§5.2, §5.3). */
export const ZHookParams = z.object({
  EventType: z.string().trim().toLowerCase().min(1),
  CallID: z.string().trim().min(1),
  SubCallID: z.string().trim().min(1),
  CallAPIID: ZText,
  EventTime: ZMicros,
  // §9 #3: lower case in hooks, upper case elsewhere; compared case-insensitively.
  CallFlow: ZText.transform(lower),
  CallStatus: ZText.transform((v) => v?.toUpperCase()),
  CallerIDNum: ZText,
  CallerIDName: ZText,
  CalledNumber: ZText,
  CalledDID: ZText,
  CalledExtension: ZExtensionField,
  CalledExtensionID: ZText,
  CallerExtension: ZExtensionField,
  CallerExtensionID: ZText,
  Duration: ZMicros,
  RecID: ZText,
  Bridged: ZText.transform(lower),
  Transfered: ZText.transform(lower),
  RemoteNumber: ZText,
  CallBackID: ZText,
});
export type THookParams = z.infer<typeof ZHookParams>;

/** Ids the API sends as integers (extension, hook, client) and we keep as strings. */
const ZId = z.union([z.number().int(), z.string().trim().min(1)]).transform(String);

/** `POST /oauth/token` reply (§2.2). */
export const ZTokenResponse = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.union([z.number(), z.string().regex(/^\d+(\.\d+)?$/).transform(Number)]).optional(),
  scope: z.string().optional(),
});
export type TTokenResponse = z.infer<typeof ZTokenResponse>;

/** `GET /user` (§2.3): clients use it to learn their `client_id`. */
export const ZUser = z.looseObject({
  id: ZId.nullish(),
  login: z.string().nullish(),
  /** Absent for some logins; `@me` then stands for the token's client (§2.3). */
  client_id: ZId.nullish().transform((v) => v ?? '@me'),
  extension_id: ZId.nullish(),
  admin: z.boolean().nullish(),
});
export type TUser = z.infer<typeof ZUser>;

/** One extension of `GET /client/{client_id}/extension/` (§3.2). */
export const ZExtension = z.looseObject({
  id: ZId,
  name: z.string().trim().min(1),
  type: z.string(),
  status: z.string().nullish(),
  label: z.string().nullish(),
  client_id: ZId.nullish(),
});
export type TExtension = z.infer<typeof ZExtension>;

/** A hook object (§4.1). */
export const ZHook = z.looseObject({
  id: ZId,
  url: z.string(),
  method: z.string(),
  event_type: z.string(),
});
export type THook = z.infer<typeof ZHook>;

/** What we send to create or update a hook (§4.2). */
export interface THookInput {
  url: string;
  method: 'GET' | 'POST';
  event_type: string;
}

/** `caller_extension` / `called_extension` of a current call (§8.3). */
const ZCallExtension = z
  .looseObject({ id: ZId.nullish(), type: z.string().nullish(), name: z.string().nullish() })
  .nullish()
  .catch(null);

const ZNullableText = z
  .union([z.string(), z.number().transform(String)])
  .nullish()
  .transform((v) => (v == null || v.trim() === '' ? null : v.trim()));

/** One entry of `GET /client/{client_id}/current_calls/` (§8.3 [observed]); every field optional. */
export const ZCurrentCall = z.looseObject({
  call_api_id: ZNullableText,
  extension_id: ZNullableText,
  call_flow: ZNullableText,
  caller_id_number: ZNullableText,
  caller_id_name: ZNullableText,
  called_number: ZNullableText,
  called_did: ZNullableText,
  callback_id: ZNullableText,
  record_uuid: ZNullableText,
  init_time_gmt: ZNullableText,
  answer_time_gmt: ZNullableText,
  caller_extension: ZCallExtension,
  called_extension: ZCallExtension,
});
export type TCurrentCall = z.infer<typeof ZCurrentCall>;

/** A JSON array whose entries are parsed one by one (a malformed one is skipped, not fatal). */
export const ZList = z.array(z.unknown());

/** The `current_calls` envelope; entries stay unparsed so one malformed entry is skipped alone. */
export const ZCurrentCalls = z.union([
  z.looseObject({ call_list: z.array(z.unknown()).nullish().transform((v) => v ?? []) }).transform((v) => v.call_list),
  ZList,
]);

/** `POST /extension/{id}/callback/` reply (§7 [observed]). */
export const ZCallbackResponse = z.looseObject({
  call_api_id: ZId.nullish(),
  call_id: ZId.nullish(),
});
export type TCallbackResponse = z.infer<typeof ZCallbackResponse>;

/** `POST /extension/{id}/callback/` body (§7); only the fields Linesight uses are typed. */
export interface TCallbackRequest {
  src_num: string[];
  dst_num: string;
  caller_id_name?: string;
  caller_id_number?: string;
  [extra: string]: unknown;
}

/** Error replies (§4.3); OAuth servers may answer `error` / `error_description` instead. */
export const ZErrorBody = z.looseObject({
  message: z.string().optional(),
  error: z.string().optional(),
  error_description: z.string().optional(),
});

/** `YYYY-MM-DD HH:MM:SS` in GMT (§1) → ISO-8601, or null when it is not that. */
export function parseGmt(value: string | null | undefined): string | null {
  const m = value ? /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value) : null;
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
