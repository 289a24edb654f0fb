/**
 * The admin and session API calls. Relative URLs and same-origin credentials only: the server checks
 * the `Origin` header of every mutation, which the browser's fetch sends by itself.
 */
import type { z } from 'zod';
import { ApiError, errorFromResponse } from './api-error';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface CallOptions {
  method?: Method;
  body?: unknown;
  signal?: AbortSignal;
}

async function call(path: string, { method = 'GET', body, signal }: CallOptions): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      signal,
      credentials: 'same-origin',
      cache: 'no-store',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError('Could not reach the Linesight server.', 0);
  }
  if (res.ok) return res;
  let json: unknown = null;
  try {
    json = await res.json();
  } catch {
    // Not JSON (a proxy's error page, say): the status alone picks the message.
  }
  throw errorFromResponse(res.status, json);
}

/** A call whose answer is JSON of a known shape. */
export async function apiJson<S extends z.ZodType>(path: string, schema: S, options: CallOptions = {}): Promise<z.infer<S>> {
  const res = await call(path, options);
  const parsed = schema.safeParse(await res.json().catch(() => undefined));
  if (!parsed.success) throw new ApiError('The server sent an answer this page does not understand.', res.status);
  return parsed.data;
}

/** A call whose answer body does not matter (204, say). */
export async function apiSend(path: string, options: CallOptions = {}): Promise<void> {
  await call(path, options);
}
