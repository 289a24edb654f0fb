import { describe, expect, it } from 'vitest';
import { formatWhen } from './format-when';

describe('formatWhen', () => {
  it('formats an ISO timestamp in local time', () => {
    expect(formatWhen('2025-03-04T05:06:07.000Z')).toMatch(/^2025-03-0[345] \d{2}:\d{2}:07$/);
  });

  it('keeps null and shows garbage as it came', () => {
    expect(formatWhen(null)).toBeNull();
    expect(formatWhen('yesterday')).toBe('yesterday');
  });
});
