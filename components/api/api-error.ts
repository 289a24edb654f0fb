import { z } from 'zod';
import { ZApiErrorBody } from '@/lib/auth-types';

export type FieldErrors = Record<string, string[] | undefined>;

/** A refused API call, carrying the server's own words so the UI can show them as they are. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly fieldErrors: FieldErrors = {},
    readonly retryAfterS: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const fallback: Record<number, string> = {
  401: 'You are not signed in.',
  403: 'Your role does not allow that.',
  404: 'Not found.',
  429: 'Too many requests. Try again shortly.',
};

// Each part on its own: a malformed extra (say `retryAfterS: null`) must not lose the server's words.
const ZLenientErrorBody = z.object({
  error: z.string().catch(''),
  fieldErrors: ZApiErrorBody.shape.fieldErrors.catch(undefined),
  retryAfterS: z.number().optional().catch(undefined),
});

/** Builds the error for a non-2xx answer; `body` is whatever JSON came back, if any. */
export function errorFromResponse(status: number, body: unknown): ApiError {
  const parsed = ZLenientErrorBody.safeParse(body);
  const data = parsed.success ? parsed.data : { error: '', fieldErrors: undefined, retryAfterS: undefined };
  const message = data.error.trim() || (fallback[status] ?? `The server answered HTTP ${status}.`);
  return new ApiError(message, status, data.fieldErrors ?? {}, data.retryAfterS ?? null);
}

export const isUnauthorized = (error: unknown): boolean => error instanceof ApiError && error.status === 401;

/**
 * Query/mutation `meta` that sends the tab to sign-in on a 401 (see providers.tsx). Opt-in, because
 * a wrong password and a revoked kiosk display also answer 401 and each needs its own handling.
 */
export const SIGN_IN_ON_401 = { signInOn401: true } as const;
