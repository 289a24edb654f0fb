import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** Prometheus text exposition (DESIGN.md §5). */
export async function GET() {
  const { metrics } = getRuntime();
  return new Response(await metrics.metrics(), { headers: { 'Content-Type': metrics.contentType } });
}
