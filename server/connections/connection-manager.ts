/**
 * Every PBX connection of this server and where it comes from (DESIGN.md §6): the config file and
 * the demo are read-only here; connections added from the admin UI persist in SQLite. Adding,
 * editing, disabling or deleting one starts or stops its connector at once — no restart.
 */
import type { ConnectionAdminView, ConnectionSource, ProbeResult } from '@/lib/connection-admin';
import { SECRET_FIELDS, withoutSecrets } from '@/lib/connection-admin';
import { ZConnectionConfig, type TConnectionConfig } from '@/lib/connection-config';
import type { Db } from '@/db/client';
import {
  deleteSavedConnection,
  insertSavedConnection,
  listSavedConnections,
  updateSavedConnection,
} from '@/db/queries/saved-connections';
import type { Connector, ConnectorContext } from '@/server/connectors/connector';
import { runConnector, type ConnectorFactory, type RunningConnector } from '@/server/connectors/run-connector';
import type { Projector } from '@/server/domain/projector';
import { logger } from '@/server/log';
import type { ConnectionStats } from '@/server/observability/connection-stats';
import { probeConnection } from './probe-connection';

const log = logger.child({ component: 'connections' });

export interface FixedConnection {
  config: TConnectionConfig;
  source: Exclude<ConnectionSource, 'ui'>;
  /** Plain words: `config file /etc/linesight.json`, `embedded demo simulator`. */
  sourceDetail: string;
}

export type AdminResult<T> = { ok: true; value: T } | { ok: false; status: 400 | 404 | 409; error: string; fieldErrors?: Record<string, string[]> };

interface Entry {
  config: TConnectionConfig;
  source: ConnectionSource;
  sourceDetail: string;
  enabled: boolean;
  running: RunningConnector | null;
  /** Why the connector could not be started (shown as its error). */
  startError: string | null;
}

export interface ConnectionManagerDeps {
  db: Db;
  projector: Projector;
  stats: ConnectionStats;
  /** The running connectors by id, shared with the webhook intake and the commands. */
  connectors: Map<string, Connector>;
  create?: ConnectorFactory;
  probe?: typeof probeConnection;
  now?: () => Date;
}

const UI_DETAIL = 'saved in Linesight (admin UI)';

export class ConnectionManager {
  private readonly entries = new Map<string, Entry>();
  private context: ConnectorContext | null = null;
  /** One change at a time: a stop must finish before the same id starts again. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: ConnectionManagerDeps) {}

  /** Registers the read-only connections and the saved ones, and starts every enabled one. */
  start(fixed: readonly FixedConnection[], context: ConnectorContext): void {
    if (this.context) throw new Error('connections already started');
    this.context = context;
    for (const item of fixed) this.entries.set(item.config.id, { ...item, enabled: true, running: null, startError: null });
    for (const row of listSavedConnections(this.deps.db)) {
      if (this.entries.has(row.id)) {
        log.warn({ connection: row.id }, 'a saved connection has the id of a config file entry; the file wins');
        continue;
      }
      const parsed = ZConnectionConfig.safeParse(row.config);
      if (!parsed.success) {
        log.error({ connection: row.id, issues: parsed.error.issues.map((i) => i.path.join('.')) }, 'saved connection is invalid; not started');
        continue;
      }
      this.entries.set(row.id, { config: parsed.data, source: 'ui', sourceDetail: UI_DETAIL, enabled: row.enabled, running: null, startError: null });
    }
    for (const entry of this.entries.values()) if (entry.enabled) this.launch(entry);
  }

  /** Saved connections in the database, for the demo's `auto` decision before anything starts. */
  static savedCount(db: Db): number {
    return listSavedConnections(db).length;
  }

  list(): ConnectionAdminView[] {
    return [...this.entries.values()].map((entry) => this.viewOf(entry)).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  }

