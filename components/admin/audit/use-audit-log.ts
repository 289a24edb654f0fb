'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { ZAuditPage } from '@/lib/auth-types';
import { SIGN_IN_ON_401 } from '../../api/api-error';
import { apiJson } from '../../api/api-fetch';
import { auditApiPath, type AuditFilters } from './audit-filters-url';

export const auditQueryKey = (filters: AuditFilters) => ['audit', filters] as const;

/** Newest entries first; each "Older" page continues from the last page's `nextBefore`. */
export function useAuditLog(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: auditQueryKey(filters),
    queryFn: ({ pageParam, signal }) => apiJson(auditApiPath(filters, pageParam), ZAuditPage, { signal }),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBefore,
    meta: SIGN_IN_ON_401,
  });
}
