'use client';

import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { isUnauthorized } from './api/api-error';
import { redirectToSignIn } from './auth/safe-next';

let browserQueryClient: QueryClient | undefined;

/** A session that ends mid-page (expired, revoked, password reset) sends the user back to sign in. */
function onError(error: unknown, meta: Record<string, unknown> | undefined): void {
  if (meta?.signInOn401 === true && isUnauthorized(error) && typeof window !== 'undefined') redirectToSignIn();
}

function makeQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: (error, query) => onError(error, query.meta) }),
    mutationCache: new MutationCache({ onError: (error, _vars, _result, mutation) => onError(error, mutation.meta) }),
    defaultOptions: {
      // The board stays fresh through the WebSocket, so focus or network changes must not refetch it.
      queries: { refetchOnWindowFocus: false, refetchOnReconnect: false },
      mutations: { retry: false },
    },
  });
}

/** One QueryClient per browser tab; a fresh one per server render so requests never share a cache. */
function getQueryClient(): QueryClient {
  if (typeof window === 'undefined') return makeQueryClient();
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}

export function Providers({ children }: { children: ReactNode }) {
  return <QueryClientProvider client={getQueryClient()}>{children}</QueryClientProvider>;
}
