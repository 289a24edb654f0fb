/** The embedded simulator's control API (DESIGN.md §7), as the specs use it. */
export function controlUrl(path: string): string {
  const base = process.env.E2E_SIM_CONTROL;
  if (!base) throw new Error('E2E_SIM_CONTROL is not set: run the specs through playwright.config.ts');
  return `${base}${path}`;
}

export async function control<T = unknown>(path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<T> {
  const response = await fetch(controlUrl(path), {
    method,
    headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export function baseUrl(): string {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error('E2E_BASE_URL is not set: run the specs through playwright.config.ts');
  return url;
}
