import type { z } from 'zod';

const MAX_BODY_BYTES = 64 * 1024;

export type Parsed<T> = { ok: true; data: T } | { ok: false; response: Response };

/** A 400 answer naming each bad field, the shape every form shows under its fields. */
export function invalid(error: z.ZodError): Response {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const field = issue.path.join('.') || '_';
    (fieldErrors[field] ??= []).push(issue.message);
  }
  return Response.json({ error: 'Please correct the highlighted fields.', fieldErrors }, { status: 400 });
}

/** Reads a bounded JSON body and validates it; any failure is a 4xx with a reason, never a throw. */
export async function readJson<S extends z.ZodType>(request: Request, schema: S): Promise<Parsed<z.infer<S>>> {
  const length = Number(request.headers.get('content-length') ?? '0');
  if (length > MAX_BODY_BYTES) return { ok: false, response: Response.json({ error: 'Request body too large.' }, { status: 413 }) };
  let text: string;
  try {
    text = await request.text();
  } catch {
    return { ok: false, response: Response.json({ error: 'Could not read the request body.' }, { status: 400 }) };
  }
  if (text.length > MAX_BODY_BYTES) return { ok: false, response: Response.json({ error: 'Request body too large.' }, { status: 413 }) };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, response: Response.json({ error: 'The body must be JSON.' }, { status: 400 }) };
  }
  const result = schema.safeParse(json);
  return result.success ? { ok: true, data: result.data } : { ok: false, response: invalid(result.error) };
}

/** A positive integer id from a dynamic route segment, or null. */
export function idParam(value: string | undefined): number | null {
  return value && /^\d{1,12}$/.test(value) ? Number(value) : null;
}
