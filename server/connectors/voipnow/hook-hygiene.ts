/**
 * Hook hygiene (voipnow.md §2, §4.6): on every configured extension keep exactly one enabled POST
 * PhoneCallEvent of ours per event type the server supports (0 Dial-In, 1 Dial-Out, 2 Hangup, and
 * 3/4 Answer where the release has them), each with its type-specific URL
 * `webhookUrl(publicUrl, connectionId, type, token, extension)`. Ours with an old token or a wrong type,
 * duplicates, are deleted; ours that are merely disabled or GET are fixed with a partial PUT; events
 * whose URL is not ours are never touched. A release without types 3/4 refuses them with
 * `pcet_type_invalid`: that is "unsupported", not a problem.
 */
import type { Logger } from 'pino';
import { webhookUrl } from '@/server/connectors/webhook-token';
import { redactUrl } from '@/server/log';
import type { VoipnowClient } from './client';
import type { TPhoneCallEvent } from './schema';
import { VoipnowError } from './voipnow-error';

/** Event types in the order they are registered; 3 and 4 exist in newer releases only. */
export const EVENT_TYPES = ['0', '1', '2', '3', '4'] as const;
const OPTIONAL_TYPES = new Set(['3', '4']);
export const HOOK_NOTE = 'Linesight wallboard (managed automatically)';

export interface HookHygieneOptions {
  client: VoipnowClient;
  connectionId: string;
  publicUrl: string;
  token: string;
  /** Extended numbers, e.g. `0003*210`. */
  extensions: readonly string[];
  log: Logger;
  signal?: AbortSignal;
}

export interface HookProblem {
  extension: string;
  message: string;
}

export interface HookHygieneSummary {
  created: number;
  updated: number;
  deleted: number;
  kept: number;
  missing: number;
  /** `${extension}:${type}` the server does not support (older release). */
  unsupported: string[];
  errors: HookProblem[];
  /** Extensions lacking at least one required hook (0, 1, 2). */
  incomplete: string[];
}

/** `${publicUrl}/hooks/${connectionId}/`, built exactly as `webhookUrl` builds its URLs. */
export function ourHookPrefix(publicUrl: string, connectionId: string): string {
  return new URL(`${publicUrl.replace(/\/+$/, '')}/hooks/${encodeURIComponent(connectionId)}/`).toString();
}

const messageOf = (error: unknown) => redactUrl(error instanceof Error ? error.message : String(error));
const isUnsupportedType = (error: unknown) =>
  error instanceof VoipnowError && error.details.status === 400 && /type_invalid/.test(error.details.code ?? '');

/** Brings every extension's events in line; never throws for a per-extension failure. */
export async function ensureHooks(o: HookHygieneOptions): Promise<HookHygieneSummary> {
  const summary: HookHygieneSummary = { created: 0, updated: 0, deleted: 0, kept: 0, missing: 0, unsupported: [], errors: [], incomplete: [] };
  const prefix = ourHookPrefix(o.publicUrl, o.connectionId);
  for (const extension of o.extensions) {
    if (o.signal?.aborted) break;
    const desired = new Map(EVENT_TYPES.map((type) => [type as string, webhookUrl(o.publicUrl, o.connectionId, type, o.token, extension)]));
    let events: TPhoneCallEvent[];
    try {
      events = await o.client.listEvents(extension, undefined, o.signal);
    } catch (error) {
      summary.errors.push({ extension, message: messageOf(error) });
      summary.missing += 3;
      summary.incomplete.push(extension);
      continue;
    }
    const keep = new Map<string, TPhoneCallEvent>();
    const stale: TPhoneCallEvent[] = [];
    for (const event of events) {
      if (!event.url?.startsWith(prefix)) continue;
      const type = event.type ?? '';
      if (desired.get(type) === event.url && !keep.has(type)) keep.set(type, event);
      else stale.push(event);
    }
    for (const event of stale) {
      try {
        await o.client.deleteEvent(extension, event.type ?? '', event.id, o.signal);
        summary.deleted += 1;
        o.log.info({ extension, eventId: event.id, type: event.type, url: redactUrl(event.url ?? '') }, 'VoipNow stale call event deleted');
      } catch (error) {
        summary.errors.push({ extension, message: messageOf(error) });
      }
    }
    let complete = true;
    for (const [type, url] of desired) {
      const kept = keep.get(type);
      try {
        if (kept) {
          if (kept.status !== '1' || kept.method !== '1') {
            await o.client.updateEvent(extension, type, kept.id, { method: '1', status: '1' }, o.signal);
            summary.updated += 1;
          } else summary.kept += 1;
          continue;
        }
        const created = await o.client.createEvent(extension, { type, method: '1', url, status: '1', note: HOOK_NOTE }, o.signal);
        summary.created += 1;
        o.log.info({ extension, eventId: created.id, type }, 'VoipNow call event created');
      } catch (error) {
        if (OPTIONAL_TYPES.has(type) && isUnsupportedType(error)) {
          summary.unsupported.push(`${extension}:${type}`);
          continue;
        }
        summary.errors.push({ extension, message: messageOf(error) });
        if (!kept) {
          summary.missing += 1;
          complete = false;
        }
      }
    }
    if (!complete) summary.incomplete.push(extension);
  }
  return summary;
}

/** Plain words for the admin: why the board may miss calls, or null when every hook is in place. */
export function describeHookProblems(summary: HookHygieneSummary): string | null {
  if (summary.missing === 0 && summary.errors.length === 0) return null;
  const first = summary.errors[0];
  const why = first ? ` (${first.extension}: ${first.message})` : '';
  if (summary.missing === 0) return `Some VoipNow call events of ours could not be tidied${why}.`;
  const where = summary.incomplete.length > 0 ? ` Calls on ${summary.incomplete.join(', ')} may show late (active-call polling still runs).` : '';
  return `Could not register all VoipNow call events: ${summary.missing} missing${why}.${where}`;
}
