import { guarded } from '@/server/auth/guard';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** The whole board, numbered like the WebSocket frames so a client can continue from it. */
export const GET = guarded('board', () => {
  const { projector, hub } = getRuntime();
  return Response.json(projector.board(hub.currentSeq));
});
