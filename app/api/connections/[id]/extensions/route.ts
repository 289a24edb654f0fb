import { guarded } from '@/server/auth/guard';
import { hookAnswer } from '@/server/http/admin-answer';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

/** The PBX's extensions whose hooks can be managed, read live, filtered by `?q=`. */
export const GET = guarded('admin', async (request, context: Context) => {
  const { id } = await context.params;
  const query = (new URL(request.url).searchParams.get('q') ?? '').slice(0, 100);
  return hookAnswer(await getRuntime().hooks.extensions(id, query), 'extensions');
});
