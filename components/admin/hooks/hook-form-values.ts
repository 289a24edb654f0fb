import type { z } from 'zod';
import type { HookView } from '@/lib/hook-admin';
import type { FieldErrors } from '../../api/api-error';

export type HookVendor = 'telphin' | 'voipnow';
export type DestinationTarget = 'linesight' | 'url';

/** What the hook form holds, as strings, before `ZHookInput` checks it. */
export interface HookFormValues {
  event_type: string;
  type: string;
  method: string;
  note: string;
  status: string;
  target: DestinationTarget;
  url: string;
}

/** A new hook sends call events to Linesight by default; an edit starts from the hook as the PBX holds it. */
export function hookFormDefaults(vendor: HookVendor, hook?: HookView): HookFormValues {
  const values: HookFormValues = {
    event_type: 'dial-in',
    type: '0',
    method: vendor === 'telphin' ? 'POST' : '1',
    note: '',
    status: '1',
    target: 'linesight',
    url: '',
  };
  if (!hook) return values;
  values.target = hook.ours ? 'linesight' : 'url';
  values.url = hook.ours ? '' : hook.url;
  values.method = hook.method;
  if (hook.vendor === 'telphin') values.event_type = hook.event_type;
  else Object.assign(values, { type: hook.type, note: hook.note, status: hook.status });
  return values;
}

/** The body to validate with `ZHookInput`: only the chosen vendor's fields, the URL only for "Other URL". */
export function hookDraft(vendor: HookVendor, values: HookFormValues): unknown {
  const destination = values.target === 'url' ? { target: 'url', url: values.url } : { target: 'linesight' };
  return vendor === 'telphin'
    ? { vendor, event_type: values.event_type, method: values.method, destination }
    : { vendor, type: values.type, method: values.method, note: values.note, status: values.status, destination };
}

/**
 * Browser-side messages keyed like the server's 400 (`fieldErrors.url`, `.note`, …): the
 * destination's URL problem belongs under the URL field, anything else about it under "Destination".
 */
export function hookFieldErrors(error: z.ZodError): FieldErrors {
  const errors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const [first, second] = issue.path.map(String);
    const key = first === 'destination' ? (second === 'url' ? 'url' : 'destination') : (first ?? '_');
    (errors[key] ??= []).push(issue.message);
  }
  return errors;
}

const formFields: Record<HookVendor, readonly string[]> = {
  telphin: ['event_type', 'method', 'destination', 'url'],
  voipnow: ['type', 'method', 'destination', 'url', 'note', 'status'],
};

/** True when a message will show under one of this vendor's fields; otherwise the form-level alert must speak. */
export function hasShownFieldErrors(vendor: HookVendor, errors: FieldErrors): boolean {
  return formFields[vendor].some((key) => (errors[key]?.length ?? 0) > 0);
}

/** The server's 400 `fieldErrors`, with a nested destination path (`destination.url`) folded onto the form's fields too. */
export function hookServerFieldErrors(errors: FieldErrors): FieldErrors {
  const out: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(errors)) {
    if (!messages?.length) continue;
    const field = key === 'destination.url' ? 'url' : key.startsWith('destination.') ? 'destination' : key;
    (out[field] ??= []).push(...messages);
  }
  return out;
}
