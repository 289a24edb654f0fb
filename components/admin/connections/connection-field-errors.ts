/**
 * Field errors for the connection form: the browser's own check (the server's schema) and the
 * server's 400/409 `fieldErrors`, both keyed by dotted paths (`extensions.0`, `accounts.1.accountId`)
 * and gathered under the form field that holds that path.
 */
import type { z } from 'zod';
import type { Vendor } from '@/lib/board';
import { parseConnectionConfig, SECRET_FIELDS } from '@/lib/connection-admin';
import type { FieldErrors } from '../../api/api-error';
import { VENDOR_FIELDS, type ConnectionFormMode } from './connection-form-values';

// Stands in for an empty secret on edit: the server keeps the stored one, so "required" is not an error.
const KEPT_SECRET = 'kept';

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** The schema's messages, reworded where zod's default speaks in types rather than in plain words. */
function plainMessage(issue: z.core.$ZodIssue, input: unknown): string {
  if (issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined) return 'Required.';
  if (issue.code === 'invalid_type' && issue.expected === 'int') return 'Enter a whole number.';
  if (issue.code === 'invalid_type' && issue.expected === 'number') return 'Enter a number.';
  if (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1) return 'Required.';
  if (issue.code === 'too_small' && issue.origin === 'array') return 'Enter at least one.';
  if (issue.code === 'too_small' && issue.origin === 'number') return `At least ${issue.minimum}.`;
  if (issue.code === 'too_big' && issue.origin === 'number') return `At most ${issue.maximum}.`;
  if (issue.code === 'too_big' && issue.origin === 'string') return `At most ${issue.maximum} characters.`;
  return issue.message;
}

/** The browser-side check of a create/update/test body, keyed like the server's `fieldErrors`. */
export function validateConnectionBody(body: Record<string, unknown>, mode: ConnectionFormMode): FieldErrors {
  const candidate = { ...body };
  const vendor = body.vendor as Vendor;
  if (mode === 'edit' && vendor in SECRET_FIELDS) {
    for (const field of SECRET_FIELDS[vendor]) candidate[field] ??= KEPT_SECRET;
  }
  const parsed = parseConnectionConfig(candidate);
  if (parsed.success) return {};
  const errors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) (errors[issue.path.join('.') || '_'] ??= []).push(plainMessage(issue, candidate));
  return errors;
}

const PART_NAMES: Record<string, string> = { accountId: 'account id', extension: 'extension', name: 'name', number: 'number' };

/** `extensions.2` → "Entry 3: …"; accounts and queues are typed one per line, so "Line 2 (account id): …". */
function itemMessage(field: string, index: number, rest: string[], message: string): string {
  const where = `${field === 'accounts' || field === 'queues' ? 'Line' : 'Entry'} ${index + 1}`;
  const part = rest.length > 0 ? ` (${rest.map((p) => PART_NAMES[p] ?? p).join(' ')})` : '';
  return `${where}${part}: ${message}`;
}

export interface GroupedErrors {
  /** Messages by form field name (`extensions`, `accounts`, …). */
  byField: FieldErrors;
  /** Messages that belong to no field on this vendor's form, for the form-level alert. */
  other: string[];
}

/** Puts each dotted-path message under the form field that holds it. */
export function groupFieldErrors(errors: FieldErrors, vendor: Vendor): GroupedErrors {
  const fields: readonly string[] = [...VENDOR_FIELDS[vendor], 'vendor', 'enabled'];
  const byField: Record<string, string[]> = {};
  const other: string[] = [];
  for (const [key, messages] of Object.entries(errors)) {
    const [head = '', index, ...rest] = key.split('.');
    for (const message of messages ?? []) {
      if (!fields.includes(head)) other.push(key === '_' || key === '' ? message : `${key}: ${message}`);
      else if (index !== undefined && /^\d+$/.test(index)) (byField[head] ??= []).push(itemMessage(head, Number(index), rest, message));
      else (byField[head] ??= []).push(message);
    }
  }
  return { byField, other };
}
