import { guarded } from '@/server/auth/guard';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** Liveness plus each connection's status (DESIGN.md §5; no auth). */
export const GET = guarded('public', () => {
  const { projector } = getRuntime();
  const connections = projector.board(0).connections.map(({ id, vendor, status }) => ({ id, vendor, status }));
  return Response.json({ status: 'ok', connections });
});
