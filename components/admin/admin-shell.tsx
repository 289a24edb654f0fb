'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { SessionMenu } from '../wallboard/session-menu';
import { useSession } from '../use-session';
import { AdminGate } from './admin-gate';
import { AdminNav } from './admin-nav';

/** The admin pages' frame: the wallboard's header look, the section nav, and the admin-only gate. */
export function AdminShell({ children }: { children: ReactNode }) {
  const session = useSession();
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="sticky top-0 z-10 border-b border-slate-800 bg-slate-950">
        <div className="flex flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2">
          <Link href="/" className="text-3xl font-black tracking-tight">
            Linesight
          </Link>
          <AdminNav />
          <SessionMenu principal={session.data} adminLink={false} />
        </div>
      </header>
      <main className="flex flex-1 flex-col gap-6 p-4 md:p-6">
        <AdminGate>{children}</AdminGate>
      </main>
    </div>
  );
}
