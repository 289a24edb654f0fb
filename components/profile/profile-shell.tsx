'use client';

import Link from 'next/link';
import { useEffect, type ReactNode } from 'react';
import { redirectToSignIn } from '../auth/safe-next';
import { FormAlert } from '../form/form-alert';
import { useSession } from '../use-session';
import { SessionMenu } from '../wallboard/session-menu';

/**
 * The profile page's frame: the wallboard's header, and a gate that lets signed-in users through. A
 * kiosk display is a screen, not a person, so it has no profile (and the API refuses it one).
 */
export function ProfileShell({ children }: { children: ReactNode }) {
  const session = useSession();
  const principal = session.data;

  useEffect(() => {
    if (principal === null) redirectToSignIn();
  }, [principal]);

  let body: ReactNode = children;
  if (session.isPending) body = <p className="text-xl text-slate-400">Checking your sign-in…</p>;
  else if (session.isError) body = <FormAlert message={`Could not check your sign-in: ${session.error.message}`} />;
  else if (!principal) body = <p className="text-xl text-slate-400">Taking you to sign in…</p>;
  else if (principal.kind === 'display') {
    body = (
      <div role="alert" className="flex flex-col gap-3 text-xl">
        <p className="font-bold">A kiosk display has no profile.</p>
        <Link href="/" className="text-sky-300 underline">
          Back to the board
        </Link>
      </div>
    );
  }

  return (
    <div className="flex min-h-dvh flex-col">
      <header className="sticky top-0 z-10 border-b border-slate-800 bg-slate-950">
        <div className="flex flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2">
          <Link href="/" className="text-3xl font-black tracking-tight">
            Linesight
          </Link>
          <SessionMenu principal={principal} />
        </div>
      </header>
      <main className="flex flex-1 flex-col gap-6 p-4 md:p-6">{body}</main>
    </div>
  );
}
