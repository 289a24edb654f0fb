import type { TAuditEntry, TAuditResult } from '@/lib/auth-types';
import { AdminTableHead } from '../admin-table-head';
import { formatWhen } from '../format-when';

const resultClass: Record<TAuditResult, string> = {
  ok: 'bg-green-800 text-green-100',
  denied: 'bg-amber-400 text-slate-950',
  failed: 'bg-red-700 text-white',
};

const headings = ['Time', 'Actor', 'Action', 'Target', 'Result', 'Detail', 'IP'];
const cell = 'py-1.5 pr-4 align-top';

/** Audit entries, newest first, as the server sends them. */
export function AuditTable({ entries }: { entries: readonly TAuditEntry[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[60rem] border-collapse text-base">
        <caption className="sr-only">Audit log</caption>
        <AdminTableHead headings={headings} className="pr-4 pb-2 text-left text-sm font-semibold tracking-wide text-slate-400" />
        <tbody>
          {entries.map((e) => (
            <tr key={e.id} data-testid={`audit-${e.id}`} data-result={e.result} className="border-t border-slate-800">
              <td className={`${cell} whitespace-nowrap text-slate-300 tabular-nums`}>
                <time dateTime={e.at}>{formatWhen(e.at)}</time>
              </td>
              <td className={`${cell} font-semibold`}>{e.actor}</td>
              <td className={`${cell} font-mono`}>{e.action}</td>
              <td className={`${cell} break-all`}>{e.target ?? '—'}</td>
              <td className={cell}>
                <span className={`rounded px-2 py-0.5 text-sm font-bold ${resultClass[e.result]}`}>{e.result}</span>
              </td>
              <td className={`${cell} break-words text-slate-300`}>{e.detail ?? '—'}</td>
              <td className={`${cell} font-mono text-slate-400`}>{e.ip ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
