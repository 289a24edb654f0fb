/**
 * The add/edit form's values (every input as typed) and the JSON body they become. Pure, so the
 * conversion rules — lines to lists, text to numbers, empty fields left out — are unit-tested.
 */
import type { Vendor } from '@/lib/board';
import { SECRET_FIELDS, type ConnectionAdminView } from '@/lib/connection-admin';
import { formatListLines, parseAccountLines, parseExtensionList, parseWatchedExtensions } from './text-lists';

export interface ConnectionFormValues {
  vendor: Vendor;
  id: string;
  name: string;
  enabled: boolean;
  baseUrl: string;
  apiKey: string;
  extensions: string;
  tech: string;
  pollTimeoutS: string;
  url: string;
  extension: string;
  password: string;
  accounts: string;
  queues: string;
  caPem: string;
  insecureTls: boolean;
  clientId: string;
  clientSecret: string;
  reconcileIntervalS: string;
  pollIntervalS: string;
}

export type ConnectionFormMode = 'create' | 'edit';
export type TextFieldName = { [K in keyof ConnectionFormValues]: ConnectionFormValues[K] extends string ? K : never }[keyof ConnectionFormValues];

/** The config fields each vendor's form shows, in form order (besides vendor and enabled). */
export const VENDOR_FIELDS = {
  noojee: ['id', 'name', 'baseUrl', 'apiKey', 'extensions', 'tech', 'pollTimeoutS'],
  switchvox: ['id', 'name', 'url', 'extension', 'password', 'accounts', 'queues', 'caPem', 'insecureTls'],
  telphin: ['id', 'name', 'baseUrl', 'clientId', 'clientSecret', 'extensions', 'reconcileIntervalS'],
  voipnow: ['id', 'name', 'baseUrl', 'clientId', 'clientSecret', 'extensions', 'pollIntervalS'],
} as const satisfies Record<Vendor, readonly (keyof ConnectionFormValues)[]>;

export function emptyFormValues(vendor: Vendor = 'noojee'): ConnectionFormValues {
  return {
    vendor,
    id: '',
    name: '',
    enabled: true,
    baseUrl: '',
    apiKey: '',
    extensions: '',
    tech: '',
    pollTimeoutS: '',
    url: '',
    extension: '',
    password: '',
    accounts: '',
    queues: '',
    caPem: '',
    insecureTls: false,
    clientId: '',
    clientSecret: '',
    reconcileIntervalS: '',
    pollIntervalS: '',
  };
}

const text = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

/** The edit form, filled from a saved connection's settings; secrets start empty (kept unless retyped). */
export function formValuesFromView(view: ConnectionAdminView): ConnectionFormValues {
  const s = view.settings;
  return {
    ...emptyFormValues(view.vendor),
    id: view.id,
    name: text(s.name) || view.name,
    enabled: view.enabled,
    baseUrl: text(s.baseUrl),
    extensions: formatListLines(s.extensions),
    tech: text(s.tech),
    pollTimeoutS: text(s.pollTimeoutS),
    url: text(s.url),
    extension: text(s.extension),
    accounts: formatListLines(s.accounts),
    queues: formatListLines(s.queues),
    caPem: text(s.caPem),
    insecureTls: s.insecureTls === true,
    clientId: text(s.clientId),
    reconcileIntervalS: text(s.reconcileIntervalS),
    pollIntervalS: text(s.pollIntervalS),
  };
}

/** A number when it reads as one; otherwise the text as typed, so the schema names the field. */
function numberOrText(value: string): number | string {
  const trimmed = value.trim();
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
}

function convert(field: (typeof VENDOR_FIELDS)[Vendor][number], values: ConnectionFormValues): unknown {
  switch (field) {
    case 'insecureTls':
      return values.insecureTls;
    case 'extensions':
      return values.vendor === 'noojee' ? parseWatchedExtensions(values.extensions) : parseExtensionList(values.extensions);
    case 'accounts':
    case 'queues':
      return parseAccountLines(values[field]);
    case 'pollTimeoutS':
    case 'reconcileIntervalS':
    case 'pollIntervalS':
      return numberOrText(values[field]);
    // Secrets and the PEM bundle go as typed: surrounding spaces may be part of a password.
    case 'apiKey':
    case 'password':
    case 'clientSecret':
    case 'caPem':
      return values[field];
    default:
      return values[field].trim();
  }
}

const isEmpty = (value: unknown): boolean =>
  (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);

/**
 * The POST/PUT/test body: the vendor's config fields plus `enabled`. Empty fields are left out, so
 * defaults apply and, on edit, an empty secret keeps the stored one (docs/admin-api.md).
 */
export function toConnectionBody(values: ConnectionFormValues): Record<string, unknown> {
  const body: Record<string, unknown> = { vendor: values.vendor, enabled: values.enabled };
  for (const field of VENDOR_FIELDS[values.vendor]) {
    const value = convert(field, values);
    if (!isEmpty(value)) body[field] = value;
  }
  return body;
}

/** The secret fields of this vendor, for the form's "set" marks and the edit-mode check. */
export function secretFields(vendor: Vendor): readonly string[] {
  return SECRET_FIELDS[vendor];
}
