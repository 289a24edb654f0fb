'use client';

import { useState, type FormEvent } from 'react';
import { ZCreateDisplayInput } from '@/lib/auth-types';
import type { FieldErrors } from '../../api/api-error';
import { hasFieldErrors, serverFieldErrors, zodFieldErrors } from '../../form/field-errors';
import { FormAlert } from '../../form/form-alert';
import { primaryButtonClass } from '../../form/styles';
import { TextField } from '../../form/text-field';
import { absoluteUrl } from './display-list';
import { OneTimeUrl } from './one-time-url';
import { useCreateDisplay } from './use-displays';

/** Names a new wall display and then shows its kiosk link, once. */
export function CreateDisplayForm() {
  const create = useCreateDisplay();
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [created, setCreated] = useState<{ name: string; url: string } | null>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const parsed = ZCreateDisplayInput.safeParse({ name: new FormData(form).get('name') ?? '' });
    if (!parsed.success) {
      create.reset();
      setFieldErrors(zodFieldErrors(parsed.error));
      return;
    }
    setFieldErrors({});
    setCreated(null);
    create.mutate(parsed.data, {
      onSuccess: ({ display, url }) => {
        form.reset();
        setCreated({ name: display.name, url: absoluteUrl(url, window.location.origin) });
      },
      onError: (error) => setFieldErrors(serverFieldErrors(error)),
    });
  }

  return (
    <section aria-labelledby="new-display-title" className="flex flex-col gap-3 rounded-xl border-2 border-slate-700 bg-slate-900 p-4">
      <h2 id="new-display-title" className="text-xl font-bold">
        New display
      </h2>
      <FormAlert message={hasFieldErrors(fieldErrors) ? null : create.error?.message} />
      <form onSubmit={onSubmit} noValidate className="flex flex-wrap items-start gap-3">
        <TextField
          label="Name"
          name="name"
          maxLength={60}
          autoComplete="off"
          placeholder="Lobby TV"
          errors={fieldErrors.name}
          className="min-w-64 flex-1"
        />
        <button type="submit" disabled={create.isPending} aria-busy={create.isPending} className={`${primaryButtonClass} md:mt-7`}>
          Create display link
        </button>
      </form>
      {created && <OneTimeUrl name={created.name} url={created.url} onDismiss={() => setCreated(null)} />}
    </section>
  );
}
