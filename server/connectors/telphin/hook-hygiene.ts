/**
 * Hook hygiene (telphin.md §11.10): on every monitored extension, keep exactly one POST hook of ours
 * per event we need, delete our stale ones (an old token after a secret rotation, another event's
 * URL, GET, duplicates, events we no longer use) and create the missing ones. Hooks whose URL is not
 * ours are never touched. The per-client hook limit (§4.3 `Events limit exceeded`) is reported, not
 * thrown: the board then shows the extensions it could hook.
 */
import type { Logger } from 'pino';
import { webhookUrl } from '@/server/connectors/webhook-token';
import { redactUrl } from '@/server/log';
import type { TelphinClient } from './client';
import type { TelphinExtension, TelphinKind } from './extension-directory';
import type { THook } from './schema';
import { TelphinError } from './telphin-error';

/**
 * What each kind must report for a live board (§6.2): phones all four; queues and IVRs have no
 * `dial-out` of their own (only a `Transfered=yes` forward, whose `answer` and `hangup` still come),
 * and a queue's `answer` is its `out` thread telling that an agent picked the caller up.
 */
export const HOOK_EVENTS: Record<TelphinKind, readonly string[]> = {
  phone: ['dial-in', 'dial-out', 'answer', 'hangup'],
  queue: ['dial-in', 'answer', 'hangup'],
  ivr: ['dial-in', 'answer', 'hangup'],
};

export interface HookHygieneOptions {
  client: TelphinClient;
  connectionId: string;
  publicUrl: string;
  /** The `?token=` our hook URLs carry. */
  token: string;
  extensions: readonly TelphinExtension[];
  log: Logger;
  /** Extensions handled at once; default 4. */
  concurrency?: number;
  signal?: AbortSignal;
}

export interface HookProblem {
  /** Short name of the extension. */
  extension: string;
  message: string;
}

export interface HookHygieneSummary {
  created: number;
  deleted: number;
  kept: number;
  /** Hooks we need but could not create (limit reached or an error). */
  missing: number;
  /** The client's hook limit stopped us (§4.3); later creations were not attempted. */
  limitReached: boolean;
  errors: HookProblem[];
  /** Extensions that lack at least one hook, so some of their calls will not show. */
  incomplete: string[];
}

/** `${publicUrl}/hooks/${connectionId}/`, built exactly as `webhookUrl` builds its URLs. */
export function ourHookPrefix(publicUrl: string, connectionId: string): string {
  return new URL(`${publicUrl.replace(/\/+$/, '')}/hooks/${encodeURIComponent(connectionId)}/`).toString();
}

const isLimit = (error: unknown) => error instanceof TelphinError && error.details.status === 400 && /limit/i.test(error.details.vendorMessage ?? '');
const messageOf = (error: unknown) => redactUrl(error instanceof Error ? error.message : String(error));

/** Brings every extension's hooks in line; never throws for a per-extension failure. */
export async function ensureHooks(o: HookHygieneOptions): Promise<HookHygieneSummary> {
  const summary: HookHygieneSummary = { created: 0, deleted: 0, kept: 0, missing: 0, limitReached: false, errors: [], incomplete: [] };
  const prefix = ourHookPrefix(o.publicUrl, o.connectionId);
  const queue = [...o.extensions];

  async function one(ext: TelphinExtension): Promise<void> {
    const wanted = HOOK_EVENTS[ext.kind];
    const desired = new Map(wanted.map((event) => [event, webhookUrl(o.publicUrl, o.connectionId, event, o.token, ext.id)]));
    let hooks: THook[];
    try {
      hooks = await o.client.listHooks(ext.id, o.signal);
    } catch (error) {
      summary.errors.push({ extension: ext.shortName, message: messageOf(error) });
      summary.missing += wanted.length;
      summary.incomplete.push(ext.shortName);
      return;
    }
    const keep = new Map<string, THook>();
    const stale: THook[] = [];
    for (const hook of hooks) {
      if (!hook.url.startsWith(prefix)) continue;
      const good = desired.get(hook.event_type) === hook.url && hook.method.toUpperCase() === 'POST' && !keep.has(hook.event_type);
      if (good) keep.set(hook.event_type, hook);
      else stale.push(hook);
    }
    // Deleting first frees room under the client's hook limit for the creations.
    for (const hook of stale) {
      try {
        const result = await o.client.deleteHook(ext.id, hook.id, o.signal);
        summary.deleted += 1;
        o.log.info({ extension: ext.shortName, hookId: hook.id, event: hook.event_type, url: redactUrl(hook.url), result }, 'Telphin stale hook deleted');
      } catch (error) {
        summary.errors.push({ extension: ext.shortName, message: messageOf(error) });
      }
    }
    summary.kept += keep.size;
    let complete = true;
    for (const [event, url] of desired) {
      if (keep.has(event)) continue;
      if (summary.limitReached) {
        summary.missing += 1;
        complete = false;
        continue;
      }
      try {
        const hook = await o.client.createHook(ext.id, { url, method: 'POST', event_type: event }, o.signal);
        summary.created += 1;
        o.log.info({ extension: ext.shortName, hookId: hook.id, event }, 'Telphin hook created');
      } catch (error) {
        summary.missing += 1;
        complete = false;
        if (isLimit(error)) summary.limitReached = true;
        summary.errors.push({ extension: ext.shortName, message: messageOf(error) });
      }
    }
    if (!complete) summary.incomplete.push(ext.shortName);
  }

  const workers = Array.from({ length: Math.max(1, Math.min(o.concurrency ?? 4, queue.length)) }, async () => {
    for (let ext = queue.shift(); ext && !o.signal?.aborted; ext = queue.shift()) await one(ext);
  });
  await Promise.all(workers);
  summary.incomplete.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return summary;
}

/** Plain words for the admin: why the board may miss calls, or null when every hook is in place. */
export function describeHookProblems(summary: HookHygieneSummary): string | null {
  if (summary.missing === 0 && summary.errors.length === 0) return null;
  const where = summary.incomplete.length > 0 ? ` Calls on ${listOf(summary.incomplete)} may not show.` : '';
  if (summary.limitReached) {
    return `Telphin's hook limit for this account was reached: ${summary.missing} hook(s) could not be registered.${where}`;
  }
  const first = summary.errors[0];
  const why = first ? ` (${first.extension}: ${first.message})` : '';
  if (summary.missing === 0) return `Could not remove ${summary.errors.length} stale Telphin hook(s) of ours${why}.`;
  return `Could not register all Telphin hooks: ${summary.missing} missing${why}.${where}`;
}

function listOf(items: readonly string[]): string {
  return items.length <= 5 ? items.join(', ') : `${items.slice(0, 5).join(', ')} and ${items.length - 5} more`;
}
