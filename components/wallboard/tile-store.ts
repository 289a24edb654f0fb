/**
 * The wallboard's tiles as an external store: one subscription per extension id, so a delta
 * re-renders only the tiles it changed, and an ordered layout (grouped by PBX, sorted by number) that
 * is rebuilt only when membership or a sort field changes (BENCHMARKS.md §3). No React here.
 */
import { QUEUE_UNKNOWN, type Board, type ConnectionView, type ExtensionView } from '@/lib/board';
import { groupTileIds, type TileGroup } from './group-extensions';

export interface TileLayout {
  groups: readonly TileGroup[];
  /** Tiles on the board, all groups together. */
  count: number;
}

type Listener = () => void;

const EMPTY: TileLayout = { groups: [], count: 0 };

// Only what the grid shows about a PBX: its `lastEventAt` moves with every batch and must not
// rebuild the layout.
const connectionKey = (c: ConnectionView) => `${c.id}\u0000${c.name}\u0000${c.vendor}\u0000${c.capabilities.record}\u0000${c.capabilities.dial}`;

export class TileStore {
  private readonly byId = new Map<string, ExtensionView>();
  private readonly tileListeners = new Map<string, Set<Listener>>();
  private readonly layoutListeners = new Set<Listener>();
  private readonly queueListeners = new Set<Listener>();
  private extensions: readonly ExtensionView[] | null = null;
  private connectionsKey = '';
  private layout: TileLayout = EMPTY;
  private queueNames = new Map<string, string | null>();

  /** Takes a new board; notifies the tiles whose extension object changed, and the layout if it moved. */
  sync(board: Pick<Board, 'extensions' | 'connections' | 'queues'>): void {
    const changed: string[] = [];
    let layoutDirty = false;
    if (board.extensions !== this.extensions) {
      this.extensions = board.extensions;
      for (const ext of board.extensions) {
        const prev = this.byId.get(ext.id);
        if (prev === ext) continue;
        if (!prev || prev.number !== ext.number || prev.connectionId !== ext.connectionId) layoutDirty = true;
        this.byId.set(ext.id, ext);
        changed.push(ext.id);
      }
      if (this.byId.size > board.extensions.length) {
        const present = new Set(board.extensions.map((e) => e.id));
        for (const id of this.byId.keys()) {
          if (present.has(id)) continue;
          this.byId.delete(id);
          changed.push(id);
          layoutDirty = true;
        }
      }
    }
    const connectionsKey = board.connections.map(connectionKey).join('\u0001');
    if (connectionsKey !== this.connectionsKey) {
      this.connectionsKey = connectionsKey;
      layoutDirty = true;
    }
    if (layoutDirty) {
      const groups = groupTileIds(this.byId.values(), board.connections, this.layout.groups);
      this.layout = { groups, count: this.byId.size };
    }
    const queuesChanged = this.syncQueueNames(board.queues);

    for (const id of changed) this.tileListeners.get(id)?.forEach((l) => l());
    if (layoutDirty) this.layoutListeners.forEach((l) => l());
    if (queuesChanged) this.queueListeners.forEach((l) => l());
  }

  private syncQueueNames(queues: Board['queues']): boolean {
    const next = new Map(queues.map((q) => [q.id, q.number === QUEUE_UNKNOWN ? null : (q.name ?? q.number)]));
    const same = next.size === this.queueNames.size && [...next].every(([id, name]) => this.queueNames.has(id) && this.queueNames.get(id) === name);
    if (same) return false;
    this.queueNames = next;
    return true;
  }

  get(id: string): ExtensionView | undefined {
    return this.byId.get(id);
  }

  subscribeTile(id: string, listener: Listener): () => void {
    const set = this.tileListeners.get(id) ?? new Set<Listener>();
    this.tileListeners.set(id, set);
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.tileListeners.delete(id);
    };
  }

  getLayout = (): TileLayout => this.layout;

  subscribeLayout = (listener: Listener): (() => void) => {
    this.layoutListeners.add(listener);
    return () => this.layoutListeners.delete(listener);
  };

  /** Label of a queue for a tile's "via queue" line; null when unknown or the vendor never names it. */
  queueName(id: string): string | null {
    return this.queueNames.get(id) ?? null;
  }

  subscribeQueues = (listener: Listener): (() => void) => {
    this.queueListeners.add(listener);
    return () => this.queueListeners.delete(listener);
  };
}
