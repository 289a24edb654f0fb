'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { SIGN_IN_ON_401 } from '../../api/api-error';
import { apiJson } from '../../api/api-fetch';
import { extensionsPath } from './hook-paths';
import { ZHookExtensionList } from './hook-schemas';

/** The connection's extensions matching `q`, read live from the PBX; the last list stays up while the next loads. */
export function useExtensions(connectionId: string, q: string) {
  return useQuery({
    queryKey: ['hook-extensions', connectionId, q],
    queryFn: async ({ signal }) => (await apiJson(extensionsPath(connectionId, q), ZHookExtensionList, { signal })).extensions,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    meta: SIGN_IN_ON_401,
  });
}
