/**
 * The admin hook forms over Telphin's `/extension/{extension_id}/event/` (telphin.md §4): extensions
 * keyed by their numeric id, hooks in Telphin's own fields, and Telphin's `400 {"message": "<field>:
 * <reason>"}` refusals (§4.3) turned into an error under that field.
 */
import type { Logger } from 'pino';
import type { BulkHookResult, HookExtension, THookInput } from '@/lib/hook-admin';
import { bulkResult, hideToken, HookAdminError, removeEach, vendorGuard, type HookAdmin, type VendorHookView } from '@/server/connectors/hook-admin';
import { webhookUrl } from '@/server/connectors/webhook-token';
import type { TelphinClient } from './client';
import { discoverExtensions, type Discovery } from './discover-extensions';
import { describeHookProblems, ensureHooks, ourHookPrefix } from './hook-hygiene';
import type { THook } from './schema';
import { TelphinError } from './telphin-error';

export interface TelphinHookAdminOptions {
  client: TelphinClient;
  connectionId: string;
  publicUrl: string;
  token: string;
  /** `config.extensions` of the connection (undefined: every phone, queue and IVR is watched). */
  watched: readonly string[] | undefined;
  log: Logger;
  now?: () => number;
}

/** How long a listing of the account's extensions is reused while an admin searches. */
const DIRECTORY_TTL_MS = 30_000;
const FIELDS = new Set(['url', 'method', 'event_type']);
const guard = vendorGuard((error) => toAdminError(error));

export function createTelphinHookAdmin(o: TelphinHookAdminOptions): HookAdmin {
  const now = o.now ?? Date.now;
  const prefix = ourHookPrefix(o.publicUrl, o.connectionId);
  let cached: { at: number; discovery: Promise<Discovery> } | null = null;

  function directory(signal?: AbortSignal): Promise<Discovery> {
    if (!cached || now() - cached.at > DIRECTORY_TTL_MS) {
      const discovery = discoverExtensions(o.client, o.watched, signal);
      cached = { at: now(), discovery };
      discovery.catch(() => (cached = null));
    }
    return cached.discovery;
  }

  async function extensionOf(key: string, signal?: AbortSignal) {
    const found = (await guard(directory(signal))).all.find((ext) => ext.id === key);
    if (!found) throw new HookAdminError(`Extension ${key} is not a phone, queue or IVR of this Telphin account.`, 404);
    return found;
  }

  const view = (hook: THook): VendorHookView => ({
    vendor: 'telphin',
    id: hook.id,
    event_type: hook.event_type,
    method: hook.method,
    url: hideToken(hook.url),
    ours: hook.url.startsWith(prefix),
    delivery: null,
  });

  function body(extension: string, input: THookInput) {
    if (input.vendor !== 'telphin') throw new HookAdminError('These are VoipNow fields; this is a Telphin connection.', 400);
    const url = input.destination.target === 'linesight' ? webhookUrl(o.publicUrl, o.connectionId, input.event_type, o.token, extension) : input.destination.url;
    return { url, method: input.method, event_type: input.event_type };
  }

  return {
    async extensions(query, signal) {
      const { all, monitored } = await guard(directory(signal));
      const watched = new Set(monitored.map((ext) => ext.id));
      const needle = query.trim().toLowerCase();
      return all
        .map((ext): HookExtension => ({ key: ext.id, label: ext.name, name: ext.label, kind: ext.kind, watched: watched.has(ext.id) }))
        .filter((ext) => !needle || ext.label.toLowerCase().includes(needle) || (ext.name ?? '').toLowerCase().includes(needle))
        .sort((a, b) => a.label.localeCompare(b.label, 'en', { numeric: true }));
    },
    async list(extension, signal) {
      return (await guard(o.client.listHooks(extension, signal))).map(view);
    },
    async create(extension, input, signal) {
      return view(await guard(o.client.createHook(extension, body(extension, input), signal)));
    },
    async update(extension, hookId, input, signal) {
      return view(await guard(o.client.updateHook(extension, hookId, body(extension, input), signal)));
    },
    async remove(extension, hookId, signal) {
      await guard(o.client.deleteHook(extension, hookId, signal));
    },
    async ensureOurs(extension, signal): Promise<BulkHookResult> {
      const ext = await extensionOf(extension, signal);
      const summary = await ensureHooks({ client: o.client, connectionId: o.connectionId, publicUrl: o.publicUrl, token: o.token, extensions: [ext], log: o.log, concurrency: 1, signal });
      return bulkResult(extension, { created: summary.created, updated: 0, deleted: summary.deleted, kept: summary.kept }, describeHookProblems(summary));
    },
    async removeOurs(extension, signal): Promise<BulkHookResult> {
      const ours = (await guard(o.client.listHooks(extension, signal))).filter((hook) => hook.url.startsWith(prefix));
      return removeEach(extension, ours, (hook) => guard(o.client.deleteHook(extension, hook.id, signal)));
    },
  };
}

/** Telphin's refusal → the admin's error, under the field Telphin named (§4.3). */
export function toAdminError(error: unknown): unknown {
  if (!(error instanceof TelphinError)) return error;
  const { status, vendorMessage } = error.details;
  if (error.kind === 'auth') return new HookAdminError(`Telphin refused the connection's credentials: ${error.message}`, 502);
  if (error.kind !== 'http') return new HookAdminError(`Telphin could not be reached: ${error.message}`, 502);
  if (status === 404) return new HookAdminError(vendorMessage ? `Telphin: ${vendorMessage}.` : 'Not found on the PBX.', 404);
  if (status === 403) return new HookAdminError('Telphin refused: this application may not manage that extension (403 Forbidden).', 403);
  if (status === 400 && vendorMessage) {
    const match = /^([a-z_]+):\s*(.+)$/i.exec(vendorMessage);
    const field = match?.[1]?.toLowerCase();
    if (match && field && FIELDS.has(field)) {
      return new HookAdminError(`Telphin refused the ${field}: ${match[2]}`, 400, { code: vendorMessage, fieldErrors: { [field]: [`Telphin: ${match[2]}`] } });
    }
    return new HookAdminError(`Telphin refused: ${vendorMessage}`, 400, { code: vendorMessage });
  }
  return new HookAdminError(error.message, 502);
}
