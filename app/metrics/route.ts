import { guarded } from '@/server/auth/guard';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** Prometheus text exposition (DESIGN.md §5). Public: scrapers carry no session, and it holds counts only. */
export const GET = guarded('public', async () => {
  const { metrics } = getRuntime();
  return new Response(await metrics.metrics(), { headers: { 'Content-Type': metrics.contentType } });
});
