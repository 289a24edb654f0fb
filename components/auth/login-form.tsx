'use client';

import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ZLoginInput, type TLoginInput } from '@/lib/auth-types';
import type { FieldErrors } from '../api/api-error';
import { apiSend } from '../api/api-fetch';
import { loadPage } from './safe-next';
import { serverFieldErrors, zodFieldErrors } from '../form/field-errors';
import { FormAlert } from '../form/form-alert';
import { primaryButtonClass } from '../form/styles';
import { TextField } from '../form/text-field';

/** Username and password; on success a full page load of `next` (already checked to be on this site). */
export function LoginForm({ next }: { next: string }) {
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const signIn = useMutation({
    mutationFn: (input: TLoginInput) => apiSend('/api/session', { method: 'POST', body: input }),
    onSuccess: () => loadPage(next),
    onError: (error) => setFieldErrors(serverFieldErrors(error)),
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const parsed = ZLoginInput.safeParse({ username: data.get('username') ?? '', password: data.get('password') ?? '' });
    if (!parsed.success) {
      signIn.reset();
      setFieldErrors(zodFieldErrors(parsed.error));
      return;
    }
    setFieldErrors({});
    signIn.mutate(parsed.data);
  }

  // Stays disabled after success too, while the next page loads.
  const busy = signIn.isPending || signIn.isSuccess;

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="login-title" className="flex flex-col gap-4">
      <h1 id="login-title" className="text-3xl font-black tracking-tight">
        Sign in to Linesight
      </h1>
      <FormAlert message={signIn.error?.message} />
      <TextField
        label="Username"
        name="username"
        autoComplete="username"
        autoCapitalize="none"
        autoCorrect="off"
        spellCheck={false}
        required
        autoFocus
        errors={fieldErrors.username}
      />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" required errors={fieldErrors.password} />
      <button type="submit" disabled={busy} aria-busy={busy} className={primaryButtonClass}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
