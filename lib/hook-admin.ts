/**
 * The admin contract for each extension's event hooks on the PBX (`/admin/hooks`, DESIGN.md §5
 * `/api/connections/{id}/extensions/{number}/hooks…`), shared by the browser forms and the routes.
 * Field names and enum values are the vendors' own (telphin.md §4.1, voipnow.md §2.1), so the
 * browser's checks mirror the PBX's and the PBX's error codes map onto the same fields.
 */
import { z } from 'zod';

export const TELPHIN_EVENT_TYPES = ['dial-in', 'dial-out', 'answer', 'hangup', 'message-in', 'message-out'] as const;
export const VOIPNOW_EVENT_TYPES = ['0', '1', '2', '3', '4'] as const;
export const VOIPNOW_TYPE_LABELS: Record<(typeof VOIPNOW_EVENT_TYPES)[number], string> = {
  '0': 'Dial-In',
  '1': 'Dial-Out',
  '2': 'Hangup',
  '3': 'Answer (incoming)',
  '4': 'Answer (outgoing)',
};
export const VOIPNOW_NOTE_MAX = 1024;

/**
 * A hook URL: absolute http(s). `linesight` instead of a URL asks the server to fill in this
 * connection's own intake URL (with its secret token, which never reaches the browser).
 */
const ZHookUrl = z
  .string()
  .trim()
  .min(1, 'Enter the URL the PBX should call.')
  .max(2048, 'At most 2048 characters.')
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'Enter an absolute http:// or https:// URL.');

export const ZHookTarget = z.discriminatedUnion('target', [
  z.object({ target: z.literal('url'), url: ZHookUrl }),
  z.object({ target: z.literal('linesight') }),
]);

/** Telphin hook fields (telphin.md §4.1): all three required on create and update. */
export const ZTelphinHookInput = z.object({
  vendor: z.literal('telphin'),
  event_type: z.enum(TELPHIN_EVENT_TYPES, 'Choose an event type.'),
  method: z.enum(['GET', 'POST'], 'Choose GET or POST.'),
  destination: ZHookTarget,
});

/** VoipNow PhoneCallEvent fields (voipnow.md §2.1); `type` is immutable after create. */
export const ZVoipnowHookInput = z.object({
  vendor: z.literal('voipnow'),
  type: z.enum(VOIPNOW_EVENT_TYPES, 'Choose an event type.'),
  method: z.enum(['0', '1'], 'Choose GET or POST.'),
  destination: ZHookTarget,
  note: z.string().max(VOIPNOW_NOTE_MAX, `At most ${VOIPNOW_NOTE_MAX} characters.`).default(''),
  status: z.enum(['0', '1'], 'Choose enabled or disabled.'),
});

export const ZHookInput = z.discriminatedUnion('vendor', [ZTelphinHookInput, ZVoipnowHookInput]);
export type THookInput = z.infer<typeof ZHookInput>;

/** When our intake last heard from a hook of ours, and how often in the last hour. */
export interface HookDelivery {
  lastAt: string | null;
  lastHour: number;
}

interface HookViewBase {
  /** Opaque id for `/hooks/{hookId}` (VoipNow's embeds the event type, part of its resource path). */
  id: string;
  /** The URL as the PBX holds it; our token is shown as `•••`. */
  url: string;
  /** Points at this Linesight connection's intake. */
  ours: boolean;
  /** Only for ours. */
  delivery: HookDelivery | null;
}

export type HookView =
  | (HookViewBase & { vendor: 'telphin'; event_type: string; method: string })
  | (HookViewBase & { vendor: 'voipnow'; type: string; method: string; note: string; status: string; modified: string | null });

/** An extension the hooks of which can be managed. */
export interface HookExtension {
  /** How the vendor's hook API addresses it (Telphin's numeric id, VoipNow's extended number). */
  key: string;
  /** What a person reads, e.g. `0003*401`. */
  label: string;
  name: string | null;
  kind: string | null;
  /** Watched by the connection (the board shows it). */
  watched: boolean;
}

/** Outcome of "send this extension's call events to Linesight" (or remove ours): safe to repeat. */
export interface BulkHookResult {
  extension: string;
  ok: boolean;
  created: number;
  updated: number;
  deleted: number;
  kept: number;
  message: string;
}

/** A vendor refusal mapped to the form: `fieldErrors` keys are the input's field names (`url` for the destination). */
export interface HookErrorBody {
  error: string;
  code?: string;
  fieldErrors?: Record<string, string[]>;
}
