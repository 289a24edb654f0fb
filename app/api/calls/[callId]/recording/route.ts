import { z } from 'zod';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

const ZParams = z.object({ callId: z.string().min(1).max(512) });
type Context = { params: Promise<{ callId: string }> };

async function handle(context: Context, want: 'on' | 'off') {
  const params = ZParams.safeParse(await context.params);
  if (!params.success) return Response.json({ error: 'A call id is required.' }, { status: 400 });
  const result = await getRuntime().commands.setRecording(params.data.callId, want);
  return result.ok ? Response.json({ ok: true }, { status: 202 }) : Response.json({ error: result.error }, { status: result.status });
}

/** Starts recording the live leg `callId`. */
export function POST(_request: Request, context: Context) {
  return handle(context, 'on');
}

/** Stops recording the live leg `callId`. */
export function DELETE(_request: Request, context: Context) {
  return handle(context, 'off');
}
