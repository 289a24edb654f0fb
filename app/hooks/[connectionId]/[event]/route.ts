import { guarded } from '@/server/auth/guard';
import { HOOK_EXTENSION_PARAM } from '@/server/connectors/webhook-token';
import { parseWebhookParams } from '@/server/webhooks/parse-webhook-body';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ connectionId: string; event: string }> };

/**
 * Webhook intake from Telphin / VoipNow. Public as far as sessions go: the PBX proves itself with
 * the connection's `?token=` (checked by the intake). No Origin check: PBXs are not browsers.
 */
async function handle(request: Request, context: Context): Promise<Response> {
  const { connectionId, event } = await context.params;
  if (connectionId.length > 64 || event.length > 64) return Response.json({ error: 'No such hook.' }, { status: 404 });
  const query = new URL(request.url).searchParams;
  const token = query.get('token');
  const hookExtension = query.get(HOOK_EXTENSION_PARAM)?.slice(0, 64) ?? null;
  const parsed = await parseWebhookParams(request);
  if (!parsed.ok) {
    getRuntime().webhooks.rejected(connectionId, `body ${parsed.status}`);
    return Response.json({ error: parsed.error }, { status: parsed.status });
  }
  const result = getRuntime().webhooks.receive({ connectionId, event, token, method: request.method, params: parsed.params, hookExtension });
  return result.status === 200 ? new Response(null, { status: 200 }) : Response.json({ error: result.error }, { status: result.status });
}

export const GET = guarded('webhook', handle);
export const POST = guarded('webhook', handle);
