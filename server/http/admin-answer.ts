/** The JSON answer of an admin service result: the value under `key`, or the 4xx with its reason and field errors. */
export function answer<T>(
  result: { ok: true; value: T } | { ok: false; status: number; error: string; fieldErrors?: Record<string, string[]> },
  key: string,
  okStatus = 200,
): Response {
  if (!result.ok) return Response.json({ error: result.error, ...(result.fieldErrors ? { fieldErrors: result.fieldErrors } : {}) }, { status: result.status });
  return Response.json({ [key]: result.value }, { status: okStatus });
}


/** The JSON answer of a hook service result (its error body already carries `code` and `fieldErrors`). */
export function hookAnswer<T>(result: { ok: true; value: T } | { ok: false; status: number; body: object }, key: string, okStatus = 200): Response {
  if (!result.ok) return Response.json(result.body, { status: result.status });
  return Response.json({ [key]: result.value }, { status: okStatus });
}
