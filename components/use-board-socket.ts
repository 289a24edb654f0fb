'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { Board } from '@/lib/board';
import { isUnauthorized } from './api/api-error';
import { BoardSocket, type SocketStatus } from './board-socket';
import { fetchBoard } from './fetch-board';
import { sessionStillValid } from './use-session';

/** The one cache key the wallboard reads and the socket writes (STYLE.md rule 6). */
export const BOARD_QUERY_KEY = ['board'] as const;

function socketUrl(): string {
  return `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/ws`;
}

export interface BoardFeed {
  board: Board | undefined;
  /** Socket open AND frames in order AND a frame within the last 40 s. */
  live: boolean;
  status: SocketStatus;
  /** The initial GET failed and no snapshot has arrived either. */
  error: Error | null;
  /** The server refused this tab's session or display (401 on the GET, or the socket said so); the feed has stopped. */
  authLost: boolean;
}

/** Keeps the board in the `['board']` query: a GET first, then the `/ws` snapshot and deltas. */
export function useBoardSocket(): BoardFeed {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<SocketStatus>({ live: false, phase: 'connecting', everSynced: false });
  const [socketAuthLost, setSocketAuthLost] = useState(false);

  const query = useQuery({
    queryKey: BOARD_QUERY_KEY,
    queryFn: async ({ signal }) => {
      const startedAt = Date.now();
      const fetched = await fetchBoard(signal);
      // A snapshot that landed while the GET was in flight is at least as new: keep it.
      const cached = queryClient.getQueryState<Board>(BOARD_QUERY_KEY);
      if (cached?.data && (cached.dataUpdatedAt >= startedAt || cached.data.seq >= fetched.seq)) return cached.data;
      return fetched;
    },
    staleTime: Infinity,
    // Retrying a 401 only delays sending the user to sign in.
    retry: (failures, error) => !isUnauthorized(error) && failures < 3,
  });
  const authLost = socketAuthLost || isUnauthorized(query.error);

  useEffect(() => {
    if (authLost) return;
    // Frames are applied at once, but the board reaches React at most once per animation frame: at
    // 200 changes a second a render per frame would be the page's whole budget (BENCHMARKS.md §3).
    let pending: Board | undefined;
    let frame: number | null = null;
    const flush = () => {
      frame = null;
      if (pending) queryClient.setQueryData<Board>(BOARD_QUERY_KEY, pending);
      pending = undefined;
    };
    const socket = new BoardSocket({
      url: socketUrl(),
      getBoard: () => pending ?? queryClient.getQueryData<Board>(BOARD_QUERY_KEY),
      setBoard: (board) => {
        pending = board;
        frame ??= requestAnimationFrame(flush);
      },
      onStatus: setStatus,
      checkAuth: sessionStillValid,
      onAuthLost: () => setSocketAuthLost(true),
    });
    socket.start();
    return () => {
      socket.stop();
      if (frame !== null) cancelAnimationFrame(frame);
    };
  }, [queryClient, authLost]);

  return { board: query.data, live: status.live, status, error: query.data ? null : query.error, authLost };
}
