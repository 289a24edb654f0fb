import { z } from 'zod';

const ZExtensionNumber = z.string().regex(/^\d+$/, 'bare extension numbers, no tech prefix');

/** A watched extension: a bare number, or `{ number, name }` to put a person's name on its tile. */
export const ZWatchedExtension = z.union([ZExtensionNumber, z.object({ number: ZExtensionNumber, name: z.string().min(1).max(80) })]);
export type TWatchedExtension = z.infer<typeof ZWatchedExtension>;

/** The bare numbers of a watched-extension list. */
export function watchedNumbers(list: readonly TWatchedExtension[]): string[] {
  return list.map((item) => (typeof item === 'string' ? item : item.number));
}

/** Tile names given in a watched-extension list, by number. */
export function watchedNames(list: readonly TWatchedExtension[]): Record<string, string> {
  return Object.fromEntries(list.flatMap((item) => (typeof item === 'string' ? [] : [[item.number, item.name]])));
}

/** A Noojee CallManagementAPI server (noojee.md §1). */
export const ZNoojeeConnection = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i, 'letters, digits, - and _ only'),
  vendor: z.literal('noojee'),
  name: z.string().min(1),
  /** Server root, e.g. `https://pbx.example`; the client appends `/servicemanager/rest/…`. */
  baseUrl: z.url(),
  apiKey: z.string().min(1),
  extensions: z.array(ZWatchedExtension).min(1),
  /** Channel technology for `dial`/`answer` (`SIP/100`). */
  tech: z.string().default('SIP'),
  /** Long-poll `timeOut` in seconds (noojee.md §4: 20–30 s). */
  pollTimeoutS: z.number().int().min(1).max(120).default(25),
});

export const ZConnectionConfig = z.discriminatedUnion('vendor', [ZNoojeeConnection]);
export type TNoojeeConnection = z.infer<typeof ZNoojeeConnection>;
export type TConnectionConfig = z.infer<typeof ZConnectionConfig>;

export const ZConfigFile = z.object({ connections: z.array(ZConnectionConfig) });
