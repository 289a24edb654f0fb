import { describe, expect, it } from 'vitest';
import { safeNext, signInPath } from './safe-next';

describe('safeNext', () => {
  it.each([
    ['/', '/'],
    ['/admin/users', '/admin/users'],
    ['/admin/audit?actor=bob&result=ok', '/admin/audit?actor=bob&result=ok'],
    ['/a#b', '/a#b'],
  ])('keeps the same-site path %s', (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });

  it.each([
    undefined,
    null,
    42,
    ['/admin'],
    '',
    'admin',
    'https://evil.example/',
    '//evil.example/x',
    '/\\evil.example',
    '/\t/evil.example',
    '/%0a/x\n',
    'javascript:alert(1)',
    '/login?next=/admin',
  ])('falls back to / for %j', (next) => {
    expect(safeNext(next)).toBe('/');
  });
});

describe('signInPath', () => {
  it('encodes the way back', () => {
    expect(signInPath('/')).toBe('/login?next=%2F');
    expect(signInPath('/admin/audit?actor=a b')).toBe('/login?next=%2Fadmin%2Faudit%3Factor%3Da%2520b');
  });

  it('never carries an off-site target', () => {
    expect(signInPath('//evil.example')).toBe('/login?next=%2F');
  });
});
