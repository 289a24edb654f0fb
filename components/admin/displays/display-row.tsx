'use client';

import { useState } from 'react';
import type { TDisplay } from '@/lib/auth-types';
import { FormAlert } from '../../form/form-alert';
import { dangerButtonClass, secondaryButtonClass } from '../../form/styles';
import { formatWhen } from '../format-when';
import { useRevokeDisplay } from './use-displays';

const COLUMNS = 5;

/** One display; revoking asks once more inline, because the TV goes dark at once and its link is gone. */
export function DisplayRow({ display }: { display: TDisplay }) {
  const revoke = useRevokeDisplay(display.id);
  const [confirming, setConfirming] = useState(false);
  const revoked = display.revokedAt !== null;

  return (
    <>
      <tr data-testid={`display-${display.id}`} data-status={revoked ? 'revoked' : 'active'} className="border-t border-slate-800 align-middle">
        <th scope="row" className="py-2 pr-4 text-left text-lg font-bold">
          {display.name}
        </th>
        <td className="py-2 pr-4">
          {revoked ? (
            <span className="text-lg font-semibold text-red-300">
              Revoked <span className="text-base font-normal text-slate-400 tabular-nums">{formatWhen(display.revokedAt)}</span>
            </span>
          ) : (
            <span className="text-lg font-semibold text-green-300">Active</span>
          )}
        </td>
        <td className="py-2 pr-4 text-slate-300 tabular-nums">{formatWhen(display.lastSeenAt) ?? 'Never'}</td>
        <td className="py-2 pr-4 text-slate-300">
          <span className="tabular-nums">{formatWhen(display.createdAt)}</span> by {display.createdBy}
        </td>
        <td className="py-2">
          {!revoked && !confirming && (
            <button type="button" onClick={() => setConfirming(true)} className={secondaryButtonClass}>
              Revoke
            </button>
          )}
          {!revoked && confirming && (
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-semibold text-amber-200">Revoke {display.name}? Its screen stops at once.</span>
              <button
                type="button"
                onClick={() => {
                  setConfirming(false);
                  revoke.mutate();
                }}
                className={dangerButtonClass}
              >
                Yes, revoke
              </button>
              <button type="button" onClick={() => setConfirming(false)} className={secondaryButtonClass}>
                Cancel
              </button>
            </div>
          )}
        </td>
      </tr>
      {revoke.isError && (
        <tr>
          <td colSpan={COLUMNS} className="pb-2">
            <FormAlert message={`${display.name}: ${revoke.error.message}`} />
          </td>
        </tr>
      )}
    </>
  );
}
