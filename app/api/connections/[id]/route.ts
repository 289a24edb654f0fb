import { z } from 'zod';
import { ZConnectionInput } from '@/lib/connection-admin';
import { guarded } from '@/server/auth/guard';
import { answer } from '@/server/http/admin-answer';
import { readJson } from '@/server/http/read-json';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

const ZEnabledPatch = z.object({ enabled: z.boolean() });

export const GET = guarded('admin', async (_request, context: Context) => {
  const view = getRuntime().connections.view((await context.params).id);
  return view ? Response.json({ connection: view }) : Response.json({ error: 'No such connection.' }, { status: 404 });
});

/** Replaces a saved connection's settings (empty secrets keep the stored ones) and restarts it. */
export const PUT = guarded('admin', async (request, context: Context, { principal, ip }) => {
  const { id } = await context.params;
  const body = await readJson(request, ZConnectionInput);
  if (!body.ok) return body.response;
  const { connections, audit } = getRuntime();
  const result = await connections.update(id, body.data);
  audit.record(principal, ip, { action: 'connection.update', result: result.ok ? 'ok' : 'failed', target: id, detail: result.ok ? 'settings saved, restarted' : result.error });
  return answer(result, 'connection');
});

/** Enables (starts) or disables (stops) a saved connection. */
export const PATCH = guarded('admin', async (request, context: Context, { principal, ip }) => {
  const { id } = await context.params;
  const body = await readJson(request, ZEnabledPatch);
  if (!body.ok) return body.response;
  const { connections, audit } = getRuntime();
  const result = await connections.setEnabled(id, body.data.enabled);
  audit.record(principal, ip, {
    action: body.data.enabled ? 'connection.enable' : 'connection.disable',
    result: result.ok ? 'ok' : 'failed',
    target: id,
    detail: result.ok ? null : result.error,
  });
  return answer(result, 'connection');
});

export const DELETE = guarded('admin', async (_request, context: Context, { principal, ip }) => {
  const { id } = await context.params;
  const { connections, audit } = getRuntime();
  const result = await connections.remove(id);
  audit.record(principal, ip, { action: 'connection.delete', result: result.ok ? 'ok' : 'failed', target: id, detail: result.ok ? null : result.error });
  return result.ok ? new Response(null, { status: 204 }) : answer(result, 'connection');
});
