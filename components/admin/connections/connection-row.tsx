'use client';

import Link from 'next/link';
import { useState } from 'react';
import { VENDOR_LABELS, type ConnectionAdminView } from '@/lib/connection-admin';
import { FormAlert } from '../../form/form-alert';
import { dangerButtonClass, secondaryButtonClass } from '../../form/styles';
import { formatWhen } from '../format-when';
import { formatAgo } from '../format-ago';
import { ProbeResultView } from './probe-result';
import { StatusBadge } from './status-badge';
import { useSetConnectionEnabled, useTestSaved } from './use-connections';

interface ConnectionRowProps {
  connection: ConnectionAdminView;
  /** When the list was last fetched: "12 s ago" counts from there, moving with each poll. */
  nowMs: number;
  onEdit: (connection: ConnectionAdminView) => void;
  onDelete: (id: string) => void;
}

const cell = 'py-2 pr-4 align-top';

/**
 * One connection with its live status. Config-file and demo entries are read-only here: they can be
 * tested, not changed. Results and errors stay inside the row, next to the buttons that caused them.
 */
export function ConnectionRow({ connection: c, nowMs, onEdit, onDelete }: ConnectionRowProps) {
  const setEnabled = useSetConnectionEnabled(c.id);
  const test = useTestSaved(c.id);
  const [confirming, setConfirming] = useState(false);

  return (
    <tr data-testid={`connection-row-${c.id}`} className="border-t border-slate-800">
      <th scope="row" className={`${cell} text-left text-lg font-bold`}>
        {c.name}
      </th>
      <td className={`${cell} font-mono text-slate-300`}>{c.id}</td>
      <td className={`${cell} text-slate-300`}>{VENDOR_LABELS[c.vendor]}</td>
      <td className={cell}>
        <StatusBadge id={c.id} status={c.status} />
      </td>
      <td className={`${cell} text-slate-300 tabular-nums`}>
        {c.lastEventAt ? (
          <time dateTime={c.lastEventAt} title={formatWhen(c.lastEventAt) ?? undefined}>
            {formatAgo(c.lastEventAt, nowMs)}
          </time>
        ) : (
          'Never'
        )}
      </td>
      <td className={`${cell} max-w-64 break-words ${c.error ? 'text-red-300' : 'text-slate-500'}`}>{c.error ?? '—'}</td>
      <td className={`${cell} text-slate-300`}>{c.editable ? c.sourceDetail : `read-only (${c.sourceDetail})`}</td>
      <td className={`${cell} min-w-72`}>
        <div className="flex flex-col gap-2">
          {confirming ? (
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-semibold text-amber-200">Delete {c.name}? It stops at once and leaves the board.</span>
              <button
                type="button"
                aria-label={`Yes, delete ${c.id}`}
                onClick={() => {
                  setConfirming(false);
                  onDelete(c.id);
                }}
                className={dangerButtonClass}
              >
                Yes, delete
              </button>
              <button type="button" aria-label={`Cancel deleting ${c.id}`} onClick={() => setConfirming(false)} className={secondaryButtonClass}>
                Cancel
              </button>
            </div>
          ) : (
            <div className="flex flex-wrap gap-2">
              {c.editable && (
                <>
                  <button type="button" aria-label={`Edit ${c.id}`} onClick={() => onEdit(c)} className={secondaryButtonClass}>
                    Edit
                  </button>
                  <button
                    type="button"
                    aria-label={`${c.enabled ? 'Disable' : 'Enable'} ${c.id}`}
                    onClick={() => setEnabled.mutate(!c.enabled)}
                    // The row flips at once; a second click before the server answers would race the first.
                    disabled={setEnabled.isPending}
                    aria-busy={setEnabled.isPending}
                    className={secondaryButtonClass}
                  >
                    {c.enabled ? 'Disable' : 'Enable'}
                  </button>
                  <button type="button" aria-label={`Delete ${c.id}`} onClick={() => setConfirming(true)} className={secondaryButtonClass}>
                    Delete
                  </button>
                </>
              )}
              <button
                type="button"
                aria-label={`Test ${c.id}`}
                onClick={() => test.mutate()}
                disabled={test.isPending}
                aria-busy={test.isPending}
                className={secondaryButtonClass}
              >
                Test
              </button>
              {c.manageHooks && c.status !== 'disabled' && (
                <Link href={`/admin/hooks?connection=${encodeURIComponent(c.id)}`} aria-label={`Hooks of ${c.id}`} className={secondaryButtonClass}>
                  Hooks
                </Link>
              )}
            </div>
          )}
          {setEnabled.isError && <FormAlert message={`${c.id}: ${setEnabled.error.message}`} />}
          {test.isPending && (
            <p role="status" className="text-base text-slate-300">
              Testing {c.id}…
            </p>
          )}
          {test.isError && <FormAlert message={`${c.id}: ${test.error.message}`} />}
          {test.data && <ProbeResultView result={test.data} />}
        </div>
      </td>
    </tr>
  );
}
