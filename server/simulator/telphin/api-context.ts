import type { CallEngine } from '../engine/call-engine';
import type { CallTracker } from './call-tracker';
import type { HookStore } from './hooks';
import type { TelphinExtension, TelphinTenant } from './tenant';

/** What the REST handlers work with. */
export interface ApiContext {
  engine: CallEngine;
  tenant: TelphinTenant;
  hooks: HookStore;
  tracker: CallTracker;
  /** How long a `call_history` request takes; a second one meanwhile gets 429 (telphin.md §8.4). */
  historyDelayMs: number;
  historyBusy: boolean;
  nextCallBackId: number;
}

export interface ApiRequest {
  method: string;
  query: URLSearchParams;
  /** Parsed JSON body; `undefined` when empty. */
  body: unknown;
}

export interface ApiReply {
  status: number;
  /** JSON body; omitted for 204. */
  body?: unknown;
  /** A non-JSON body (recordings). */
  raw?: { type: string; data: Buffer };
}

export type ApiHandler = (ctx: ApiContext, params: string[], req: ApiRequest) => ApiReply | Promise<ApiReply>;
export type ApiRoute = [method: string, pattern: RegExp, handler: ApiHandler];

/** `{"message": …}`, the shape of every API error (telphin.md §4.3). */
export const message = (status: number, text: string): ApiReply => ({ status, body: { message: text } });

/** `{client_id}` in a path: our client's id or `@me`; any other client is someone else's (403). */
export function clientGuard(ctx: ApiContext, ref: string): ApiReply | null {
  if (ref === '@me' || ref === String(ctx.tenant.opts.accountId)) return null;
  return /^\d+$/.test(ref) ? message(403, 'Forbidden') : message(404, 'Client not found');
}

/**
 * `{extension_id}` in a path: a numeric id, or `@<name>` (telphin.md §7.1: variables are not modelled,
 * so `@` resolves an extension name of our client). `@me` needs an extension-level user; ours is a
 * client admin, so it is not found.
 */
export function extensionOf(ctx: ApiContext, ref: string): TelphinExtension | ApiReply {
  const ext = ref === '@me' ? undefined : ctx.tenant.resolve(ref);
  if (!ext) return message(404, 'Extension not found');
  if (ext.clientId !== ctx.tenant.opts.accountId) return message(403, 'Forbidden');
  return ext;
}

const isExtension = (value: TelphinExtension | ApiReply): value is TelphinExtension => 'clientId' in value;

type ExtensionHandler = (ext: TelphinExtension, ctx: ApiContext, params: string[], req: ApiRequest) => ApiReply | Promise<ApiReply>;

/** A handler for `/extension/{extension_id}/…` paths: runs for a known extension of ours, else 404 / 403. */
export const withExtension =
  (fn: ExtensionHandler): ApiHandler =>
  (ctx, params, req) => {
    const ext = extensionOf(ctx, params[0] ?? '');
    return isExtension(ext) ? fn(ext, ctx, params, req) : ext;
  };

/** A handler for `/client/{client_id}/…` paths: runs for our client only. */
export const withClient =
  (fn: ApiHandler): ApiHandler =>
  (ctx, params, req) =>
    clientGuard(ctx, params[0] ?? '') ?? fn(ctx, params, req);
