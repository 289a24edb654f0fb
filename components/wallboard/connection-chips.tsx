import type { ConnectionStatus, ConnectionView } from '@/lib/board';
import { vendorNames } from './vendor-names';

const dot: Record<ConnectionStatus, string> = {
  live: 'bg-green-500',
  connecting: 'bg-sky-400 motion-safe:animate-pulse',
  degraded: 'bg-amber-400',
  down: 'bg-red-500',
};

const chip: Record<ConnectionStatus, string> = {
  live: 'border-slate-600 bg-slate-900',
  connecting: 'border-sky-700 bg-sky-950',
  degraded: 'border-amber-500 bg-amber-950',
  down: 'border-red-500 bg-red-950',
};

/** One chip per PBX connection: name, vendor and status; the error, if any, in the tooltip. */
export function ConnectionChips({ connections }: { connections: readonly ConnectionView[] }) {
  if (connections.length === 0) return null;
  return (
    <ul className="flex flex-wrap items-center gap-2" aria-label="PBX connections">
      {connections.map((c) => (
        <li
          key={c.id}
          data-testid={`conn-${c.id}`}
          data-status={c.status}
          title={c.error ? `${c.name}: ${c.error}` : `${c.name} (${vendorNames[c.vendor]}): ${c.status}`}
          className={`flex items-center gap-2 rounded-full border px-3 py-1 text-base ${chip[c.status]}`}
        >
          <span aria-hidden className={`size-3 rounded-full ${dot[c.status]}`} />
          <span className="font-bold">{c.name}</span>
          <span className="text-sm text-slate-400">{vendorNames[c.vendor]}</span>
          {c.status !== 'live' && <span className="text-sm font-semibold uppercase">{c.status}</span>}
          {c.status === 'live' && <span className="sr-only">live</span>}
        </li>
      ))}
    </ul>
  );
}
