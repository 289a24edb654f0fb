import type { Capabilities, ConnectionView, ExtensionView, Vendor } from '@/lib/board';

/** One PBX's section of the grid: what its heading and tiles need, and its tiles' ids in order. */
export interface TileGroup {
  connectionId: string;
  /** Undefined when the board has extensions of a connection it does not list. */
  connection: { name: string; vendor: Vendor; capabilities: Pick<Capabilities, 'record' | 'dial'> } | undefined;
  ids: readonly string[];
}

// One collator for every comparison: `localeCompare` with options builds one per call, which made
// this sort the largest script cost of a 2,000-tile board on every delta (BENCHMARKS.md §3).
const numeric = new Intl.Collator(undefined, { numeric: true });
const byNumber = (a: ExtensionView, b: ExtensionView) => numeric.compare(a.number, b.number);

const sameIds = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id, i) => id === b[i]);

const sameGroup = (a: TileGroup, b: TileGroup) =>
  a.connectionId === b.connectionId &&
  a.connection?.name === b.connection?.name &&
  a.connection?.vendor === b.connection?.vendor &&
  a.connection?.capabilities.record === b.connection?.capabilities.record &&
  a.connection?.capabilities.dial === b.connection?.capabilities.dial &&
  sameIds(a.ids, b.ids);

/**
 * Extension ids grouped by PBX in the board's connection order, each group sorted by number. A group
 * equal to one in `previous` is returned as that same object, so its memoised section skips rendering.
 */
export function groupTileIds(extensions: Iterable<ExtensionView>, connections: readonly ConnectionView[], previous: readonly TileGroup[] = []): TileGroup[] {
  const members = new Map<string, ExtensionView[]>();
  for (const connection of connections) members.set(connection.id, []);
  for (const ext of extensions) {
    const list = members.get(ext.connectionId);
    if (list) list.push(ext);
    else members.set(ext.connectionId, [ext]);
  }
  const connectionById = new Map(connections.map((c) => [c.id, c]));
  const previousById = new Map(previous.map((g) => [g.connectionId, g]));
  const result: TileGroup[] = [];
  for (const [connectionId, list] of members) {
    if (list.length === 0) continue;
    list.sort(byNumber);
    const c = connectionById.get(connectionId);
    const group: TileGroup = {
      connectionId,
      connection: c && { name: c.name, vendor: c.vendor, capabilities: { record: c.capabilities.record, dial: c.capabilities.dial } },
      ids: list.map((e) => e.id),
    };
    const before = previousById.get(connectionId);
    result.push(before && sameGroup(before, group) ? before : group);
  }
  return result;
}
