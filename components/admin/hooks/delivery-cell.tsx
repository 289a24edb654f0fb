import { formatWhen } from '../format-when';
import { formatAgo } from '../format-ago';
import type { HookRow } from './hook-list';

/** For our hooks: when the PBX last called our intake and how often in the last hour. */
export function DeliveryCell({ hook, now }: { hook: HookRow; now: number }) {
  if (!hook.ours) return <td className="py-2 pr-4 text-slate-500">—</td>;
  const lastAt = hook.delivery?.lastAt ?? null;
  const lastHour = hook.delivery?.lastHour ?? 0;
  const ago = formatAgo(lastAt, now);
  return (
    <td data-testid={`delivery-${hook.id}`} data-last-hour={lastHour} className="py-2 pr-4 text-slate-200">
      <span className="block" title={formatWhen(lastAt) ?? undefined}>
        {ago ? `last request ${ago}` : 'no request yet'}
      </span>
      <span className={`block tabular-nums ${lastHour > 0 ? 'text-green-300' : 'text-slate-400'}`}>{lastHour} in the last hour</span>
    </td>
  );
}
