'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ZUserList, ZUserResponse, type TCreateUserInput, type TUpdateUserInput, type TUser } from '@/lib/auth-types';
import { SIGN_IN_ON_401 } from '../../api/api-error';
import { apiJson } from '../../api/api-fetch';
import { SESSION_QUERY_KEY } from '../../use-session';
import { patchUser, restoreUser, withUser } from './user-list';

export const USERS_QUERY_KEY = ['users'] as const;

export function useUsers() {
  return useQuery({
    queryKey: USERS_QUERY_KEY,
    queryFn: async ({ signal }) => (await apiJson('/api/users', ZUserList, { signal })).users,
    meta: SIGN_IN_ON_401,
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: TCreateUserInput) => (await apiJson('/api/users', ZUserResponse, { method: 'POST', body: input })).user,
    meta: SIGN_IN_ON_401,
    onSuccess: (user) => queryClient.setQueryData<TUser[]>(USERS_QUERY_KEY, (list) => list && withUser(list, user)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: USERS_QUERY_KEY }),
  });
}

/** PATCH one user; role and enabled/disabled show at once and roll back if the server refuses. */
export function useUpdateUser(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (patch: TUpdateUserInput) =>
      (await apiJson(`/api/users/${id}`, ZUserResponse, { method: 'PATCH', body: patch })).user,
    meta: SIGN_IN_ON_401,
    onMutate: async (patch) => {
      await queryClient.cancelQueries({ queryKey: USERS_QUERY_KEY });
      const previous = queryClient.getQueryData<TUser[]>(USERS_QUERY_KEY)?.find((u) => u.id === id);
      queryClient.setQueryData<TUser[]>(USERS_QUERY_KEY, (list) => list && patchUser(list, id, patch));
      return { previous };
    },
    onError: (_error, _patch, context) => {
      const previous = context?.previous;
      if (previous) queryClient.setQueryData<TUser[]>(USERS_QUERY_KEY, (list) => list && restoreUser(list, previous));
    },
    onSuccess: (user) => queryClient.setQueryData<TUser[]>(USERS_QUERY_KEY, (list) => list && withUser(list, user)),
    onSettled: () => {
      // The edited user may be the one signed in here: their own role or access may just have changed.
      void queryClient.invalidateQueries({ queryKey: SESSION_QUERY_KEY });
      return queryClient.invalidateQueries({ queryKey: USERS_QUERY_KEY });
    },
  });
}
