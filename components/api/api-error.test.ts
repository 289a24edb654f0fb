import { describe, expect, it } from 'vitest';
import { ApiError, errorFromResponse, isUnauthorized } from './api-error';

describe('errorFromResponse', () => {
  it('keeps the server words, field errors and retry hint', () => {
    const error = errorFromResponse(429, { error: 'Too many sign-in attempts. Try again in 42 s.', retryAfterS: 42 });
    expect(error.message).toBe('Too many sign-in attempts. Try again in 42 s.');
    expect(error.retryAfterS).toBe(42);
    const taken = errorFromResponse(409, { error: 'Conflict', fieldErrors: { username: ['That username is taken.'] } });
    expect(taken.fieldErrors.username).toEqual(['That username is taken.']);
  });

  it('falls back to plain words when the body is not the contract shape', () => {
    expect(errorFromResponse(403, '<html>').message).toBe('Your role does not allow that.');
    expect(errorFromResponse(502, null).message).toBe('The server answered HTTP 502.');
    expect(errorFromResponse(401, { error: '  ' }).message).toBe('You are not signed in.');
    expect(errorFromResponse(401, { error: 'Wrong username or password.', retryAfterS: null }).message).toBe('Wrong username or password.');
  });

  it('recognises a 401 only from an ApiError', () => {
    expect(isUnauthorized(errorFromResponse(401, null))).toBe(true);
    expect(isUnauthorized(new ApiError('x', 403))).toBe(false);
    expect(isUnauthorized(Object.assign(new Error('x'), { status: 401 }))).toBe(false);
  });
});
