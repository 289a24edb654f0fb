'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useMemo } from 'react';
import { FormAlert } from '../../form/form-alert';
import { secondaryButtonClass } from '../../form/styles';
import { AuditFilterForm } from './audit-filter-form';
import { AuditTable } from './audit-table';
import { filtersFromSearch, filtersToSearch, type AuditFilters } from './audit-filters-url';
import { useAuditLog } from './use-audit-log';

/** The audit log: filters kept in the URL, newest entries first, "Older" to page back. */
export function AuditAdmin() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const filters = useMemo(() => filtersFromSearch(searchParams), [searchParams]);
  const audit = useAuditLog(filters);
  const entries = useMemo(() => audit.data?.pages.flatMap((page) => page.entries) ?? [], [audit.data]);

  const onChange = (next: AuditFilters) => router.push(`${pathname}${filtersToSearch(next)}`);

  return (
    <>
      <h1 className="text-3xl font-black tracking-tight">Audit log</h1>
      <AuditFilterForm key={filtersToSearch(filters)} filters={filters} onChange={onChange} />
      {audit.isPending ? (
        <p className="text-xl text-slate-400">Loading the audit log…</p>
      ) : audit.isError && entries.length === 0 ? (
        <FormAlert message={`Could not load the audit log: ${audit.error.message}`} />
      ) : entries.length === 0 ? (
        <p className="text-xl text-slate-400">No entries match these filters.</p>
      ) : (
        <>
          <AuditTable entries={entries} />
          {audit.isFetchNextPageError && <FormAlert message={`Could not load older entries: ${audit.error?.message}`} />}
          {audit.hasNextPage && (
            <button
              type="button"
              onClick={() => void audit.fetchNextPage()}
              disabled={audit.isFetchingNextPage}
              aria-busy={audit.isFetchingNextPage}
              className={`${secondaryButtonClass} self-start text-lg`}
            >
              {audit.isFetchingNextPage ? 'Loading older entries…' : 'Older'}
            </button>
          )}
        </>
      )}
    </>
  );
}
