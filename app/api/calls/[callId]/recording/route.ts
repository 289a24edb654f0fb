import { z } from 'zod';
import { guarded, type Caller } from '@/server/auth/guard';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

const ZParams = z.object({ callId: z.string().min(1).max(512) });
type Context = { params: Promise<{ callId: string }> };

async function handle(context: Context, want: 'on' | 'off', { principal, ip }: Caller) {
  const params = ZParams.safeParse(await context.params);
  if (!params.success) return Response.json({ error: 'A call id is required.' }, { status: 400 });
  const { commands, audit } = getRuntime();
  const result = await commands.setRecording(params.data.callId, want);
  audit.record(principal, ip, {
    action: want === 'on' ? 'recording.start' : 'recording.stop',
    result: result.ok ? 'ok' : 'failed',
    target: params.data.callId,
    detail: result.ok ? null : result.error,
  });
  return result.ok ? Response.json({ ok: true }, { status: 202 }) : Response.json({ error: result.error }, { status: result.status });
}

/** Starts recording the live leg `callId`. */
export const POST = guarded('supervisor', (_request, context: Context, caller) => handle(context, 'on', caller));

/** Stops recording the live leg `callId`. */
export const DELETE = guarded('supervisor', (_request, context: Context, caller) => handle(context, 'off', caller));
