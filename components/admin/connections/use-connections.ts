'use client';

import { useIsMutating, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { ConnectionAdminView } from '@/lib/connection-admin';
import { SIGN_IN_ON_401 } from '../../api/api-error';
import { apiJson, apiSend } from '../../api/api-fetch';
import { patchEnabled, restoreConnection, withConnection, withoutConnection } from './connection-list-cache';
import { ZConnectionList, ZConnectionResponse, ZProbeResponse } from './connection-schemas';

export const CONNECTIONS_QUERY_KEY = ['connections'] as const;
/** Mutations that change the list; while one runs the poll pauses, so it cannot undo an optimistic row. */
const CHANGE_KEY = ['connections', 'change'] as const;
export const CONNECTIONS_POLL_MS = 2_000;

const connectionPath = (id: string) => `/api/connections/${encodeURIComponent(id)}`;

/** Every connection with its live status, polled so `connecting` turns `live` on screen. */
export function useConnections() {
  const changing = useIsMutating({ mutationKey: CHANGE_KEY }) > 0;
  return useQuery({
    queryKey: CONNECTIONS_QUERY_KEY,
    queryFn: async ({ signal }) => (await apiJson('/api/connections', ZConnectionList, { signal })).connections,
    meta: SIGN_IN_ON_401,
    refetchInterval: changing ? false : CONNECTIONS_POLL_MS,
  });
}

function setList(queryClient: QueryClient, update: (list: ConnectionAdminView[]) => ConnectionAdminView[]) {
  queryClient.setQueryData<ConnectionAdminView[]>(CONNECTIONS_QUERY_KEY, (list) => list && update(list));
}

/** POST a new connection, or PUT a saved one (`editId`); an empty secret on PUT keeps the stored one. */
export function useSaveConnection(editId: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: CHANGE_KEY,
    mutationFn: async (body: Record<string, unknown>) =>
      (
        await apiJson(editId === null ? '/api/connections' : connectionPath(editId), ZConnectionResponse, {
          method: editId === null ? 'POST' : 'PUT',
          body,
        })
      ).connection,
    meta: SIGN_IN_ON_401,
    onSuccess: (connection) => setList(queryClient, (list) => withConnection(list, connection)),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: CONNECTIONS_QUERY_KEY }),
  });
}

/** PATCH `enabled`: the row flips at once and rolls back if the server refuses. */
export function useSetConnectionEnabled(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: CHANGE_KEY,
    mutationFn: async (enabled: boolean) =>
      (await apiJson(connectionPath(id), ZConnectionResponse, { method: 'PATCH', body: { enabled } })).connection,
    meta: SIGN_IN_ON_401,
    onMutate: async (enabled) => {
      await queryClient.cancelQueries({ queryKey: CONNECTIONS_QUERY_KEY });
      const list = queryClient.getQueryData<ConnectionAdminView[]>(CONNECTIONS_QUERY_KEY);
      const index = list?.findIndex((c) => c.id === id) ?? -1;
      setList(queryClient, (l) => patchEnabled(l, id, enabled));
      return { previous: list?.[index], index };
    },
    onError: (_error, _enabled, context) => {
      const previous = context?.previous;
      if (previous) setList(queryClient, (list) => restoreConnection(list, previous, context.index));
    },
    onSuccess: (connection) => setList(queryClient, (list) => withConnection(list, connection)),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: CONNECTIONS_QUERY_KEY }),
  });
}

/**
 * DELETE: the row goes at once and comes back if the server refuses. One hook for the whole list,
 * because the removed row's own component is gone by the time an error could be shown there.
 */
export function useDeleteConnection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: CHANGE_KEY,
    mutationFn: (id: string) => apiSend(connectionPath(id), { method: 'DELETE' }),
    meta: SIGN_IN_ON_401,
    onMutate: async (id) => {
      await queryClient.cancelQueries({ queryKey: CONNECTIONS_QUERY_KEY });
      const list = queryClient.getQueryData<ConnectionAdminView[]>(CONNECTIONS_QUERY_KEY);
      const index = list?.findIndex((c) => c.id === id) ?? -1;
      setList(queryClient, (l) => withoutConnection(l, id));
      return { previous: list?.[index], index };
    },
    onError: (_error, _id, context) => {
      const previous = context?.previous;
      if (previous) setList(queryClient, (list) => restoreConnection(list, previous, context.index));
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: CONNECTIONS_QUERY_KEY }),
  });
}

/** "Test connection" on the form's draft; a saved `id` lets empty secrets fall back to the stored ones. */
export function useTestDraft() {
  return useMutation({
    mutationFn: async (body: Record<string, unknown>) =>
      (await apiJson('/api/connection-tests', ZProbeResponse, { method: 'POST', body })).result,
    meta: SIGN_IN_ON_401,
  });
}

/** "Test" on a saved, file or demo connection, with its stored settings. */
export function useTestSaved(id: string) {
  return useMutation({
    mutationFn: async () => (await apiJson(`${connectionPath(id)}/test`, ZProbeResponse, { method: 'POST' })).result,
    meta: SIGN_IN_ON_401,
  });
}
