/**
 * The form's multi-line text boxes ↔ the config's lists (DESIGN.md §6). An admin types one entry per
 * line; extension lists also accept commas, because pasting `400, 410, 420` is the common case.
 */
import type { TWatchedExtension } from '@/lib/connection-config';

/** Non-empty trimmed lines of a text box. */
export function textLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** Entries separated by new lines or commas (a name may hold spaces, so spaces do not split). */
function entries(text: string): string[] {
  return textLines(text.replaceAll(',', '\n'));
}

/** Noojee's watched extensions: `400` stays a bare number, `400 Alice Smith` puts a name on the tile. */
export function parseWatchedExtensions(text: string): TWatchedExtension[] {
  return entries(text).map((entry) => {
    const [number = '', ...name] = entry.split(/\s+/);
    return name.length === 0 ? number : { number, name: name.join(' ') };
  });
}

/** Telphin / VoipNow extension names such as `0003*210`: whitespace separates them too. */
export function parseExtensionList(text: string): string[] {
  return entries(text).flatMap((entry) => entry.split(/\s+/));
}

export interface AccountLine {
  accountId: number | string;
  extension: string;
  name?: string;
}

/** Switchvox accounts and queues: `accountId extension [name]`, one per line. */
export function parseAccountLines(text: string): AccountLine[] {
  return textLines(text).map((line) => {
    const [accountId = '', extension = '', ...name] = line.split(/\s+/);
    const account: AccountLine = { accountId: /^\d+$/.test(accountId) ? Number(accountId) : accountId, extension };
    if (name.length > 0) account.name = name.join(' ');
    return account;
  });
}

/** A saved list back into the text box, one entry per line. */
export function formatListLines(list: unknown): string {
  if (!Array.isArray(list)) return '';
  return list
    .map((item: unknown) => {
      if (typeof item === 'string' || typeof item === 'number') return String(item);
      if (item && typeof item === 'object') {
        const { number, accountId, extension, name } = item as Record<string, unknown>;
        const parts = number !== undefined ? [number, name] : [accountId, extension, name];
        return parts.filter((part) => part !== undefined && part !== null && part !== '').join(' ');
      }
      return '';
    })
    .filter((line) => line !== '')
    .join('\n');
}
