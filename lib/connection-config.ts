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

const ZAccountId = z.coerce.number().int().positive();

/** A Switchvox PBX's Realtime API (switchvox.md §1–§2): one login, many observed accounts. */
export const ZSwitchvoxConnection = z.object({
  id: ZNoojeeConnection.shape.id,
  vendor: z.literal('switchvox'),
  name: z.string().min(1),
  /** PBX web root, e.g. `https://sv.example`; the socket.io path `/rtapi/socket.io` is added. */
  url: z.url(),
  /** The extension (and web password) the connector logs in as; `dial` rings this account. */
  extension: ZExtensionNumber,
  password: z.string().min(1),
  /** Accounts to watch: Switchvox account ids with their extension numbers (tile labels). */
  accounts: z
    .array(z.object({ accountId: ZAccountId, extension: ZExtensionNumber, name: z.string().min(1).max(80).optional() }))
    .min(1),
  /** Call queues, so a line's `queueId` shows as a named queue panel. */
  queues: z.array(z.object({ accountId: ZAccountId, extension: ZExtensionNumber, name: z.string().min(1).max(80).optional() })).default([]),
  /** PEM CA bundle for a self-signed PBX certificate (preferred over `insecureTls`, §1.5). */
  caPem: z.string().optional(),
  insecureTls: z.boolean().default(false),
});

/** A Telphin (Ringme) client account: OAuth client credentials (telphin.md §2). */
export const ZTelphinConnection = z.object({
  id: ZNoojeeConnection.shape.id,
  vendor: z.literal('telphin'),
  name: z.string().min(1),
  /** API host, e.g. `https://apiproxy.telphin.ru`; the client adds `/oauth/token` and `/api/ver1.0/…`. */
  baseUrl: z.url(),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  /** Extensions to monitor, as `prefix*name` or bare short names; default: every phone, queue and IVR. */
  extensions: z.array(z.string().regex(/^(\d+\*)?\d+$/, 'like 0003*101 or 101')).optional(),
  /** How often to reconcile with `current_calls` (telphin.md §11.7). */
  reconcileIntervalS: z.number().int().min(5).max(3600).default(60),
});

/** A VoipNow server's UAPI (voipnow.md): OAuth client credentials and the extensions to watch. */
export const ZVoipnowConnection = z.object({
  id: ZNoojeeConnection.shape.id,
  vendor: z.literal('voipnow'),
  name: z.string().min(1),
  /** Server root, e.g. `https://voipnow.example`; the client adds `/oauth/token.php` and `/uapi/…`. */
  baseUrl: z.url(),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  /** Extensions as VoipNow writes them, e.g. `0003*210`. */
  extensions: z.array(z.string().regex(/^\d+\*\d+$/, 'like 0003*210')).min(1),
  /** phoneCalls polling period for answer state and reconciliation (voipnow.md: at least 2 s). */
  pollIntervalS: z.number().min(2).max(300).default(2),
});

export const ZConnectionConfig = z.discriminatedUnion('vendor', [ZNoojeeConnection, ZSwitchvoxConnection, ZTelphinConnection, ZVoipnowConnection]);
export type TVoipnowConnection = z.infer<typeof ZVoipnowConnection>;
export type TTelphinConnection = z.infer<typeof ZTelphinConnection>;
export type TNoojeeConnection = z.infer<typeof ZNoojeeConnection>;
export type TSwitchvoxConnection = z.infer<typeof ZSwitchvoxConnection>;
export type TConnectionConfig = z.infer<typeof ZConnectionConfig>;

export const ZConfigFile = z.object({ connections: z.array(ZConnectionConfig) });
