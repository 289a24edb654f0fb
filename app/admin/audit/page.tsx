import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AuditAdmin } from '@/components/admin/audit/audit-admin';

export const metadata: Metadata = { title: 'Audit log' };

// The filters live in the URL (useSearchParams), which needs a Suspense boundary to prerender the rest.
export default function AuditPage() {
  return (
    <Suspense fallback={<p className="text-xl text-slate-400">Loading the audit log…</p>}>
      <AuditAdmin />
    </Suspense>
  );
}
