import { HEALTHY, type Board, type BoardHealth, type ConnectionStatus, type ConnectionView } from '@/lib/board';
import type { Change } from '@/lib/ws-protocol';
import type { ProjectorStore } from '@/db/queries/projector-store';
import { logger } from '@/server/log';
import { boardOf, type BoardState } from './board-state';
import type { PbxEvent } from './pbx-event';
import { createTouched, reduceEvent } from './reduce-event';

const log = logger.child({ component: 'projector' });

/** A connection's `lastEventAt` is republished at most this often, to keep deltas about calls. */
const LAST_EVENT_PUBLISH_MS = 1000;
/** While the database refuses writes, events wait in memory up to this many, retried this often. */
const MAX_PENDING_EVENTS = 50_000;
const RETRY_MS = 1000;

export interface ProjectorDeps {
  store: ProjectorStore;
  state: BoardState;
  /** Hands entity changes to the hub. */
  publish: (changes: Change[]) => void;
  /** Reloads the board from storage after a failed write (memory must not run ahead of disk). */
  reload: () => BoardState;
  now?: () => Date;
  /** Storage retry period while the database refuses writes; default 1 s. */
  retryMs?: number;
  maxPendingEvents?: number;
  /** Told of every storage failure and recovery (metrics). */
  onStorage?: (health: BoardHealth['storage']) => void;
}

/** The only writer of call state: applies batches of canonical events in one transaction each. */
export class Projector {
  private state: BoardState;
  private readonly now: () => Date;
  private readonly lastPublished = new Map<string, number>();
  /** Events not yet stored because the database refused them, oldest first (order is kept). */
  private pending: PbxEvent[] = [];
  private retryTimer: NodeJS.Timeout | null = null;
  private health: BoardHealth = HEALTHY;

  constructor(private readonly deps: ProjectorDeps) {
    this.state = deps.state;
    this.now = deps.now ?? (() => new Date());
  }

  board(seq: number): Board {
    return { ...boardOf(this.state, seq), health: this.health };
  }

  /** Storage health as the board shows it. */
  storageHealth(): BoardHealth['storage'] {
    return this.health.storage;
  }

  /** Finds a live leg by its canonical id. */
  findLeg(legId: string) {
    const ext = this.state.extensions.get(this.state.legIndex.get(legId) ?? '');
    const call = ext?.calls.find((c) => c.id === legId);
    return ext && call ? { extension: ext, call } : null;
  }

  /** When a stored leg ended; `null` when it is live, unknown, or the database cannot say. */
  legEndedAt(legId: string): Date | null {
    try {
      const at = this.deps.store.legEndedAt(legId);
      return at === null ? null : new Date(at);
    } catch {
      return null;
    }
  }

  /** Where a connection's vendor stream stood after its last stored batch; null when never stored or unreadable. */
  streamPosition(connectionId: string): { position: string; at: Date } | null {
    try {
      const stored = this.deps.store.streamPosition(connectionId);
      return stored ? { position: stored.position, at: new Date(stored.at) } : null;
    } catch {
      return null;
    }
  }

  connection(id: string): ConnectionView | undefined {
    return this.state.connections.get(id);
  }

  /**
   * Applies one batch; a repeated event (same idempotency key) changes nothing. While the database
   * refuses writes the batch waits, in order, behind the ones already waiting.
   */
  apply(batch: readonly PbxEvent[]): void {
    if (batch.length === 0) return;
    if (this.pending.length > 0) {
      this.hold(batch);
      return;
    }
    if (!this.store(batch)) this.hold(batch);
  }

  /** One transaction for the batch, then its delta; false (board reloaded from disk) when the write failed. */
  private store(batch: readonly PbxEvent[]): boolean {
    const touched = createTouched();
    const { store } = this.deps;
    try {
      store.transaction(() => {
        for (const event of batch) {
          if (event.type === 'stream.position') store.writeStreamPosition(event.connectionId, event.position, event.at);
          else if (store.appendEvent(event)) reduceEvent(this.state, event, store, touched);
        }
        for (const row of touched.legs.values()) store.writeLeg(row);
        for (const id of touched.extensions) {
          const view = this.state.extensions.get(id);
          if (view) store.writeExtension(view);
        }
        for (const id of touched.queues) {
          const view = this.state.queues.get(id);
          if (view) store.writeQueue(view);
        }
      });
    } catch (error) {
      // Loud once per outage; the retries of a full disk every second would drown the log.
      if (this.health.storage.ok) log.error({ err: error, events: batch.length }, 'batch not stored; reloading the board from the database');
      else log.debug({ err: error, events: batch.length }, 'storage still refusing writes');
      this.state = this.reloadKeepingConnections();
      this.deps.publish(this.fullChanges());
      this.setStorage(false, describeStorageError(error));
      return false;
    }
    const changes: Change[] = [];
    for (const id of touched.extensions) {
      const value = this.state.extensions.get(id);
      if (value) changes.push({ op: 'upsert', entity: 'extension', value });
    }
    for (const id of touched.queues) {
      const value = this.state.queues.get(id);
      if (value) changes.push({ op: 'upsert', entity: 'queue', value });
    }
    // A batch that only moves the stream position (an empty long-poll reply) is no event from the PBX.
    const connectionChange = batch.some((e) => e.type !== 'stream.position') ? this.noteEventTime(batch) : null;
    if (connectionChange) changes.push(connectionChange);
    if (changes.length > 0) this.deps.publish(changes);
    return true;
  }

