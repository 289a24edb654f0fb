'use client';

import { memo } from 'react';
import { QUEUE_UNKNOWN, type QueueView } from '@/lib/board';
import { Elapsed } from './elapsed';
import { formatDuration, queueLabel } from './format';

const MAX_ROWS = 8;

function Stat({ label, value, tone = 'text-slate-100' }: { label: string; value: string; tone?: string }) {
  return (
    <div className="flex flex-col rounded-lg bg-slate-950/60 px-2 py-1.5">
      <dt className="text-xs font-semibold tracking-wide text-slate-400 uppercase">{label}</dt>
      <dd className={`text-2xl leading-tight font-black tabular-nums ${tone}`}>{value}</dd>
    </div>
  );
}

/**
 * One queue: callers waiting (thread "in"), agents being rung or talking (thread "out") and today's
 * figures, all from QueueView alone. `agentNames` maps extension ids to display labels.
 */
export const QueuePanel = memo(function QueuePanel({ queue, agentNames }: { queue: QueueView; agentNames: Map<string, string> }) {
  const waiting = [...queue.waiting].sort((a, b) => Date.parse(a.since) - Date.parse(b.since));
  const { today } = queue;
  const headingId = `queue-title-${queue.id}`;

  return (
    <section
      data-testid={`queue-${queue.id}`}
      aria-labelledby={headingId}
      className={`flex flex-col gap-3 rounded-xl border-2 bg-slate-900 p-3 ${waiting.length > 0 ? 'border-amber-400' : 'border-slate-700'}`}
    >
      <header className="flex items-baseline justify-between gap-2">
        <h2 id={headingId} className="truncate text-xl font-bold">
          {queueLabel(queue)}
        </h2>
        <span className={`text-3xl font-black tabular-nums ${waiting.length > 0 ? 'text-amber-300' : 'text-slate-500'}`}>
          {waiting.length}
          <span className="sr-only"> waiting</span>
        </span>
      </header>

      <div>
        <h3 className="text-xs font-semibold tracking-wide text-slate-400 uppercase">Waiting</h3>
        {waiting.length === 0 ? (
          // Noojee only flags queue calls; who waits in which queue it never says (noojee.md §3.1).
          <p className="text-slate-500">{queue.number === QUEUE_UNKNOWN ? 'Not reported by this PBX' : 'No callers waiting'}</p>
        ) : (
          <ol className="flex flex-col">
            {waiting.slice(0, MAX_ROWS).map((w) => (
              <li key={w.callId} className="flex items-baseline justify-between gap-2 text-lg">
                <span className="truncate font-semibold">{w.caller || 'Unknown'}</span>
                <Elapsed since={w.since} className="font-bold text-amber-300" />
              </li>
            ))}
            {waiting.length > MAX_ROWS && <li className="text-slate-400">+{waiting.length - MAX_ROWS} more</li>}
          </ol>
        )}
      </div>

      <div>
        <h3 className="text-xs font-semibold tracking-wide text-slate-400 uppercase">Agents</h3>
        {queue.agents.length === 0 ? (
          <p className="text-slate-500">No agents on queue calls</p>
        ) : (
          <ul className="flex flex-col">
            {queue.agents.slice(0, MAX_ROWS).map((a) => (
              <li key={`${a.extensionId}/${a.callId}`} className="flex items-baseline gap-2 text-lg">
                <span
                  aria-hidden
                  className={`size-2.5 shrink-0 rounded-full ${a.state === 'talking' ? 'bg-green-500' : 'bg-amber-400 motion-safe:animate-pulse'}`}
                />
                <span className="min-w-0 flex-1 truncate font-semibold">{agentNames.get(a.extensionId) ?? a.extensionId}</span>
                <span className="text-sm text-slate-400">{a.state === 'talking' ? 'talking' : 'ringing'}</span>
                <Elapsed since={a.since} className="font-bold" />
              </li>
            ))}
            {queue.agents.length > MAX_ROWS && <li className="text-slate-400">+{queue.agents.length - MAX_ROWS} more</li>}
          </ul>
        )}
      </div>

      <dl className="grid grid-cols-3 gap-1.5">
        <Stat label="Offered" value={String(today.offered)} />
        <Stat label="Answered" value={String(today.answered)} tone="text-green-400" />
        <Stat label="Abandoned" value={String(today.abandoned)} tone={today.abandoned > 0 ? 'text-red-400' : 'text-slate-100'} />
        <Stat label="Longest" value={formatDuration(today.longestWaitS)} />
        <Stat label="Service" value={today.serviceLevelPct === null ? '—' : `${Math.round(today.serviceLevelPct)}%`} />
      </dl>
    </section>
  );
});