  view(id: string): ConnectionAdminView | null {
    const entry = this.entries.get(id);
    return entry ? this.viewOf(entry) : null;
  }

  /** A full config for a test or a save: the draft, with empty secrets taken from the saved `id`. */
  resolveDraft(input: Record<string, unknown>, mode: 'create' | 'update' | 'test', pathId?: string): AdminResult<TConnectionConfig> {
    const { enabled: _enabled, ...draft } = input;
    const id = pathId ?? (typeof draft.id === 'string' ? draft.id : undefined);
    if (pathId !== undefined) {
      if (draft.id !== undefined && draft.id !== pathId) return fieldError(400, 'id', 'The id of a connection cannot change.');
      draft.id = pathId;
    }
    const existing = id ? this.entries.get(id) : undefined;
    if (mode === 'create' && existing) return fieldError(409, 'id', `A connection with the id "${id}" already exists.`);
    if (mode === 'update' && existing && existing.config.vendor !== draft.vendor) return fieldError(400, 'vendor', 'The vendor of a connection cannot change.');
    const vendor = draft.vendor as TConnectionConfig['vendor'];
    for (const field of SECRET_FIELDS[vendor] ?? []) {
      const value = draft[field];
      if ((value === undefined || value === '') && mode !== 'create' && existing?.config.vendor === vendor) {
        draft[field] = (existing.config as Record<string, unknown>)[field];
      }
    }
    const parsed = ZConnectionConfig.safeParse(draft);
    if (!parsed.success) {
      const fieldErrors: Record<string, string[]> = {};
      for (const issue of parsed.error.issues) (fieldErrors[issue.path.join('.') || '_'] ??= []).push(issue.message);
      return { ok: false, status: 400, error: 'Please correct the highlighted fields.', fieldErrors };
    }
    return { ok: true, value: parsed.data };
  }

  create(input: Record<string, unknown>): Promise<AdminResult<ConnectionAdminView>> {
    return this.serial(async () => {
      const resolved = this.resolveDraft(input, 'create');
      if (!resolved.ok) return resolved;
      const config = resolved.value;
      const enabled = input.enabled !== false;
      const at = this.now();
      insertSavedConnection(this.deps.db, { id: config.id, vendor: config.vendor, config, enabled, createdAt: at, updatedAt: at });
      const entry: Entry = { config, source: 'ui', sourceDetail: UI_DETAIL, enabled, running: null, startError: null };
      this.entries.set(config.id, entry);
      if (enabled) this.launch(entry);
      return { ok: true, value: this.viewOf(entry) };
    });
  }

  update(id: string, input: Record<string, unknown>): Promise<AdminResult<ConnectionAdminView>> {
    return this.serial(async () => {
      const entry = this.editable(id);
      if (!entry.ok) return entry;
      const resolved = this.resolveDraft(input, 'update', id);
      if (!resolved.ok) return resolved;
      const enabled = typeof input.enabled === 'boolean' ? input.enabled : entry.value.enabled;
      updateSavedConnection(this.deps.db, id, { config: resolved.value, enabled, updatedAt: this.now() });
      await this.halt(entry.value);
      Object.assign(entry.value, { config: resolved.value, enabled, startError: null });
      if (enabled) this.launch(entry.value);
      return { ok: true, value: this.viewOf(entry.value) };
    });
  }

  setEnabled(id: string, enabled: boolean): Promise<AdminResult<ConnectionAdminView>> {
    return this.serial(async () => {
      const entry = this.editable(id);
      if (!entry.ok) return entry;
      updateSavedConnection(this.deps.db, id, { enabled, updatedAt: this.now() });
      entry.value.enabled = enabled;
      if (!enabled) await this.halt(entry.value);
      else if (!entry.value.running) this.launch(entry.value);
      return { ok: true, value: this.viewOf(entry.value) };
    });
  }

