'use client';

import { useState } from 'react';
import { dangerButtonClass, secondaryButtonClass } from '../../form/styles';
import { DeliveryCell } from './delivery-cell';
import { voipnowMethodLabel, voipnowStatusLabel, voipnowTypeLabel } from './hook-labels';
import type { HookRow as THookRow } from './hook-list';

interface HookRowProps {
  hook: THookRow;
  now: number;
  editing: boolean;
  onEdit: () => void;
  onDelete: () => void;
}

const cell = 'py-2 pr-4';

/** One hook on the PBX; deleting asks once more inline, because the PBX stops calling that URL at once. */
export function HookRow({ hook, now, editing, onEdit, onDelete }: HookRowProps) {
  const [confirming, setConfirming] = useState(false);
  const url = (
    <td className={`${cell} max-w-[28rem] break-all`}>
      {hook.ours && (
        <span className="mr-2 inline-block rounded bg-sky-500 px-1.5 py-0.5 text-sm font-bold text-slate-950">Linesight</span>
      )}
      <span className="font-mono text-base text-slate-200">{hook.url || (hook.ours ? 'This Linesight server' : '')}</span>
    </td>
  );

  return (
    <tr
      data-testid={`hook-row-${hook.id}`}
      data-ours={hook.ours}
      aria-busy={hook.pending || undefined}
      className={`border-t border-slate-800 align-middle ${hook.pending ? 'opacity-60' : ''} ${editing ? 'bg-slate-800/60' : ''}`}
    >
      {hook.vendor === 'telphin' ? (
        <>
          <th scope="row" className={`${cell} text-left text-lg font-bold`}>
            {hook.event_type}
          </th>
          <td className={cell}>{hook.method}</td>
          {url}
        </>
      ) : (
        <>
          <th scope="row" className={`${cell} text-left text-lg font-bold`}>
            {voipnowTypeLabel(hook.type)}
          </th>
          <td className={cell}>{voipnowMethodLabel(hook.method)}</td>
          {url}
          <td className={`${cell} max-w-[16rem] break-words text-slate-300`}>{hook.note}</td>
          <td className={`${cell} font-semibold ${hook.status === '1' ? 'text-green-300' : 'text-amber-300'}`}>{voipnowStatusLabel(hook.status)}</td>
        </>
      )}
      <DeliveryCell hook={hook} now={now} />
      <td className="py-2">
        {hook.pending ? (
          <span className="text-base font-semibold text-slate-300">Saving…</span>
        ) : confirming ? (
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-semibold text-amber-200">Delete this hook? The PBX stops calling its URL.</span>
            <button
              type="button"
              onClick={() => {
                setConfirming(false);
                onDelete();
              }}
              className={dangerButtonClass}
            >
              Yes, delete
            </button>
            <button type="button" onClick={() => setConfirming(false)} className={secondaryButtonClass}>
              Cancel
            </button>
          </div>
        ) : (
          <div className="flex flex-wrap gap-2">
            <button type="button" aria-label={`Edit hook ${hook.id}`} onClick={onEdit} className={secondaryButtonClass}>
              Edit
            </button>
            <button type="button" aria-label={`Delete hook ${hook.id}`} onClick={() => setConfirming(true)} className={secondaryButtonClass}>
              Delete
            </button>
          </div>
        )}
      </td>
    </tr>
  );
}
