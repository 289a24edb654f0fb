'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { ZSessionResponse, type TPrincipal } from '@/lib/auth-types';
import { apiJson, apiSend } from './api/api-fetch';
import { isUnauthorized } from './api/api-error';
import { loadPage, setSigningOut } from './auth/safe-next';

export const SESSION_QUERY_KEY = ['session'] as const;

async function fetchPrincipal(signal: AbortSignal): Promise<TPrincipal | null> {
  try {
    return (await apiJson('/api/session', ZSessionResponse, { signal })).principal;
  } catch (error) {
    // Not signed in is an answer, not a failure: the page decides where that leads.
    if (isUnauthorized(error)) return null;
    throw error;
  }
}

/** Who this tab is: a user, a kiosk display, or `null` when nobody is signed in. */
export function useSession() {
  return useQuery({
    queryKey: SESSION_QUERY_KEY,
    queryFn: ({ signal }) => fetchPrincipal(signal),
    // Signing in and out both load a fresh page, so the cached answer only ages by revocation, which
    // the board socket and the 401 handling notice on their own.
    staleTime: 5 * 60_000,
  });
}

/**
 * Whether the server still accepts this tab's cookie. Only a definite 401 says no: an unreachable
 * server says nothing about the session.
 */
export async function sessionStillValid(): Promise<boolean> {
  try {
    const res = await fetch('/api/session', { credentials: 'same-origin', cache: 'no-store', headers: { accept: 'application/json' } });
    return res.status !== 401;
  } catch {
    return true;
  }
}

/** Signs out, then loads the sign-in page; already signed out (401) ends there too. */
export function useSignOut() {
  return useMutation({
    mutationFn: () => apiSend('/api/session', { method: 'DELETE' }),
    onMutate: () => setSigningOut(true),
    onSuccess: () => loadPage('/login'),
    onError: (error) => {
      if (isUnauthorized(error)) loadPage('/login');
      else setSigningOut(false);
    },
  });
}
