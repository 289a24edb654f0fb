/**
 * The admin contract for PBX connections (`/admin/connections`, `/api/connections…`), shared by the
 * browser forms and the routes. Secrets are write-only: a view never carries them, an update may
 * leave them empty to keep the stored value.
 */
import { z } from 'zod';
import type { ConnectionStatus, Vendor } from './board';
import { ZConnectionConfig, type TConnectionConfig } from './connection-config';

export const VENDORS: readonly Vendor[] = ['noojee', 'switchvox', 'telphin', 'voipnow'];

export const VENDOR_LABELS: Record<Vendor, string> = {
  noojee: 'Noojee CallManagementAPI',
  switchvox: 'Switchvox Realtime API',
  telphin: 'Telphin REST API',
  voipnow: 'VoipNow UAPI',
};

/** The config fields of each vendor that are secrets: never sent back, never logged. */
export const SECRET_FIELDS = {
  noojee: ['apiKey'],
  switchvox: ['password'],
  telphin: ['clientSecret'],
  voipnow: ['clientSecret'],
} as const satisfies Record<Vendor, readonly string[]>;

/** Where a connection's settings live: the config file, the embedded demo simulator, or the database (UI). */
export type ConnectionSource = 'file' | 'demo' | 'ui';

export interface ConnectionAdminView {
  id: string;
  vendor: Vendor;
  name: string;
  source: ConnectionSource;
  /** Plain words, e.g. `config file /etc/linesight.json` or `saved in Linesight`. */
  sourceDetail: string;
  /** Only UI-saved connections can be edited, disabled or deleted here. */
  editable: boolean;
  enabled: boolean;
  /** `disabled` when not running; otherwise the live status from the board. */
  status: ConnectionStatus | 'disabled';
  lastEventAt: string | null;
  error: string | null;
  /** The connection's config without its secret fields. */
  settings: Record<string, unknown>;
  /** Secret fields that hold a value (shown as "set", never as the value). */
  secretsSet: string[];
  /** Event hooks can be managed from `/admin/hooks` (Telphin and VoipNow). */
  manageHooks: boolean;
}

/**
 * Create or update body: a connection config as in the config file (DESIGN.md §6) plus `enabled`.
 * On update, a secret field that is missing or empty keeps the stored secret; on create it is required.
 * Validated on the server by merging the secrets and then parsing with `ZConnectionConfig`.
 */
export const ZConnectionInput = z.looseObject({
  vendor: z.enum(['noojee', 'switchvox', 'telphin', 'voipnow']),
  enabled: z.boolean().default(true),
});
export type TConnectionInput = z.infer<typeof ZConnectionInput> & Record<string, unknown>;

/** Removes the secret fields (and empty ones) so a config can be shown to an admin. */
export function withoutSecrets(config: TConnectionConfig): Record<string, unknown> {
  const secrets: readonly string[] = SECRET_FIELDS[config.vendor];
  return Object.fromEntries(Object.entries(config).filter(([key]) => !secrets.includes(key)));
}

/** Parses a full config (secrets already merged); the same check the server runs before saving. */
export function parseConnectionConfig(input: unknown) {
  return ZConnectionConfig.safeParse(input);
}

/** What went wrong in a "Test connection" round trip, in the order the steps run. */
export type ProbeStep = 'config' | 'dns' | 'connect' | 'tls' | 'auth' | 'permission' | 'protocol';

export interface ProbeResult {
  ok: boolean;
  /** The step that failed (absent when ok). */
  step?: ProbeStep;
  /** One plain sentence: what worked, or what failed and what to check. */
  message: string;
  /** What the round trip established, e.g. `signed in as client 12`, `found 12 extensions`. */
  facts: string[];
  /** Round-trip time in milliseconds. */
  ms: number;
}

/** Test body: a draft config (the add/edit form's values); secrets may be empty for a saved `id`. */
export const ZProbeInput = ZConnectionInput;
