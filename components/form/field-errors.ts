import { z } from 'zod';
import { ApiError, type FieldErrors } from '../api/api-error';

/** Per-field messages from a failed `safeParse`, keyed like the server's `fieldErrors`. */
export function zodFieldErrors(error: z.ZodError): FieldErrors {
  return z.flattenError(error).fieldErrors as FieldErrors;
}

/** The server's per-field messages, when the error carries any. */
export function serverFieldErrors(error: unknown): FieldErrors {
  return error instanceof ApiError ? error.fieldErrors : {};
}

/** True when at least one field has a message: the form-level alert can then stay short. */
export function hasFieldErrors(errors: FieldErrors): boolean {
  return Object.values(errors).some((list) => (list?.length ?? 0) > 0);
}

/**
 * Per-field messages keyed by the issue's dotted path (`dialExtensions.hq`), the same keys the
 * server's 400 uses; `zodFieldErrors` only sees top-level fields, so nested records need this.
 */
export function pathFieldErrors(error: z.ZodError): FieldErrors {
  const errors: Record<string, string[]> = {};
  for (const issue of error.issues) (errors[issue.path.join('.') || '_'] ??= []).push(issue.message);
  return errors;
}
