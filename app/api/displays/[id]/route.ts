import { guarded } from '@/server/auth/guard';
import { idParam } from '@/server/http/read-json';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

/** Revokes a kiosk link: its board socket closes at once and the link stops working. */
export const DELETE = guarded('admin', async (_request, context: Context, { principal, ip }) => {
  const id = idParam((await context.params).id);
  const { displays, audit } = getRuntime();
  const revoked = id === null ? null : displays.revoke(id);
  audit.record(principal, ip, { action: 'display.revoke', result: revoked ? 'ok' : 'failed', target: revoked?.name ?? `display #${id}` });
  if (!revoked) return Response.json({ error: 'No active display with that id.' }, { status: 404 });
  return new Response(null, { status: 204 });
});
