'use client';

import { useIsMutating, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { THookInput } from '@/lib/hook-admin';
import { SIGN_IN_ON_401 } from '../../api/api-error';
import { apiJson, apiSend } from '../../api/api-fetch';
import { hookFromInput, patchHook, replaceHook, restoreHook, withPendingHook, withoutHook, type HookRow } from './hook-list';
import { hookPath, hooksPath } from './hook-paths';
import { ZHookList, ZHookResponse } from './hook-schemas';

/** Every cached hook list of a connection starts with this, so a bulk run can refresh them all. */
export const hooksQueryKey = (connectionId: string, key?: string) =>
  key === undefined ? (['hooks', connectionId] as const) : (['hooks', connectionId, key] as const);

/** Deliveries of our hooks change as calls come in. */
const REFRESH_MS = 5_000;

let pendingSeq = 0;

/** The hooks on the PBX for one extension, refreshed every 5 s except while a change is on its way. */
export function useHooks(connectionId: string, key: string) {
  const queryKey = hooksQueryKey(connectionId, key);
  // A refetch landing mid-mutation would wipe the optimistic row and bring it back a moment later.
  const mutating = useIsMutating({ mutationKey: queryKey });
  return useQuery({
    queryKey,
    queryFn: async ({ signal }): Promise<HookRow[]> => (await apiJson(hooksPath(connectionId, key), ZHookList, { signal })).hooks,
    refetchInterval: mutating > 0 ? false : REFRESH_MS,
    meta: SIGN_IN_ON_401,
  });
}

export function useCreateHook(connectionId: string, key: string) {
  const queryClient = useQueryClient();
  const queryKey = hooksQueryKey(connectionId, key);
  return useMutation({
    mutationKey: queryKey,
    mutationFn: async (input: THookInput) =>
      (await apiJson(hooksPath(connectionId, key), ZHookResponse, { method: 'POST', body: input })).hook,
    meta: SIGN_IN_ON_401,
    onMutate: async (input) => {
      await queryClient.cancelQueries({ queryKey });
      const tempId = `pending-${++pendingSeq}`;
      queryClient.setQueryData<HookRow[]>(queryKey, (list) => withPendingHook(list ?? [], hookFromInput(input, tempId)));
      return { tempId };
    },
    onError: (_error, _input, context) => {
      if (context) queryClient.setQueryData<HookRow[]>(queryKey, (list) => list && withoutHook(list, context.tempId));
    },
    onSuccess: (hook, _input, context) => {
      queryClient.setQueryData<HookRow[]>(queryKey, (list) => (list && context ? replaceHook(list, context.tempId, hook) : list));
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey }),
  });
}

export function useUpdateHook(connectionId: string, key: string) {
  const queryClient = useQueryClient();
  const queryKey = hooksQueryKey(connectionId, key);
  return useMutation({
    mutationKey: queryKey,
    mutationFn: async ({ id, input }: { id: string; input: THookInput }) =>
      (await apiJson(hookPath(connectionId, key, id), ZHookResponse, { method: 'PUT', body: input })).hook,
    meta: SIGN_IN_ON_401,
    onMutate: async ({ id, input }) => {
      await queryClient.cancelQueries({ queryKey });
      const list = queryClient.getQueryData<HookRow[]>(queryKey) ?? [];
      const index = list.findIndex((h) => h.id === id);
      queryClient.setQueryData<HookRow[]>(queryKey, (rows) => rows && patchHook(rows, id, input));
      return { previous: list[index], index };
    },
    onError: (_error, _vars, context) => {
      const previous = context?.previous;
      if (previous) queryClient.setQueryData<HookRow[]>(queryKey, (list) => list && restoreHook(list, previous, context.index));
    },
    onSuccess: (hook, { id }) => queryClient.setQueryData<HookRow[]>(queryKey, (list) => list && replaceHook(list, id, hook)),
    onSettled: () => queryClient.invalidateQueries({ queryKey }),
  });
}

export function useDeleteHook(connectionId: string, key: string) {
  const queryClient = useQueryClient();
  const queryKey = hooksQueryKey(connectionId, key);
  return useMutation({
    mutationKey: queryKey,
    mutationFn: (id: string) => apiSend(hookPath(connectionId, key, id), { method: 'DELETE' }),
    meta: SIGN_IN_ON_401,
    onMutate: async (id) => {
      await queryClient.cancelQueries({ queryKey });
      const list = queryClient.getQueryData<HookRow[]>(queryKey) ?? [];
      const index = list.findIndex((h) => h.id === id);
      queryClient.setQueryData<HookRow[]>(queryKey, (rows) => rows && withoutHook(rows, id));
      return { previous: list[index], index };
    },
    onError: (_error, _id, context) => {
      const previous = context?.previous;
      if (previous) queryClient.setQueryData<HookRow[]>(queryKey, (list) => list && restoreHook(list, previous, context.index));
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey }),
  });
}
