'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ZCreatedDisplay, ZDisplayList, type TCreateDisplayInput, type TDisplay } from '@/lib/auth-types';
import { SIGN_IN_ON_401 } from '../../api/api-error';
import { apiJson, apiSend } from '../../api/api-fetch';
import { markRevoked, withDisplay } from './display-list';

export const DISPLAYS_QUERY_KEY = ['displays'] as const;

export function useDisplays() {
  return useQuery({
    queryKey: DISPLAYS_QUERY_KEY,
    queryFn: async ({ signal }) => (await apiJson('/api/displays', ZDisplayList, { signal })).displays,
    meta: SIGN_IN_ON_401,
  });
}

/** Creates a kiosk link; the answer's `url` is the only copy there will ever be. */
export function useCreateDisplay() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: TCreateDisplayInput) => apiJson('/api/displays', ZCreatedDisplay, { method: 'POST', body: input }),
    meta: SIGN_IN_ON_401,
    onSuccess: ({ display }) => queryClient.setQueryData<TDisplay[]>(DISPLAYS_QUERY_KEY, (list) => list && withDisplay(list, display)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: DISPLAYS_QUERY_KEY }),
  });
}

/** Revokes at once on screen, rolling back if the server refuses. */
export function useRevokeDisplay(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiSend(`/api/displays/${id}`, { method: 'DELETE' }),
    meta: SIGN_IN_ON_401,
    onMutate: async () => {
      await queryClient.cancelQueries({ queryKey: DISPLAYS_QUERY_KEY });
      const previous = queryClient.getQueryData<TDisplay[]>(DISPLAYS_QUERY_KEY)?.find((d) => d.id === id);
      queryClient.setQueryData<TDisplay[]>(DISPLAYS_QUERY_KEY, (list) => list && markRevoked(list, id, new Date().toISOString()));
      return { previous };
    },
    onError: (_error, _vars, context) => {
      const previous = context?.previous;
      if (previous) queryClient.setQueryData<TDisplay[]>(DISPLAYS_QUERY_KEY, (list) => list?.map((d) => (d.id === id ? previous : d)));
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: DISPLAYS_QUERY_KEY }),
  });
}
