'use client';

import { useState, type FormEvent } from 'react';
import { ZUpdateUserInput } from '@/lib/auth-types';
import type { FieldErrors } from '../../api/api-error';
import { hasFieldErrors, serverFieldErrors, zodFieldErrors } from '../../form/field-errors';
import { FormAlert } from '../../form/form-alert';
import { primaryButtonClass, secondaryButtonClass } from '../../form/styles';
import { TextField } from '../../form/text-field';
import { useUpdateUser } from './use-users';

interface ResetPasswordFormProps {
  userId: number;
  onDone: (changed: boolean) => void;
}

/** Inline new-password form; the server ends the user's sessions when it is saved. */
export function ResetPasswordForm({ userId, onDone }: ResetPasswordFormProps) {
  const update = useUpdateUser(userId);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = ZUpdateUserInput.safeParse({ password: new FormData(event.currentTarget).get('password') });
    if (!parsed.success) {
      update.reset();
      setFieldErrors(zodFieldErrors(parsed.error));
      return;
    }
    setFieldErrors({});
    update.mutate(parsed.data, { onSuccess: () => onDone(true), onError: (error) => setFieldErrors(serverFieldErrors(error)) });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-wrap items-start gap-3 py-2">
      <TextField
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        autoFocus
        errors={fieldErrors.password}
        className="min-w-64 flex-1"
      />
      <div className="flex gap-2 md:mt-7">
        <button type="submit" disabled={update.isPending} className={primaryButtonClass}>
          Save password
        </button>
        <button type="button" onClick={() => onDone(false)} className={secondaryButtonClass}>
          Cancel
        </button>
      </div>
      <div className="basis-full">
        <FormAlert message={hasFieldErrors(fieldErrors) ? null : update.error?.message} />
      </div>
    </form>
  );
}
