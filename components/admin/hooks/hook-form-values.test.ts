import { describe, expect, it } from 'vitest';
import { ZHookInput, type HookView } from '@/lib/hook-admin';
import { hasShownFieldErrors, hookDraft, hookFieldErrors, hookFormDefaults, hookServerFieldErrors } from './hook-form-values';

describe('hook form values', () => {
  it('starts a new hook pointed at Linesight with the vendor’s method values', () => {
    expect(hookFormDefaults('telphin')).toMatchObject({ target: 'linesight', method: 'POST', event_type: 'dial-in' });
    expect(hookFormDefaults('voipnow')).toMatchObject({ target: 'linesight', method: '1', type: '0', status: '1' });
  });

  it('starts an edit from the hook, another server’s URL as "Other URL"', () => {
    const hook: HookView = {
      vendor: 'voipnow',
      id: '3/abc',
      url: 'https://crm.test/hook',
      ours: false,
      delivery: null,
      type: '3',
      method: '0',
      note: 'crm',
      status: '0',
      modified: null,
    };
    expect(hookFormDefaults('voipnow', hook)).toMatchObject({ target: 'url', url: 'https://crm.test/hook', type: '3', method: '0', note: 'crm', status: '0' });
    expect(hookFormDefaults('voipnow', { ...hook, ours: true, url: 'https://us/•••' })).toMatchObject({ target: 'linesight', url: '' });
  });

  it('builds a body ZHookInput accepts, leaving the URL out for Linesight', () => {
    const values = { ...hookFormDefaults('telphin'), url: 'typed but unused' };
    expect(ZHookInput.parse(hookDraft('telphin', values))).toEqual({
      vendor: 'telphin',
      event_type: 'dial-in',
      method: 'POST',
      destination: { target: 'linesight' },
    });
  });

  it('puts the destination URL error under "url" and others under their own field', () => {
    const values = { ...hookFormDefaults('voipnow'), target: 'url' as const, url: 'ftp://x', note: 'x'.repeat(1025), status: '7' };
    const parsed = ZHookInput.safeParse(hookDraft('voipnow', values));
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    const errors = hookFieldErrors(parsed.error);
    expect(Object.keys(errors).sort()).toEqual(['note', 'status', 'url']);
    expect(errors.url).toEqual(['Enter an absolute http:// or https:// URL.']);
  });
});

describe('hasShownFieldErrors', () => {
  it('ignores a field the vendor’s form does not show', () => {
    expect(hasShownFieldErrors('telphin', { note: ['too long'] })).toBe(false);
    expect(hasShownFieldErrors('voipnow', { note: ['too long'] })).toBe(true);
    expect(hasShownFieldErrors('telphin', { url: [] })).toBe(false);
  });
});

describe('hookServerFieldErrors', () => {
  it('keeps the contract keys and folds nested destination paths onto the form', () => {
    expect(hookServerFieldErrors({ url: ['pce_url_invalid'], note: ['too long'], 'destination.url': ['bad'], 'destination.target': ['x'] })).toEqual({
      url: ['pce_url_invalid', 'bad'],
      note: ['too long'],
      destination: ['x'],
    });
  });
});
