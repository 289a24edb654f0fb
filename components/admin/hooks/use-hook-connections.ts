'use client';

import { useQuery } from '@tanstack/react-query';
import { SIGN_IN_ON_401 } from '../../api/api-error';
import { apiJson } from '../../api/api-fetch';
import { ZConnectionList, type THookConnection } from './hook-schemas';

/** Telphin or VoipNow, and running: the only connections whose hooks the routes manage. */
export function hookConnections(list: readonly THookConnection[]): THookConnection[] {
  return list.filter((c) => c.manageHooks && c.enabled);
}

export function useHookConnections() {
  return useQuery({
    // Under `connections` so the connections page's changes refresh it, but its own entry: this one keeps only a few fields.
    queryKey: ['connections', 'hook-capable'],
    queryFn: async ({ signal }) => (await apiJson('/api/connections', ZConnectionList, { signal })).connections,
    select: hookConnections,
    meta: SIGN_IN_ON_401,
  });
}
