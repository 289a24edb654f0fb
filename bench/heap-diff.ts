/**
 * Names what grew between two V8 heap snapshots (`.heapsnapshot`, e.g. from a server started with
 * `NODE_OPTIONS=--heapsnapshot-signal=SIGUSR2` and signalled twice): retained self size and count per
 * constructor (objects) or node type (strings, code, arrays…), biggest growth first.
 *
 *   npx tsx bench/heap-diff.ts before.heapsnapshot after.heapsnapshot [--top=25]
 */
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

interface Group {
  count: number;
  bytes: number;
}

/** Self size and count per group; objects are grouped by constructor name, the rest by node type. */
function groupHeap(snapshot: Snapshot): Map<string, Group> {
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const groups = new Map<string, Group>();
  for (let i = 0; i < snapshot.nodes.length; i += width) {
    const type = types[snapshot.nodes[i + typeAt] ?? 0] ?? 'unknown';
    const name = snapshot.strings[snapshot.nodes[i + nameAt] ?? 0] ?? '';
    const key = type === 'object' || type === 'closure' ? `${type} ${name}` : `(${type})`;
    const group = groups.get(key) ?? { count: 0, bytes: 0 };
    group.count += 1;
    group.bytes += snapshot.nodes[i + sizeAt] ?? 0;
    groups.set(key, group);
  }
  return groups;
}

function main(): void {
  const [beforePath, afterPath] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const top = Number(process.argv.find((a) => a.startsWith('--top='))?.slice(6) ?? 25);
  if (!beforePath || !afterPath) {
    console.error('usage: npx tsx bench/heap-diff.ts before.heapsnapshot after.heapsnapshot [--top=25]');
    process.exit(2);
  }
  const before = groupHeap(JSON.parse(readFileSync(beforePath, 'utf8')) as Snapshot);
  const after = groupHeap(JSON.parse(readFileSync(afterPath, 'utf8')) as Snapshot);
  const total = (m: Map<string, Group>) => [...m.values()].reduce((n, g) => n + g.bytes, 0);
  const mb = (bytes: number) => (bytes / 1048576).toFixed(2);
  console.log(`self size: ${mb(total(before))} MB → ${mb(total(after))} MB`);
  const rows = [...new Set([...before.keys(), ...after.keys()])].map((key) => {
    const b = before.get(key) ?? { count: 0, bytes: 0 };
    const a = after.get(key) ?? { count: 0, bytes: 0 };
    return { key, dBytes: a.bytes - b.bytes, dCount: a.count - b.count, bytes: a.bytes, count: a.count };
  });
  rows.sort((x, y) => y.dBytes - x.dBytes);
  console.log('Δ MB      Δ count   MB after  count after  group');
  for (const r of rows.slice(0, top)) {
    console.log(`${mb(r.dBytes).padStart(8)}  ${String(r.dCount).padStart(8)}  ${mb(r.bytes).padStart(8)}  ${String(r.count).padStart(11)}  ${r.key}`);
  }
}

main();
