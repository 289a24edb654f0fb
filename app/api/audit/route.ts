import { ZAuditQuery } from '@/lib/auth-types';
import { listAudit } from '@/db/queries/audit';
import { guarded } from '@/server/auth/guard';
import { invalid } from '@/server/http/read-json';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** The audit log, newest first, filtered by actor/action/result and paged with `before`. */
export const GET = guarded('admin', (request) => {
  const query = ZAuditQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return invalid(query.error);
  const entries = listAudit(getRuntime().db, query.data);
  const nextBefore = entries.length === query.data.limit ? (entries.at(-1)?.id ?? null) : null;
  return Response.json({ entries, nextBefore });
});
