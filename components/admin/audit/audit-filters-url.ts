import { ZAuditResult, type TAuditResult } from '@/lib/auth-types';

export const AUDIT_PAGE_SIZE = 50;

/** The audit page's filters; an empty string means "any". */
export interface AuditFilters {
  actor: string;
  action: string;
  result: TAuditResult | '';
}

/** Filters from the page's URL, so a filtered view can be bookmarked or shared. */
export function filtersFromSearch(params: { get(name: string): string | null }): AuditFilters {
  const result = ZAuditResult.safeParse(params.get('result'));
  return {
    actor: params.get('actor')?.trim() ?? '',
    action: params.get('action')?.trim() ?? '',
    result: result.success ? result.data : '',
  };
}

function filterParams(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.actor) params.set('actor', filters.actor);
  if (filters.action) params.set('action', filters.action);
  if (filters.result) params.set('result', filters.result);
  return params;
}

/** `?actor=…` for the page URL, or '' with no filters. */
export function filtersToSearch(filters: AuditFilters): string {
  const query = filterParams(filters).toString();
  return query ? `?${query}` : '';
}

/** `GET /api/audit` for one page; `before` is the previous page's `nextBefore`. */
export function auditApiPath(filters: AuditFilters, before: number | null, limit = AUDIT_PAGE_SIZE): string {
  const params = filterParams(filters);
  params.set('limit', String(limit));
  if (before !== null) params.set('before', String(before));
  return `/api/audit?${params.toString()}`;
}
