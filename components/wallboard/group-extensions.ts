import type { ConnectionView, ExtensionView } from '@/lib/board';

export interface ExtensionGroup {
  connectionId: string;
  connection: ConnectionView | undefined;
  extensions: ExtensionView[];
}

const byNumber = (a: ExtensionView, b: ExtensionView) => a.number.localeCompare(b.number, undefined, { numeric: true });

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
