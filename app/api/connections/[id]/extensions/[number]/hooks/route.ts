import { ZHookInput } from '@/lib/hook-admin';
import { guarded } from '@/server/auth/guard';
import { hookAnswer } from '@/server/http/admin-answer';
import { readJson } from '@/server/http/read-json';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string; number: string }> };

/** The hooks on this extension as the PBX holds them now; ours carry their delivery health. */
export const GET = guarded('admin', async (_request, context: Context) => {
  const { id, number } = await context.params;
  return hookAnswer(await getRuntime().hooks.list(id, number), 'hooks');
});

export const POST = guarded('admin', async (request, context: Context, { principal, ip }) => {
  const { id, number } = await context.params;
  const body = await readJson(request, ZHookInput);
  if (!body.ok) return body.response;
  const { hooks, audit } = getRuntime();
  const result = await hooks.create(id, number, body.data);
  audit.record(principal, ip, {
    action: 'hook.create',
    result: result.ok ? 'ok' : 'failed',
    target: `${id} ${number}`,
    detail: result.ok ? describeHook(result.value) : result.body.error,
  });
  return hookAnswer(result, 'hook', 201);
});

function describeHook(hook: { vendor: string; url: string; method: string } & ({ event_type: string } | { type: string })): string {
  const event = 'event_type' in hook ? hook.event_type : `type ${hook.type}`;
  return `${event} ${hook.method} → ${hook.url}`;
}
