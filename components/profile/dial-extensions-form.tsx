'use client';

import { useState, type FormEvent } from 'react';
import { ZProfileUpdate, type TProfile } from '@/lib/profile-types';
import type { FieldErrors } from '../api/api-error';
import { hasFieldErrors, pathFieldErrors, serverFieldErrors } from '../form/field-errors';
import { FormAlert } from '../form/form-alert';
import { primaryButtonClass } from '../form/styles';
import { TextField } from '../form/text-field';
import { dialExtensionChanges } from './dial-extensions';
import { useDialConnections } from './use-dial-connections';
import { useUpdateProfile } from './use-profile';

/** One field per PBX that can place calls; only the edited ones are sent. */
export function DialExtensionsForm({ profile }: { profile: TProfile }) {
  const connections = useDialConnections();
  const update = useUpdateProfile();
  // Typed values over the saved ones; kept after a refusal so the user can correct them.
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [notice, setNotice] = useState<string | null>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const changes = dialExtensionChanges(profile.dialExtensions, draft);
    if (Object.keys(changes).length === 0) {
      update.reset();
      setFieldErrors({});
      setNotice('Nothing to save: no extension was changed.');
      return;
    }
    const parsed = ZProfileUpdate.safeParse({ dialExtensions: changes });
    setNotice(null);
    if (!parsed.success) {
      update.reset();
      setFieldErrors(pathFieldErrors(parsed.error));
      return;
    }
    setFieldErrors({});
    update.mutate(parsed.data, {
      onSuccess: () => {
        setDraft({});
        setNotice('Saved.');
      },
      onError: (error) => setFieldErrors(serverFieldErrors(error)),
    });
  }

  return (
    <section aria-labelledby="dial-extensions-title" className="flex max-w-xl flex-col gap-3 rounded-xl border-2 border-slate-700 bg-slate-900 p-4">
      <h2 id="dial-extensions-title" className="text-xl font-bold">
        Your desk phone
      </h2>
      <p className="text-base text-slate-300">Click-to-dial rings this phone first, then connects it to the number you called.</p>
      {connections.isPending ? (
        <p className="text-lg text-slate-400">Loading the PBX connections…</p>
      ) : connections.isError ? (
        <FormAlert message={`Could not load the PBX connections: ${connections.error.message}`} />
      ) : connections.data.length === 0 ? (
        <p className="text-lg text-slate-400">None of the connected PBXs can place calls for Linesight, so there is nothing to set.</p>
      ) : (
        <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3">
          <FormAlert message={hasFieldErrors(fieldErrors) ? null : update.error?.message} />
          {connections.data.map((connection) => (
            <TextField
              key={connection.id}
              label={`${connection.name} extension`}
              name={connection.id}
              inputMode="numeric"
              autoComplete="off"
              maxLength={16}
              value={draft[connection.id] ?? profile.dialExtensions[connection.id] ?? ''}
              onChange={(event) => {
                const value = event.target.value;
                setNotice(null);
                setDraft((was) => ({ ...was, [connection.id]: value }));
              }}
              errors={fieldErrors[`dialExtensions.${connection.id}`]}
            />
          ))}
          <div className="flex flex-wrap items-center gap-3">
            <button type="submit" disabled={update.isPending} aria-busy={update.isPending} className={primaryButtonClass}>
              Save
            </button>
            {notice && (
              <p role="status" className="text-lg font-semibold text-green-300">
                {notice}
              </p>
            )}
          </div>
        </form>
      )}
    </section>
  );
}
