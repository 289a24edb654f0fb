'use client';

import { useQuery } from '@tanstack/react-query';
import type { Board, ConnectionView } from '@/lib/board';
import { isUnauthorized, SIGN_IN_ON_401 } from '../api/api-error';
import { fetchBoard } from '../fetch-board';
import { BOARD_QUERY_KEY } from '../use-board-socket';

const dialable = (board: Board): ConnectionView[] => board.connections.filter((c) => c.capabilities.dial);

/**
 * The PBX connections that can place calls, read from the board query. Coming from the wallboard the
 * cached board is used as it is (the same `staleTime` as the board's own query); opened directly,
 * one GET fills it, with no socket: connections and their capabilities hardly ever change.
 */
export function useDialConnections() {
  return useQuery({
    queryKey: BOARD_QUERY_KEY,
    queryFn: ({ signal }) => fetchBoard(signal),
    staleTime: Infinity,
    select: dialable,
    meta: SIGN_IN_ON_401,
    retry: (failures, error) => !isUnauthorized(error) && failures < 3,
  });
}
