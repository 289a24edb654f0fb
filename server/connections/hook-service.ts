/**
 * The admin hook routes' one entry point (DESIGN.md §5 `/api/connections/{id}/extensions/{number}/
 * hooks…`): finds the running connector's HookAdmin, turns vendor refusals into answers with the
 * field they belong to, and adds each hook of ours its delivery health from the stored requests.
 */
import type { BulkHookResult, HookErrorBody, HookExtension, HookView, THookInput } from '@/lib/hook-admin';
import type { Db } from '@/db/client';
import { hookDelivery } from '@/db/queries/hook-deliveries';
import type { Connector } from '@/server/connectors/connector';
import { HookAdminError, type HookAdmin } from '@/server/connectors/hook-admin';
import { HOOK_EXTENSION_PARAM } from '@/server/connectors/webhook-token';
import { logger } from '@/server/log';
import type { ConnectionManager } from './connection-manager';

const log = logger.child({ component: 'hook-admin' });
const HOUR_MS = 60 * 60_000;

export type HookResult<T> = { ok: true; value: T } | { ok: false; status: number; body: HookErrorBody };

export interface HookServiceDeps {
  db: Db;
  connectors: ReadonlyMap<string, Connector>;
  connections: ConnectionManager;
  now?: () => Date;
}

export class HookService {
  constructor(private readonly deps: HookServiceDeps) {}

  extensions(connectionId: string, query: string): Promise<HookResult<HookExtension[]>> {
    return this.run(connectionId, (admin) => admin.extensions(query));
  }

  list(connectionId: string, extension: string): Promise<HookResult<HookView[]>> {
    return this.run(connectionId, async (admin) => (await admin.list(extension)).map((hook) => this.withDelivery(connectionId, hook)));
  }

  create(connectionId: string, extension: string, input: THookInput): Promise<HookResult<HookView>> {
    return this.run(connectionId, async (admin) => this.withDelivery(connectionId, await admin.create(extension, input)));
  }

  update(connectionId: string, extension: string, hookId: string, input: THookInput): Promise<HookResult<HookView>> {
    return this.run(connectionId, async (admin) => this.withDelivery(connectionId, await admin.update(extension, hookId, input)));
  }

  remove(connectionId: string, extension: string, hookId: string): Promise<HookResult<null>> {
    return this.run(connectionId, async (admin) => {
      await admin.remove(extension, hookId);
      return null;
    });
  }

  ensureOurs(connectionId: string, extension: string): Promise<HookResult<BulkHookResult>> {
    return this.run(connectionId, (admin) => admin.ensureOurs(extension));
  }

  removeOurs(connectionId: string, extension: string): Promise<HookResult<BulkHookResult>> {
    return this.run(connectionId, (admin) => admin.removeOurs(extension));
  }

  private async run<T>(connectionId: string, work: (admin: HookAdmin) => Promise<T>): Promise<HookResult<T>> {
    const view = this.deps.connections.view(connectionId);
    if (!view) return refuse(404, 'No such connection.');
    if (!view.manageHooks) return refuse(409, `${view.name} is a ${view.vendor} connection: its PBX has no event hooks to manage.`);
    const admin = this.deps.connectors.get(connectionId)?.hookAdmin;
    if (!admin) return refuse(409, `${view.name} is disabled; enable it to manage its hooks.`);
    try {
      return { ok: true, value: await work(admin) };
    } catch (error) {
      if (error instanceof HookAdminError) {
        return refuse(error.status, error.message, error.details.code, error.details.fieldErrors);
      }
      log.error({ err: error, connection: connectionId }, 'hook admin request failed');
      return refuse(502, error instanceof Error ? error.message : 'The PBX request failed.');
    }
  }

  /** Our hook URLs carry `ext=` (the owner) and end in `/{event}`: that identifies their stored requests. */
  private withDelivery(connectionId: string, hook: HookView): HookView {
    if (!hook.ours) return hook;
    let url: URL;
    try {
      url = new URL(hook.url);
    } catch {
      return hook;
    }
    const extension = url.searchParams.get(HOOK_EXTENSION_PARAM);
    const event = decodeURIComponent(url.pathname.slice(url.pathname.lastIndexOf('/') + 1));
    if (!extension || !event) return { ...hook, delivery: { lastAt: null, lastHour: 0 } };
    const since = new Date((this.deps.now?.() ?? new Date()).getTime() - HOUR_MS).toISOString();
    const { lastAt, recent } = hookDelivery(this.deps.db, connectionId, extension, event, since);
    return { ...hook, delivery: { lastAt, lastHour: recent } };
  }
}

function refuse(status: number, error: string, code?: string, fieldErrors?: Record<string, string[]>): HookResult<never> {
  return { ok: false, status, body: { error, ...(code ? { code } : {}), ...(fieldErrors ? { fieldErrors } : {}) } };
}
