import { describe, expect, it } from 'vitest';
import type { ConnectionAdminView } from '@/lib/connection-admin';
import { patchEnabled, restoreConnection, withConnection, withoutConnection } from './connection-list-cache';

const conn = (id: string, over: Partial<ConnectionAdminView> = {}): ConnectionAdminView => ({
  id,
  vendor: 'telphin',
  name: id.toUpperCase(),
  source: 'ui',
  sourceDetail: 'saved in Linesight',
  editable: true,
  enabled: true,
  status: 'live',
  lastEventAt: null,
  error: null,
  settings: {},
  secretsSet: ['clientSecret'],
  manageHooks: true,
  ...over,
});

describe('connection list cache', () => {
  it('adds a new connection at the end and replaces a saved one in place', () => {
    const list = [conn('a'), conn('b')];
    expect(withConnection(list, conn('c')).map((c) => c.id)).toEqual(['a', 'b', 'c']);
    expect(withConnection(list, conn('a', { name: 'New' })).map((c) => c.name)).toEqual(['New', 'B']);
  });

  it('shows disabled / connecting at once', () => {
    const list = [conn('a'), conn('b')];
    expect(patchEnabled(list, 'a', false)[0]).toMatchObject({ enabled: false, status: 'disabled' });
    expect(patchEnabled(list, 'a', true)[0]).toMatchObject({ enabled: true, status: 'connecting' });
    expect(patchEnabled(list, 'a', false)[1]).toBe(list[1]);
  });

  it('puts a removed row back where it was, and a patched row back as it was', () => {
    const a = conn('a');
    const list = [a, conn('b'), conn('c')];
    expect(restoreConnection(withoutConnection(list, 'b'), conn('b'), 1).map((c) => c.id)).toEqual(['a', 'b', 'c']);
    expect(restoreConnection(patchEnabled(list, 'a', false), a, 0)[0]).toBe(a);
    expect(restoreConnection([], a, 5)).toEqual([a]);
  });
});
