'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { Fragment } from 'react';

const links = [
  { href: '/', label: 'Board' },
  { href: '/admin/connections', label: 'Connections' },
  { href: '/admin/hooks', label: 'Hooks' },
  { href: '/admin/users', label: 'Users' },
  { href: '/admin/displays', label: 'Displays' },
  { href: '/admin/audit', label: 'Audit' },
  { href: '/admin/health', label: 'Health' },
] as const;

/** Board · Connections · Hooks · Users · Displays · Audit · Health, the current page marked for screen readers as well as by colour. */
export function AdminNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Admin">
      <ul className="flex flex-wrap items-center gap-x-2 text-lg font-bold">
        {links.map((link, i) => {
          const current = link.href === '/' ? pathname === '/' : pathname.startsWith(link.href);
          return (
            <Fragment key={link.href}>
              {i > 0 && (
                <li aria-hidden className="text-slate-600">
                  ·
                </li>
              )}
              <li>
                <Link
                  href={link.href}
                  aria-current={current ? 'page' : undefined}
                  className="rounded-md px-2 py-1 text-slate-300 hover:bg-slate-800 hover:text-white focus-visible:outline-2 focus-visible:outline-white aria-[current=page]:bg-slate-100 aria-[current=page]:text-slate-950"
                >
                  {link.label}
                </Link>
              </li>
            </Fragment>
          );
        })}
      </ul>
    </nav>
  );
}
