/**
 * The admin hook forms over VoipNow's PhoneCallEvents (voipnow.md §2): extensions are extended
 * numbers (`0005*501`); a hook's admin id is `{type}-{id}` because VoipNow addresses an event by
 * type and id together (§2.2); the `pce_*` error codes (§2.3) land under the field they name.
 */
import type { Logger } from 'pino';
import type { BulkHookResult, HookExtension, THookInput } from '@/lib/hook-admin';
import { bulkResult, hideToken, HookAdminError, removeEach, vendorGuard, type HookAdmin, type VendorHookView } from '@/server/connectors/hook-admin';
import { webhookUrl } from '@/server/connectors/webhook-token';
import type { VoipnowClient } from './client';
import { describeHookProblems, ensureHooks, ourHookPrefix } from './hook-hygiene';
import type { TPhoneCallEvent } from './schema';
import { VoipnowError } from './voipnow-error';

export interface VoipnowHookAdminOptions {
  client: VoipnowClient;
  connectionId: string;
  publicUrl: string;
  token: string;
  /** The connection's configured extensions: UAPI documents no way to list them all (§4.3, A18). */
  watched: readonly string[];
  log: Logger;
}

const EXTENDED_NUMBER = /^\d+\*\d+$/;
const guard = vendorGuard((error) => toAdminError(error));

/** voipnow.md §2.3: which form field each code is about. */
const FIELD_OF_CODE: Record<string, string> = {
  pcet_type_invalid: 'type',
  pce_type_invalid: 'type',
  pce_method_invalid: 'method',
  pce_url_invalid: 'url',
  pce_note_invalid: 'note',
  pce_status_invalid: 'status',
};

export function createVoipnowHookAdmin(o: VoipnowHookAdminOptions): HookAdmin {
  const prefix = ourHookPrefix(o.publicUrl, o.connectionId);

  const view = (event: TPhoneCallEvent): VendorHookView => ({
    vendor: 'voipnow',
    id: `${event.type ?? ''}-${event.id}`,
    type: event.type ?? '',
    method: event.method ?? '',
    url: hideToken(event.url ?? ''),
    note: event.note ?? '',
    status: event.status ?? '',
    modified: event.modified ?? null,
    ours: (event.url ?? '').startsWith(prefix),
    delivery: null,
  });

  function fields(extension: string, input: THookInput) {
    if (input.vendor !== 'voipnow') throw new HookAdminError('These are Telphin fields; this is a VoipNow connection.', 400);
    const url = input.destination.target === 'linesight' ? webhookUrl(o.publicUrl, o.connectionId, input.type, o.token, extension) : input.destination.url;
    return { type: input.type, method: input.method, url, status: input.status, note: input.note };
  }

  function splitId(hookId: string): { type: string; id: string } {
    const dash = hookId.indexOf('-');
    if (dash < 1) throw new HookAdminError('No such call event.', 404);
    return { type: hookId.slice(0, dash), id: hookId.slice(dash + 1) };
  }

  function checkExtension(extension: string): void {
    if (!EXTENDED_NUMBER.test(extension)) throw new HookAdminError(`"${extension}" is not an extended number such as 0003*210.`, 404);
  }

  return {
    async extensions(query) {
      const needle = query.trim().toLowerCase();
      const list: HookExtension[] = o.watched.map((number) => ({ key: number, label: number, name: null, kind: null, watched: true }));
      // Any other extension can be opened by its extended number; the PBX says whether it exists.
      if (EXTENDED_NUMBER.test(needle) && !o.watched.includes(needle)) list.push({ key: needle, label: needle, name: null, kind: null, watched: false });
      return list.filter((ext) => !needle || ext.label.includes(needle)).sort((a, b) => a.label.localeCompare(b.label, 'en', { numeric: true }));
    },
    async list(extension, signal) {
      checkExtension(extension);
      return (await guard(o.client.listEvents(extension, undefined, signal))).map(view);
    },
    async create(extension, input, signal) {
      checkExtension(extension);
      return view(await guard(o.client.createEvent(extension, fields(extension, input), signal)));
    },
    async update(extension, hookId, input, signal) {
      checkExtension(extension);
      const { type, id } = splitId(hookId);
      const { type: wanted, ...patch } = fields(extension, input);
      if (wanted !== type) throw new HookAdminError('The event type of a VoipNow call event cannot change; delete it and create a new one.', 400, { fieldErrors: { type: ['Type cannot change after create.'] } });
      await guard(o.client.updateEvent(extension, type, id, patch, signal));
      const updated = await guard(o.client.getEvent(extension, type, id, signal));
      return view(updated ?? { id, type, ...patch });
    },
    async remove(extension, hookId, signal) {
      checkExtension(extension);
      const { type, id } = splitId(hookId);
      await guard(o.client.deleteEvent(extension, type, id, signal));
    },
    async ensureOurs(extension, signal): Promise<BulkHookResult> {
      checkExtension(extension);
      const summary = await ensureHooks({ client: o.client, connectionId: o.connectionId, publicUrl: o.publicUrl, token: o.token, extensions: [extension], log: o.log, signal });
      const { created, updated, deleted, kept } = summary;
      return bulkResult(extension, { created, updated, deleted, kept }, describeHookProblems(summary));
    },
    async removeOurs(extension, signal): Promise<BulkHookResult> {
      checkExtension(extension);
      const ours = (await guard(o.client.listEvents(extension, undefined, signal))).filter((event) => (event.url ?? '').startsWith(prefix));
      return removeEach(extension, ours, (event) => guard(o.client.deleteEvent(extension, event.type ?? '', event.id, signal)));
    },
  };
}

/** VoipNow's refusal → the admin's error, under the field its code names (§2.3). */
export function toAdminError(error: unknown): unknown {
  if (!(error instanceof VoipnowError)) return error;
  const { code, vendorMessage } = error.details;
  if (error.kind === 'auth') return new HookAdminError(`VoipNow refused the connection's credentials: ${error.message}`, 502);
  if (error.kind !== 'http') return new HookAdminError(`VoipNow could not be reached: ${error.message}`, 502);
  const said = vendorMessage ? `${vendorMessage} (${code})` : (code ?? error.message);
  const field = code ? FIELD_OF_CODE[code] : undefined;
  if (field) return new HookAdminError(`VoipNow refused the ${field}: ${said}`, 400, { code, fieldErrors: { [field]: [`VoipNow: ${said}`] } });
  if (code === 'pce_id_invalid') return new HookAdminError(`That call event no longer exists on the PBX (${code}).`, 404, { code });
  if (code === 'extension_invalid') return new HookAdminError(`VoipNow does not know that extension or it cannot have call events (${code}).`, 404, { code });
  if (code === 'pce_access_denied') return new HookAdminError(`VoipNow refused: this App may not manage that extension's call events (${code}).`, 403, { code });
  return new HookAdminError(`VoipNow refused: ${said}`, error.details.status === 404 ? 404 : 400, { code });
}
