/** One UAPI answer: JSON body (omitted for 204). */
export interface UapiReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** `{"error":{"code","message"}}`, the error body of every UAPI service (voipnow.md §1.5). */
export const uapiError = (status: number, code: string, message: string): UapiReply => ({ status, body: { error: { code, message } } });

export class UapiError extends Error {
  constructor(readonly reply: UapiReply) {
    super('uapi error');
  }
}

/** Throws a UAPI error (caught by the facade and sent as is). */
export function fail(status: number, code: string, message: string): never {
  throw new UapiError(uapiError(status, code, message));
}

/** `2015-01-23T04:56:22+00:00`: XML-Schema dateTime with an offset, as the vendor examples write it. */
export const uapiDate = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');

const SORT_ORDERS = new Set(['asc', 'desc', 'ascending', 'descending']);
const FILTER_OPS = ['equals', 'contains', 'startsWith', 'present', 'greaterThan', 'lessThan', 'inArray'] as const;

export interface CollectionSpec<T> {
  /** Fields `filterBy` may name. */
  filterable: string[];
  /** `filterOp` values the resource accepts. */
  ops?: readonly string[];
  /** Fields `fields` may name (default: `filterable`). */
  fields?: string[];
  /** The fixed sort key. */
  sortKey: (item: T) => string;
  /** `entry` as an object keyed by this (CDR, A8) instead of an array. */
  keyBy?: (item: T) => string;
  /** 200 with an empty `entry` instead of 204 (A19). */
  emptyAs200?: boolean;
  extra?: Record<string, unknown>;
}

const str = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v as string | number));

/**
 * The standard list parameters and envelope of voipnow.md §1.4: `count` (default 20, 1–5000),
 * `startIndex` (0–5000), `filterBy`/`filterOp`/`filterValue`, `sortOrder`, `fields`; `paging.next/prev`
 * absolute URLs; 204 for an empty result.
 */
export function collection<T extends object>(items: T[], query: URLSearchParams, selfUrl: URL, spec: CollectionSpec<T>): UapiReply {
  const countRaw = query.get('count');
  const count = countRaw === null ? 20 : Number(countRaw);
  if (!Number.isInteger(count) || count < 1 || count > 5000) fail(400, 'count_invalid', 'The count parameter is invalid.');
  const startRaw = query.get('startIndex');
  const start = startRaw === null ? 0 : Number(startRaw);
  if (!Number.isInteger(start) || start < 0 || start > 5000) fail(400, 'filtervalue_invalid', 'The startIndex parameter is invalid.');
  const sortOrder = query.get('sortOrder');
  if (sortOrder !== null && !SORT_ORDERS.has(sortOrder)) fail(400, 'sortorder_invalid', 'The sortOrder parameter is invalid.');
  const fieldsRaw = query.get('fields');
  const allowedFields = spec.fields ?? spec.filterable;
  const fields = fieldsRaw === null || fieldsRaw === '' ? null : fieldsRaw.split(',').map((f) => f.trim());
  if (fields?.some((f) => !allowedFields.includes(f))) fail(400, 'fields_invalid', 'The fields parameter is invalid.');
  let list = [...items];
  const filterBy = query.get('filterBy');
  const filtered = filterBy !== null && filterBy !== '';
  if (filtered) {
    if (!spec.filterable.includes(filterBy)) fail(400, 'filterby_invalid', 'The filterBy parameter is invalid.');
    const op = query.get('filterOp') ?? 'equals';
    if (!(spec.ops ?? FILTER_OPS).includes(op)) fail(400, 'filterop_invalid', 'The filterOp parameter is invalid.');
    const values = query.getAll('filterValue');
    const value = values[0] ?? '';
    if (op !== 'present' && values.length === 0) fail(400, 'filtervalue_invalid', 'The filterValue parameter is invalid.');
    const set = op === 'inArray' ? values.flatMap((v) => v.split(',')) : [];
    list = list.filter((item) => {
      const raw = (item as Record<string, unknown>)[filterBy];
      const v = str(raw);
      switch (op) {
        case 'present': return raw !== undefined;
        case 'contains': return v.includes(value);
        case 'startsWith': return v.startsWith(value);
        case 'greaterThan': return v > value;
        case 'lessThan': return v < value;
        case 'inArray': return set.includes(v);
        default: return v === value;
      }
    });
  }
  list.sort((a, b) => spec.sortKey(a).localeCompare(spec.sortKey(b)));
  if (sortOrder === 'desc' || sortOrder === 'descending') list.reverse();
  const total = list.length;
  if (total === 0 && !spec.emptyAs200) return { status: 204 };
  const page = list.slice(start, start + count).map((item) => {
    if (!fields) return item;
    return Object.fromEntries(Object.entries(item).filter(([k]) => fields.includes(k) || k === 'links')) as T;
  });
  const at = (index: number): string => {
    const u = new URL(selfUrl);
    u.searchParams.set('startIndex', String(index));
    u.searchParams.set('count', String(count));
    return u.toString();
  };
  const paging: Record<string, string> = {};
  if (start + count < total) paging.next = at(start + count);
  if (start > 0) paging.prev = at(Math.max(0, start - count));
  const entry = spec.keyBy ? Object.fromEntries(page.map((item) => [spec.keyBy?.(item) ?? '', item])) : page;
  return {
    status: 200,
    body: { entry, startIndex: start, itemsPerPage: count, totalResults: total, filtered, sorted: sortOrder !== null, paging, ...spec.extra },
  };
}
