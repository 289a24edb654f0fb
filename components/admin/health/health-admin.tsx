'use client';

import { useQuery } from '@tanstack/react-query';
import { ZHealthDetails, type THealthDetails } from '@/lib/health-details';
import { SIGN_IN_ON_401 } from '../../api/api-error';
import { apiJson } from '../../api/api-fetch';
import { FormAlert } from '../../form/form-alert';
import { AdminTableHead } from '../admin-table-head';
import { formatAgo } from '../format-ago';

const headings = ['Connection', 'Status', 'Events/s', 'Events', 'Lag', 'Reconnects', 'Webhook rejects', 'Last event', 'Last error'];

/** Faults made visible while they happen: per-connection rate, lag, reconnects, rejects; storage and clients. */
export function HealthAdmin() {
  const health = useQuery({
    queryKey: ['health-details'],
    queryFn: async ({ signal }) => apiJson('/api/health/details', ZHealthDetails, { signal }),
    refetchInterval: 2000,
    meta: SIGN_IN_ON_401,
  });
  const data = health.data;
  return (
    <section aria-labelledby="health-heading" className="flex flex-col gap-4">
      <h1 id="health-heading" className="text-2xl font-bold">
        Health
      </h1>
      {health.error && <FormAlert message={`Could not load the figures: ${health.error.message}`} />}
      {data && <Summary data={data} />}
      {data && (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[64rem] border-collapse">
            <caption className="sr-only">Connections</caption>
            <AdminTableHead headings={headings} />
            <tbody>
              {data.connections.map((c) => (
                <tr key={c.id} data-testid={`health-${c.id}`} className="border-t border-slate-700 text-lg">
                  <td className="py-2 pr-4 font-semibold">{c.name}</td>
                  <td className="py-2 pr-4" data-status={c.status}>
                    {c.status}
                  </td>
                  <td className="py-2 pr-4 tabular-nums" data-testid={`eps-${c.id}`}>
                    {c.eventsPerSecond}
                  </td>
                  <td className="py-2 pr-4 tabular-nums">{c.eventsTotal}</td>
                  <td className="py-2 pr-4 tabular-nums">{c.lagMs === null ? '—' : `${c.lagMs} ms`}</td>
                  <td className="py-2 pr-4 tabular-nums">{c.reconnects}</td>
                  <td className="py-2 pr-4 tabular-nums">{c.webhookRejects}</td>
                  <td className="py-2 pr-4">{formatAgo(c.lastEventAt, health.dataUpdatedAt) ?? '—'}</td>
                  <td className="py-2 pr-4 text-amber-200">{c.error ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Summary({ data }: { data: THealthDetails }) {
  const { storage } = data;
  return (
    <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-lg md:grid-cols-4">
      <dt className="text-slate-400">Storage</dt>
      <dd data-testid="health-storage" data-ok={storage.ok} className={storage.ok ? 'text-green-300' : 'font-bold text-red-300'}>
        {storage.ok ? 'ok' : `${storage.error ?? 'failing'} (${storage.pendingEvents} events waiting${storage.droppedEvents ? `, ${storage.droppedEvents} lost` : ''})`}
      </dd>
      <dt className="text-slate-400">WebSocket clients</dt>
      <dd data-testid="health-ws-clients">{data.wsClients}</dd>
      <dt className="text-slate-400">Memory (RSS)</dt>
      <dd>{Math.round(data.rssBytes / 1024 / 1024)} MB</dd>
      <dt className="text-slate-400">Up for</dt>
      <dd>{Math.round(data.uptimeS / 60)} min</dd>
    </dl>
  );
}
