'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { TPrincipal } from '@/lib/auth-types';
import { useSignOut } from '../use-session';

const linkClass =
  'rounded-md border-2 border-slate-500 px-3 py-1 text-base font-bold text-slate-100 hover:bg-slate-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white aria-[current=page]:bg-slate-800';

/** Who this screen is signed in as; users may sign out, a kiosk display may not (it has no password to come back with). */
export function SessionMenu({ principal, adminLink = true }: { principal: TPrincipal | null | undefined; adminLink?: boolean }) {
  const signOut = useSignOut();
  const pathname = usePathname();
  if (!principal) return null;

  if (principal.kind === 'display') {
    return (
      <p data-testid="session-who" className="ml-auto text-lg font-semibold text-slate-300">
        Display: {principal.name}
      </p>
    );
  }

  return (
    <div className="ml-auto flex flex-wrap items-center gap-3">
      <p data-testid="session-who" className="flex items-baseline gap-2 text-lg">
        <span className="font-bold">{principal.username}</span>
        <span className="rounded bg-slate-800 px-2 py-0.5 text-sm font-semibold text-slate-300">{principal.role}</span>
      </p>
      {/* Every user has one (their desk extensions); a display has no user to keep it for. */}
      <Link href="/profile" aria-current={pathname === '/profile' ? 'page' : undefined} className={linkClass}>
        Profile
      </Link>
      {adminLink && principal.role === 'admin' && (
        <Link href="/admin/users" className={linkClass}>
          Admin
        </Link>
      )}
      <button type="button" onClick={() => signOut.mutate()} disabled={signOut.isPending} className={`${linkClass} disabled:opacity-60`}>
        Sign out
      </button>
      {signOut.isError && (
        <p role="alert" className="basis-full rounded-md bg-red-950 px-2 py-1 text-sm font-medium text-red-100">
          Could not sign out: {signOut.error.message}
        </p>
      )}
    </div>
  );
}
