'use client';

import { useState } from 'react';
import { ZUserRole, type TUser } from '@/lib/auth-types';
import { FormAlert } from '../../form/form-alert';
import { inputClass, secondaryButtonClass } from '../../form/styles';
import { formatWhen } from '../format-when';
import { ResetPasswordForm } from './reset-password-form';
import { RoleOptions } from './role-options';
import { useUpdateUser } from './use-users';

const COLUMNS = 5;

/** One user: role, status and last sign-in, with the actions an admin takes on them. */
export function UserRow({ user, isMe }: { user: TUser; isMe: boolean }) {
  const update = useUpdateUser(user.id);
  const [resetting, setResetting] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  function act(patch: Parameters<typeof update.mutate>[0]) {
    setNotice(null);
    update.mutate(patch);
  }

  return (
    <>
      <tr data-testid={`user-${user.username}`} data-disabled={user.disabled} className="border-t border-slate-800 align-middle">
        <th scope="row" className="py-2 pr-4 text-left text-lg font-bold">
          {user.username}
          {isMe && <span className="ml-2 text-sm font-medium text-slate-400">(you)</span>}
        </th>
        <td className="py-2 pr-4">
          <select
            aria-label="Role"
            value={user.role}
            onChange={(event) => {
              const role = ZUserRole.safeParse(event.target.value);
              if (role.success) act({ role: role.data });
            }}
            className={`${inputClass} w-auto py-1`}
          >
            <RoleOptions short />
          </select>
        </td>
        <td className={`py-2 pr-4 text-lg font-semibold ${user.disabled ? 'text-red-300' : 'text-green-300'}`}>
          {user.disabled ? 'Disabled' : 'Active'}
        </td>
        <td className="py-2 pr-4 text-slate-300 tabular-nums">{formatWhen(user.lastLoginAt) ?? 'Never'}</td>
        <td className="py-2">
          <div className="flex flex-wrap gap-2">
            <button type="button" onClick={() => act({ disabled: !user.disabled })} className={secondaryButtonClass}>
              {user.disabled ? 'Enable' : 'Disable'}
            </button>
            {!resetting && (
              <button type="button" onClick={() => setResetting(true)} className={secondaryButtonClass}>
                Reset password
              </button>
            )}
          </div>
        </td>
      </tr>
      {resetting && (
        <tr>
          <td colSpan={COLUMNS}>
            <ResetPasswordForm
              userId={user.id}
              onDone={(changed) => {
                setResetting(false);
                setNotice(changed ? `New password saved for ${user.username}; their sessions were ended.` : null);
              }}
            />
          </td>
        </tr>
      )}
      {(update.isError || notice) && (
        <tr>
          <td colSpan={COLUMNS} className="pb-2">
            {update.isError ? (
              <FormAlert message={`${user.username}: ${update.error.message}`} />
            ) : (
              <p role="status" className="text-base font-semibold text-green-300">
                {notice}
              </p>
            )}
          </td>
        </tr>
      )}
    </>
  );
}
