import { describe, expect, it } from 'vitest';
import type { TProfile } from '@/lib/profile-types';
import { dialExtensionChanges, withDialExtensions } from './dial-extensions';

const profile: TProfile = { username: 'sam', role: 'supervisor', dialExtensions: { hq: '201', branch: '301' } };

describe('withDialExtensions', () => {
  it('sets, replaces and removes ("") like the server, leaving the original alone', () => {
    const next = withDialExtensions(profile, { dialExtensions: { hq: '', branch: '302', lab: '44' } });
    expect(next).toEqual({ username: 'sam', role: 'supervisor', dialExtensions: { branch: '302', lab: '44' } });
    expect(profile.dialExtensions).toEqual({ hq: '201', branch: '301' });
  });
});

describe('dialExtensionChanges', () => {
  it('keeps only edited fields, trimmed', () => {
    expect(dialExtensionChanges(profile.dialExtensions, { hq: ' 201 ', branch: '305 ', lab: '' })).toEqual({ branch: '305' });
  });

  it('sends "" for a cleared extension and nothing for an untouched empty one', () => {
    expect(dialExtensionChanges(profile.dialExtensions, { hq: '  ', lab: '   ' })).toEqual({ hq: '' });
    expect(dialExtensionChanges({}, {})).toEqual({});
  });
});
