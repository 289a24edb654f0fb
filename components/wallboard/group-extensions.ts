import type { ConnectionView, ExtensionView } from '@/lib/board';

export interface ExtensionGroup {
  connectionId: string;
  connection: ConnectionView | undefined;
  extensions: ExtensionView[];
}

// One collator for every comparison: `localeCompare` with options builds one per call, which made
// this sort the largest script cost of a 2,000-tile board on every delta (BENCHMARKS.md §3).
const numeric = new Intl.Collator(undefined, { numeric: true });
const byNumber = (a: ExtensionView, b: ExtensionView) => numeric.compare(a.number, b.number);

/** Extensions grouped by PBX in the board's connection order, each group sorted by number. */
export function groupExtensions(extensions: readonly ExtensionView[], connections: readonly ConnectionView[]): ExtensionGroup[] {
  const groups = new Map<string, ExtensionGroup>();
  for (const connection of connections) groups.set(connection.id, { connectionId: connection.id, connection, extensions: [] });
  for (const ext of extensions) {
    let group = groups.get(ext.connectionId);
    if (!group) {
      group = { connectionId: ext.connectionId, connection: undefined, extensions: [] };
      groups.set(ext.connectionId, group);
    }
    group.extensions.push(ext);
  }
  const result: ExtensionGroup[] = [];
  for (const group of groups.values()) {
    if (group.extensions.length === 0) continue;
    group.extensions.sort(byNumber);
    result.push(group);
  }
  return result;
}
