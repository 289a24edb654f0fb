import type { Board, ConnectionStatus, ConnectionView } from '@/lib/board';
import type { Change } from '@/lib/ws-protocol';
import type { ProjectorStore } from '@/db/queries/projector-store';
import { logger } from '@/server/log';
import { boardOf, type BoardState } from './board-state';
import type { PbxEvent } from './pbx-event';
import { createTouched, reduceEvent } from './reduce-event';

const log = logger.child({ component: 'projector' });

/** A connection's `lastEventAt` is republished at most this often, to keep deltas about calls. */
const LAST_EVENT_PUBLISH_MS = 1000;

export interface ProjectorDeps {
  store: ProjectorStore;
  state: BoardState;
  /** Hands entity changes to the hub. */
  publish: (changes: Change[]) => void;
  /** Reloads the board from storage after a failed write (memory must not run ahead of disk). */
  reload: () => BoardState;
  now?: () => Date;
}

/** The only writer of call state: applies batches of canonical events in one transaction each. */
export class Projector {
  private state: BoardState;
  private readonly now: () => Date;
  private readonly lastPublished = new Map<string, number>();

  constructor(private readonly deps: ProjectorDeps) {
    this.state = deps.state;
    this.now = deps.now ?? (() => new Date());
  }

  board(seq: number): Board {
    return boardOf(this.state, seq);
  }

  /** Finds a live leg by its canonical id. */
  findLeg(legId: string) {
    const ext = this.state.extensions.get(this.state.legIndex.get(legId) ?? '');
    const call = ext?.calls.find((c) => c.id === legId);
    return ext && call ? { extension: ext, call } : null;
  }

  connection(id: string): ConnectionView | undefined {
    return this.state.connections.get(id);
  }

  /** Applies one batch; a repeated event (same idempotency key) changes nothing. */
  apply(batch: readonly PbxEvent[]): void {
    if (batch.length === 0) return;
    const touched = createTouched();
    const { store } = this.deps;
    try {
      store.transaction(() => {
        for (const event of batch) {
          if (store.appendEvent(event)) reduceEvent(this.state, event, store, touched);
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
      log.error({ err: error, events: batch.length }, 'batch not stored; reloading the board from the database');
      this.state = this.reloadKeepingConnections();
      this.deps.publish(this.fullChanges());
      return;
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
    const connectionChange = this.noteEventTime(batch);
    if (connectionChange) changes.push(connectionChange);
    if (changes.length > 0) this.deps.publish(changes);
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
    this.deps.store.transaction(() => this.deps.store.forgetConnection(id));
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