  remove(id: string): Promise<AdminResult<ConnectionAdminView>> {
    return this.serial(async () => {
      const entry = this.editable(id);
      if (!entry.ok) return entry;
      deleteSavedConnection(this.deps.db, id);
      await this.halt(entry.value);
      this.entries.delete(id);
      return { ok: true, value: { ...this.viewOf(entry.value), enabled: false, status: 'disabled' } };
    });
  }

  /** "Test connection" on a draft (the form's values) or, with only an id, on a known connection. */
  async test(input: Record<string, unknown>): Promise<AdminResult<ProbeResult>> {
    const resolved = this.resolveDraft(input, 'test');
    if (!resolved.ok) return resolved;
    return { ok: true, value: await this.probe(resolved.value) };
  }

  async testKnown(id: string): Promise<AdminResult<ProbeResult>> {
    const entry = this.entries.get(id);
    if (!entry) return { ok: false, status: 404, error: 'No such connection.' };
    return { ok: true, value: await this.probe(entry.config) };
  }

  /** Stops every connector (server shutdown). */
  async stopAll(): Promise<void> {
    await Promise.all([...this.entries.values()].map((entry) => entry.running?.stop()));
  }

  private probe(config: TConnectionConfig): Promise<ProbeResult> {
    return (this.deps.probe ?? probeConnection)(config, { publicUrl: this.context?.publicUrl ?? 'http://127.0.0.1' });
  }

  private editable(id: string): AdminResult<Entry> {
    const entry = this.entries.get(id);
    if (!entry) return { ok: false, status: 404, error: 'No such connection.' };
    if (entry.source !== 'ui') return { ok: false, status: 409, error: `This connection comes from the ${entry.sourceDetail}; change it there.` };
    return { ok: true, value: entry };
  }

  private launch(entry: Entry): void {
    if (!this.context) return;
    try {
      entry.running = runConnector(entry.config, this.deps.projector, this.deps.stats, this.context, this.deps.create);
      entry.startError = null;
      this.deps.connectors.set(entry.config.id, entry.running.connector);
      log.info({ connection: entry.config.id, vendor: entry.config.vendor, source: entry.source }, 'connection started');
    } catch (error) {
      entry.startError = error instanceof Error ? error.message : String(error);
      log.error({ connection: entry.config.id, error: entry.startError }, 'connection could not start');
    }
  }

  private async halt(entry: Entry): Promise<void> {
    const running = entry.running;
    entry.running = null;
    if (this.deps.connectors.get(entry.config.id) === running?.connector) this.deps.connectors.delete(entry.config.id);
    if (running) {
      await running.stop();
      log.info({ connection: entry.config.id }, 'connection stopped');
    }
    this.deps.projector.removeConnection(entry.config.id);
    this.deps.stats.forget(entry.config.id);
  }

  private viewOf(entry: Entry): ConnectionAdminView {
    const live = entry.running ? this.deps.projector.connection(entry.config.id) : undefined;
    const config = entry.config as Record<string, unknown>;
    return {
      id: entry.config.id,
      vendor: entry.config.vendor,
      name: entry.config.name,
      source: entry.source,
      sourceDetail: entry.sourceDetail,
      editable: entry.source === 'ui',
      enabled: entry.enabled,
      status: entry.running ? (live?.status ?? 'connecting') : 'disabled',
      lastEventAt: live?.lastEventAt ?? null,
      error: entry.startError ?? live?.error ?? null,
      settings: withoutSecrets(entry.config),
      secretsSet: SECRET_FIELDS[entry.config.vendor].filter((field) => typeof config[field] === 'string' && config[field] !== ''),
      manageHooks: entry.config.vendor === 'telphin' || entry.config.vendor === 'voipnow',
    };
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private now(): string {
    return (this.deps.now?.() ?? new Date()).toISOString();
  }
}

function fieldError(status: 400 | 409, field: string, message: string): AdminResult<never> {
  return { ok: false, status, error: message, fieldErrors: { [field]: [message] } };
}
