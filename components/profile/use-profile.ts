'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ZProfile, type TProfile, type TProfileUpdate } from '@/lib/profile-types';
import { SIGN_IN_ON_401 } from '../api/api-error';
import { apiJson } from '../api/api-fetch';
import { withDialExtensions } from './dial-extensions';

export const PROFILE_QUERY_KEY = ['profile'] as const;

export function useProfile() {
  return useQuery({
    queryKey: PROFILE_QUERY_KEY,
    queryFn: ({ signal }) => apiJson('/api/profile', ZProfile, { signal }),
    meta: SIGN_IN_ON_401,
  });
}

/** PATCH the desk extensions; they show as saved at once and roll back if the server refuses. */
export function useUpdateProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (update: TProfileUpdate) => apiJson('/api/profile', ZProfile, { method: 'PATCH', body: update }),
    meta: SIGN_IN_ON_401,
    onMutate: async (update) => {
      // A refetch landing after this would paint the old values over the optimistic ones.
      await queryClient.cancelQueries({ queryKey: PROFILE_QUERY_KEY });
      const previous = queryClient.getQueryData<TProfile>(PROFILE_QUERY_KEY);
      queryClient.setQueryData<TProfile>(PROFILE_QUERY_KEY, (profile) => profile && withDialExtensions(profile, update));
      return { previous };
    },
    onError: (_error, _update, context) => {
      if (context?.previous) queryClient.setQueryData<TProfile>(PROFILE_QUERY_KEY, context.previous);
    },
    onSuccess: (profile) => queryClient.setQueryData<TProfile>(PROFILE_QUERY_KEY, profile),
    onSettled: () => queryClient.invalidateQueries({ queryKey: PROFILE_QUERY_KEY }),
  });
}
