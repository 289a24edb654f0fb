import { describe, expect, it } from 'vitest';
import type { TDisplay } from '@/lib/auth-types';
import { absoluteUrl, markRevoked, withDisplay } from './display-list';

const display = (id: number, over: Partial<TDisplay> = {}): TDisplay => ({
  id,
  name: `TV ${id}`,
  createdAt: '2025-01-01T00:00:00.000Z',
  createdBy: 'admin',
  lastSeenAt: null,
  revokedAt: null,
  ...over,
});

describe('display list helpers', () => {
  it('puts a new display first', () => {
    expect(withDisplay([display(2), display(1)], display(3)).map((d) => d.id)).toEqual([3, 2, 1]);
  });

  it('marks only an active display revoked', () => {
    const list = [display(1), display(2, { revokedAt: '2024-01-01T00:00:00.000Z' })];
    const next = markRevoked(list, 1, '2025-02-02T00:00:00.000Z');
    expect(next[0]?.revokedAt).toBe('2025-02-02T00:00:00.000Z');
    expect(markRevoked(list, 2, 'later')[1]?.revokedAt).toBe('2024-01-01T00:00:00.000Z');
  });

  it('makes the kiosk link absolute', () => {
    expect(absoluteUrl('/kiosk/abc', 'http://127.0.0.1:3000')).toBe('http://127.0.0.1:3000/kiosk/abc');
    expect(absoluteUrl('https://board.example/kiosk/abc', 'http://127.0.0.1:3000')).toBe('https://board.example/kiosk/abc');
  });
});
