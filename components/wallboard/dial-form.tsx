'use client';

import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { ZDialInput } from '@/lib/profile-types';
import { SIGN_IN_ON_401, type FieldErrors } from '../api/api-error';
import { hasFieldErrors, serverFieldErrors, zodFieldErrors } from '../form/field-errors';
import { TextField } from '../form/text-field';
import { pointsToProfile } from './dial-feedback';
import { requestDial } from './request-dial';

const focus = 'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white';
// Smaller than the admin forms' buttons: both must fit side by side in an 11rem tile.
const submitClass = `rounded-md bg-sky-500 px-3 py-1.5 text-base font-bold text-slate-950 hover:bg-sky-400 disabled:cursor-wait disabled:opacity-60 ${focus}`;
const cancelClass = `rounded-md border-2 border-slate-500 px-3 py-1 text-base font-semibold text-slate-100 hover:bg-slate-800 ${focus}`;

interface DialFormProps {
  connectionId: string;
  /** The tile's extension, offered first; any other number may be typed over it. */
  number: string;
  onRang: (to: string) => void;
  onCancel: () => void;
}

function DialAlert({ error }: { error: Error }) {
  return (
    <div role="alert" className="flex flex-col gap-1 rounded-md border-2 border-red-500 bg-red-950 px-2 py-1 text-sm font-semibold text-red-100">
      <p>{error.message}</p>
      {pointsToProfile(error) && (
        <Link href="/profile" className="text-sky-300 underline">
          Open your profile
        </Link>
      )}
    </div>
  );
}

/** The number to call, checked with the server's own schema before it is sent. */
export function DialForm({ connectionId, number, onRang, onCancel }: DialFormProps) {
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const dial = useMutation({
    mutationFn: (to: string) => requestDial(connectionId, to),
    meta: SIGN_IN_ON_401,
    // Here, not in `mutate`'s options: the phone rings even if the form was cancelled in the meantime,
    // and these callbacks still run after it unmounted, so the tile can say so.
    onSuccess: (_result, to) => onRang(to),
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = ZDialInput.safeParse({ to: new FormData(event.currentTarget).get('to') });
    if (!parsed.success) {
      dial.reset();
      setFieldErrors(zodFieldErrors(parsed.error));
      return;
    }
    setFieldErrors({});
    dial.mutate(parsed.data.to, { onError: (error) => setFieldErrors(serverFieldErrors(error)) });
  }

  return (
    <form
      onSubmit={onSubmit}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
      noValidate
      aria-label="Click-to-dial"
      className="flex flex-col gap-2"
    >
      <TextField
        label="Number"
        name="to"
        type="tel"
        inputMode="tel"
        autoComplete="off"
        defaultValue={number}
        maxLength={40}
        autoFocus
        // Selected, so typing an outside number replaces the extension instead of appending to it.
        onFocus={(event) => event.currentTarget.select()}
        errors={fieldErrors.to}
      />
      {dial.isError && !hasFieldErrors(fieldErrors) && <DialAlert error={dial.error} />}
      <div className="flex flex-wrap gap-2">
        <button type="submit" disabled={dial.isPending} aria-busy={dial.isPending} className={submitClass}>
          Ring my phone
        </button>
        <button type="button" onClick={onCancel} className={cancelClass}>
          Cancel
        </button>
      </div>
    </form>
  );
}
