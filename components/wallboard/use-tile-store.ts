'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { Board, ExtensionView } from '@/lib/board';
import { BOARD_QUERY_KEY } from '../use-board-socket';
import { TileStore, type TileLayout } from './tile-store';

const sameKey = (key: readonly unknown[]) => key.length === BOARD_QUERY_KEY.length && key.every((part, i) => part === BOARD_QUERY_KEY[i]);

/**
 * A tile store fed from the `['board']` query (STYLE.md rule 6: the socket still writes only that
 * cache). It listens to the query cache itself, so tiles update in the same task the socket's
 * animation-frame flush writes the board, without waiting for the page's own re-render.
 */
export function useTileStore(): TileStore {
  const queryClient = useQueryClient();
  const [store] = useState(() => {
    const created = new TileStore();
    const board = queryClient.getQueryData<Board>(BOARD_QUERY_KEY);
    if (board) created.sync(board);
    return created;
  });
  useEffect(() => {
    const cache = queryClient.getQueryCache();
    // The board may have moved between this render and the effect.
    const current = queryClient.getQueryData<Board>(BOARD_QUERY_KEY);
    if (current) store.sync(current);
    return cache.subscribe((event) => {
      if (event.type !== 'updated' || !sameKey(event.query.queryKey)) return;
      const board = event.query.state.data as Board | undefined;
      if (board) store.sync(board);
    });
  }, [queryClient, store]);
  return store;
}

/** One extension, re-rendering only when its own object changes. */
export function useTile(store: TileStore, id: string): ExtensionView | undefined {
  const subscribe = useCallback((listener: () => void) => store.subscribeTile(id, listener), [store, id]);
  const get = () => store.get(id);
  return useSyncExternalStore(subscribe, get, get);
}

export function useTileLayout(store: TileStore): TileLayout {
  return useSyncExternalStore(store.subscribeLayout, store.getLayout, store.getLayout);
}

/** A queue's label; a string, so a tile re-renders only when its own queue's label changes. */
export function useQueueName(store: TileStore, queueId: string | null | undefined): string | null {
  const get = () => (queueId ? store.queueName(queueId) : null);
  return useSyncExternalStore(store.subscribeQueues, get, get);
}
