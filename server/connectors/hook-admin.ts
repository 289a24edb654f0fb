/**
 * What a connector whose PBX pushes events over HTTP (Telphin, VoipNow) offers the admin hook forms:
 * live CRUD of one extension's hooks, in the vendor's own fields (lib/hook-admin.ts), plus "make
 * this extension send its calls to us" and the reverse. Vendor refusals become `HookAdminError`s
 * that say which form field was wrong.
 */
import type { BulkHookResult, HookExtension, HookView, THookInput } from '@/lib/hook-admin';

/** A hook as the vendor holds it, before delivery health is added by the service. */
export type VendorHookView = HookView;

export interface HookAdmin {
  /** The PBX's extensions whose hooks can be managed, matching `query` (label or name). */
  extensions(query: string, signal?: AbortSignal): Promise<HookExtension[]>;
  list(extension: string, signal?: AbortSignal): Promise<VendorHookView[]>;
  create(extension: string, input: THookInput, signal?: AbortSignal): Promise<VendorHookView>;
  update(extension: string, hookId: string, input: THookInput, signal?: AbortSignal): Promise<VendorHookView>;
  remove(extension: string, hookId: string, signal?: AbortSignal): Promise<void>;
  /** Creates what is missing so this extension's call events reach us; repeating it changes nothing. */
  ensureOurs(extension: string, signal?: AbortSignal): Promise<BulkHookResult>;
  /** Deletes every hook of ours from this extension. */
  removeOurs(extension: string, signal?: AbortSignal): Promise<BulkHookResult>;
}

/** A refusal in plain words, with the HTTP status the admin route answers and the field it belongs to. */
export class HookAdminError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 403 | 404 | 409 | 502,
    readonly details: { code?: string; fieldErrors?: Record<string, string[]> } = {},
  ) {
    super(message);
    this.name = 'HookAdminError';
  }
}

/** The URL with our `token` hidden: admins see where a hook points, never the secret it carries. */
export function hideToken(url: string): string {
  return url.replace(/([?&]token=)[^&#]*/i, '$1•••');
}

type Counts = Pick<BulkHookResult, 'created' | 'updated' | 'deleted' | 'kept'>;

/** Runs vendor calls, rethrowing the vendor's error as the admin's (`translate` knows the vendor). */
export function vendorGuard(translate: (error: unknown) => unknown) {
  return async <T>(promise: Promise<T>): Promise<T> => {
    try {
      return await promise;
    } catch (error) {
      throw translate(error);
    }
  };
}

/** One extension's bulk outcome; `problem` (plain words) marks it failed. */
export function bulkResult(extension: string, counts: Counts, problem: string | null): BulkHookResult {
  return { extension, ok: problem === null, ...counts, message: bulkMessage(counts, problem) };
}

/** "Remove ours": deletes each hook of ours, one at a time (a vendor's rate limit counts every call). */
export async function removeEach<H>(extension: string, ours: readonly H[], remove: (hook: H) => Promise<unknown>): Promise<BulkHookResult> {
  for (const hook of ours) await remove(hook);
  return bulkResult(extension, { created: 0, updated: 0, deleted: ours.length, kept: 0 }, null);
}

/** The BulkHookResult sentence for one extension. */
function bulkMessage(r: Counts, problem: string | null): string {
  if (problem) return problem;
  const parts = [
    r.created && `${r.created} created`,
    r.updated && `${r.updated} fixed`,
    r.deleted && `${r.deleted} removed`,
    r.kept && `${r.kept} already in place`,
  ].filter(Boolean);
  return parts.length > 0 ? `${parts.join(', ')}.` : 'Nothing to do.';
}
