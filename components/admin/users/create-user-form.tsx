'use client';

import { useState, type FormEvent } from 'react';
import { ZCreateUserInput } from '@/lib/auth-types';
import type { FieldErrors } from '../../api/api-error';
import { hasFieldErrors, serverFieldErrors, zodFieldErrors } from '../../form/field-errors';
import { FormAlert } from '../../form/form-alert';
import { primaryButtonClass } from '../../form/styles';
import { SelectField, TextField } from '../../form/text-field';
import { RoleOptions } from './role-options';
import { useCreateUser } from './use-users';

/** New user: checked by the same zod schema as the server, then by the server (a taken name, say). */
export function CreateUserForm() {
  const create = useCreateUser();
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [created, setCreated] = useState<string | null>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setCreated(null);
    const parsed = ZCreateUserInput.safeParse({ username: data.get('username'), password: data.get('password'), role: data.get('role') });
    if (!parsed.success) {
      create.reset();
      setFieldErrors(zodFieldErrors(parsed.error));
      return;
    }
    setFieldErrors({});
    create.mutate(parsed.data, {
      onSuccess: (user) => {
        form.reset();
        setCreated(user.username);
      },
      onError: (error) => setFieldErrors(serverFieldErrors(error)),
    });
  }

  return (
    <section aria-labelledby="new-user-title" className="flex flex-col gap-3 rounded-xl border-2 border-slate-700 bg-slate-900 p-4">
      <h2 id="new-user-title" className="text-xl font-bold">
        New user
      </h2>
      {/* Field-level messages already say what is wrong; the alert is for everything else. */}
      <FormAlert message={hasFieldErrors(fieldErrors) ? null : create.error?.message} />
      {created && (
        <p role="status" className="text-lg font-semibold text-green-300">
          Created {created}.
        </p>
      )}
      <form onSubmit={onSubmit} noValidate className="grid items-start gap-3 md:grid-cols-[1fr_1fr_1fr_auto]">
        <TextField
          label="Username"
          name="username"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={32}
          errors={fieldErrors.username}
        />
        <TextField label="Password" name="password" type="password" autoComplete="new-password" errors={fieldErrors.password} />
        <SelectField label="Role" name="role" defaultValue="viewer" errors={fieldErrors.role}>
          <RoleOptions />
        </SelectField>
        <button type="submit" disabled={create.isPending} aria-busy={create.isPending} className={`${primaryButtonClass} md:mt-7`}>
          Create user
        </button>
      </form>
    </section>
  );
}
