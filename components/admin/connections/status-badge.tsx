import type { ConnectionAdminView } from '@/lib/connection-admin';

type Status = ConnectionAdminView['status'];

// The word is always shown: colour alone would not reach everyone.
const statusClass: Record<Status, string> = {
  live: 'border-green-400 bg-green-950 text-green-200',
  connecting: 'border-sky-400 bg-sky-950 text-sky-200',
  degraded: 'border-amber-400 bg-amber-950 text-amber-200',
  down: 'border-red-400 bg-red-950 text-red-200',
  disabled: 'border-slate-500 bg-slate-800 text-slate-300',
};

/** A connection's state as a word on a coloured pill: live, connecting, degraded, down or disabled. */
export function StatusBadge({ id, status }: { id: string; status: Status }) {
  return (
    <span
      data-testid={`connection-status-${id}`}
      data-status={status}
      className={`inline-block rounded-full border-2 px-3 py-0.5 text-base font-bold ${statusClass[status]}`}
    >
      {status}
    </span>
  );
}
