import { describe, expect, it } from 'vitest';
import { formatAgo } from './format-ago';

describe('formatAgo', () => {
  const now = Date.parse('2025-03-01T12:00:00Z');
  it('says how long ago in short words', () => {
    expect(formatAgo(null, now)).toBeNull();
    expect(formatAgo('2025-03-01T12:00:02Z', now)).toBe('just now');
    expect(formatAgo('2025-03-01T11:59:48Z', now)).toBe('12 s ago');
    expect(formatAgo('2025-03-01T11:55:00Z', now)).toBe('5 min ago');
    expect(formatAgo('2025-03-01T09:00:00Z', now)).toBe('3 h ago');
    expect(formatAgo('not a date', now)).toBe('not a date');
  });
  it('falls back to the date after a day', () => {
    expect(formatAgo('2025-02-20T12:00:00Z', now)).toMatch(/^2025-02-20 /);
  });
});
