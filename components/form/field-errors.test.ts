import { describe, expect, it } from 'vitest';
import { ZProfileUpdate } from '@/lib/profile-types';
import { pathFieldErrors } from './field-errors';

describe('pathFieldErrors', () => {
  it('keys nested issues by their dotted path, like the server’s 400', () => {
    const parsed = ZProfileUpdate.safeParse({ dialExtensions: { hq: '20a', branch: '301', 'site.b': 'x' } });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    const errors = pathFieldErrors(parsed.error);
    expect(Object.keys(errors).sort()).toEqual(['dialExtensions.hq', 'dialExtensions.site.b']);
    expect(errors['dialExtensions.hq']).toEqual(['An extension number: 2–10 digits.']);
  });
});
