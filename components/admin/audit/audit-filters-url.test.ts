import { describe, expect, it } from 'vitest';
import { ZAuditQuery } from '@/lib/auth-types';
import { auditApiPath, filtersFromSearch, filtersToSearch } from './audit-filters-url';

describe('audit filters in the URL', () => {
  it('reads filters and drops an unknown result', () => {
    expect(filtersFromSearch(new URLSearchParams('actor=%20bob%20&action=user.update&result=denied'))).toEqual({
      actor: 'bob',
      action: 'user.update',
      result: 'denied',
    });
    expect(filtersFromSearch(new URLSearchParams('result=maybe'))).toEqual({ actor: '', action: '', result: '' });
  });

  it('writes only the filters that are set', () => {
    expect(filtersToSearch({ actor: '', action: '', result: '' })).toBe('');
    expect(filtersToSearch({ actor: 'display:Lobby TV', action: '', result: 'ok' })).toBe('?actor=display%3ALobby+TV&result=ok');
  });

  it('builds API paths the server schema accepts, paging back with before', () => {
    const first = auditApiPath({ actor: 'amy', action: '', result: 'failed' }, null);
    expect(first).toBe('/api/audit?actor=amy&result=failed&limit=50');
    const older = auditApiPath({ actor: '', action: '', result: '' }, 120, 25);
    expect(older).toBe('/api/audit?limit=25&before=120');
    const query = Object.fromEntries(new URL(older, 'http://x').searchParams);
    expect(ZAuditQuery.parse(query)).toEqual({ limit: 25, before: 120 });
  });
});