  private hold(batch: readonly PbxEvent[]): void {
    this.pending.push(...batch);
    const max = this.deps.maxPendingEvents ?? MAX_PENDING_EVENTS;
    if (this.pending.length > max) {
      const dropped = this.pending.length - max;
      this.pending.splice(0, dropped);
      log.error({ dropped }, 'storage still failing: oldest waiting events given up');
      this.setStorage(false, this.health.storage.error, dropped);
    } else this.setStorage(false, this.health.storage.error);
    this.retryTimer ??= setTimeout(() => this.retry(), this.deps.retryMs ?? RETRY_MS).unref();
  }

  private retry(): void {
    this.retryTimer = null;
    const waiting = this.pending;
    this.pending = [];
    if (this.store(waiting)) {
      log.warn({ events: waiting.length }, 'storage recovered: waiting events stored');
      this.setStorage(true, null);
    } else this.hold(waiting);
  }

  private setStorage(ok: boolean, error: string | null, droppedNow = 0): void {
    const before = this.health.storage;
    const storage = {
      ok,
      error: ok ? null : error,
      pendingEvents: this.pending.length,
      droppedEvents: ok ? 0 : before.droppedEvents + droppedNow,
      since: ok ? null : (before.since ?? this.now().toISOString()),
    };
    if (JSON.stringify(storage) === JSON.stringify(before)) return;
    this.health = { storage };
    this.deps.onStorage?.(storage);
    this.deps.publish([{ op: 'upsert', entity: 'health', value: this.health }]);
  }

  /** Stops the storage retry timer (server shutdown). */
  close(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  /** Adds or replaces a connection on the board (status `connecting` until its connector says). */
  registerConnection(view: ConnectionView): void {
    this.state.connections.set(view.id, view);
    this.deps.store.writeConnection(view);
    this.deps.publish([{ op: 'upsert', entity: 'connection', value: view }]);
  }

  setConnectionStatus(id: string, status: ConnectionStatus, error: string | null): void {
    const view = this.state.connections.get(id);
    if (!view || (view.status === status && view.error === error)) return;
    Object.assign(view, { status, error });
    this.deps.publish([{ op: 'upsert', entity: 'connection', value: view }]);
  }

  /** Takes a stopped connection off the board: its tiles, queues and status go, its call history stays. */
  removeConnection(id: string): void {
    const changes: Change[] = [];
    for (const [extId, ext] of this.state.extensions) {
      if (ext.connectionId !== id) continue;
      for (const call of ext.calls) this.state.legIndex.delete(call.id);
      this.state.extensions.delete(extId);
      changes.push({ op: 'remove', entity: 'extension', id: extId });
    }
    for (const [queueId, queue] of this.state.queues) {
      if (queue.connectionId !== id) continue;
      this.state.queues.delete(queueId);
      this.state.queueDays.delete(queueId);
      changes.push({ op: 'remove', entity: 'queue', id: queueId });
    }
    if (this.state.connections.delete(id)) changes.push({ op: 'remove', entity: 'connection', id });
    this.lastPublished.delete(id);
    try {
      this.deps.store.transaction(() => this.deps.store.forgetConnection(id));
    } catch (error) {
      // The board is right without it; the stale rows only cost a reload that the connector repairs.
      log.error({ err: error, connection: id }, 'removed connection not forgotten in the database');
    }
    if (changes.length > 0) this.deps.publish(changes);
  }

  private noteEventTime(batch: readonly PbxEvent[]): Change | null {
    const id = batch[0]?.connectionId;
    const view = id ? this.state.connections.get(id) : undefined;
    if (!view) return null;
    const nowMs = this.now().getTime();
    view.lastEventAt = new Date(nowMs).toISOString();
    if (nowMs - (this.lastPublished.get(view.id) ?? 0) < LAST_EVENT_PUBLISH_MS) return null;
    this.lastPublished.set(view.id, nowMs);
    this.deps.store.writeConnection(view);
    return { op: 'upsert', entity: 'connection', value: view };
  }

  private reloadKeepingConnections(): BoardState {
    const fresh = this.deps.reload();
    fresh.connections = this.state.connections;
    return fresh;
  }

  private fullChanges(): Change[] {
    const board = this.board(0);
    return [
      ...board.extensions.map((value): Change => ({ op: 'upsert', entity: 'extension', value })),
      ...board.queues.map((value): Change => ({ op: 'upsert', entity: 'queue', value })),
    ];
  }
}

/** Plain words for a refused write: SQLite's own code names the cause (full disk, read-only file). */
function describeStorageError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'SQLITE_FULL') return 'The disk is full: new call events cannot be stored.';
  if (typeof code === 'string' && code.startsWith('SQLITE_READONLY')) return 'The database is read-only: new call events cannot be stored.';
  if (code === 'SQLITE_IOERR' || (typeof code === 'string' && code.startsWith('SQLITE_IOERR'))) return 'The database file cannot be written (I/O error).';
  return `The database refused a write: ${error instanceof Error ? error.message : String(error)}`;
}
