import { describe, expect, it } from 'vitest';
import { AUTH_CLOSE_CODE, closeVerdict, oneCheckAtATime } from './socket-close';

describe('closeVerdict', () => {
  it('treats 4401 as a revoked session, opened or not', () => {
    expect(closeVerdict(AUTH_CLOSE_CODE, true)).toBe('auth-lost');
    expect(closeVerdict(AUTH_CLOSE_CODE, false)).toBe('auth-lost');
  });

  it('asks the session endpoint after a handshake that never opened', () => {
    expect(closeVerdict(1006, false)).toBe('check-auth');
  });

  it('just reconnects after an open socket drops', () => {
    expect(closeVerdict(1006, true)).toBe('reconnect');
    expect(closeVerdict(1001, true)).toBe('reconnect');
  });
});

describe('oneCheckAtATime', () => {
  it('runs one check at a time and reports only a definite no', async () => {
    let resolve: (ok: boolean) => void = () => {};
    let calls = 0;
    let lost = 0;
    const run = oneCheckAtATime(
      () => {
        calls += 1;
        return new Promise<boolean>((r) => (resolve = r));
      },
      () => (lost += 1),
    );
    run();
    run();
    expect(calls).toBe(1);
    resolve(true);
    await Promise.resolve();
    await Promise.resolve();
    expect(lost).toBe(0);
    run();
    expect(calls).toBe(2);
    resolve(false);
    await Promise.resolve();
    await Promise.resolve();
    expect(lost).toBe(1);
  });

  it('survives a check that throws', async () => {
    let calls = 0;
    const run = oneCheckAtATime(
      () => {
        calls += 1;
        return Promise.reject(new Error('offline'));
      },
      () => {
        throw new Error('must not be called');
      },
    );
    run();
    await Promise.resolve();
    await Promise.resolve();
    run();
    expect(calls).toBe(2);
  });
});
