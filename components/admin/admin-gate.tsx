'use client';

import Link from 'next/link';
import { useEffect, type ReactNode } from 'react';
import { roleAtLeast } from '@/lib/auth-types';
import { redirectToSignIn } from '../auth/safe-next';
import { FormAlert } from '../form/form-alert';
import { useSession } from '../use-session';

/**
 * Shows admin pages to admins only. The server already refuses these pages and their APIs to anyone
 * else; this keeps the UI honest when a role changes under an open tab.
 */
export function AdminGate({ children }: { children: ReactNode }) {
  const session = useSession();
  const principal = session.data;

  useEffect(() => {
    if (principal === null) redirectToSignIn();
  }, [principal]);

  if (session.isPending) return <p className="text-xl text-slate-400">Checking your sign-in…</p>;
  if (session.isError) return <FormAlert message={`Could not check your sign-in: ${session.error.message}`} />;
  if (!principal) return <p className="text-xl text-slate-400">Taking you to sign in…</p>;
  if (!roleAtLeast(principal.role, 'admin')) {
    return (
      <div role="alert" className="flex flex-col gap-3 text-xl">
        <p className="font-bold">Only admins can manage Linesight.</p>
        <Link href="/" className="text-sky-300 underline">
          Back to the board
        </Link>
      </div>
    );
  }
  return children;
}
