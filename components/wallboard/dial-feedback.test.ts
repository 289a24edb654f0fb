import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error';
import { pointsToProfile, ringingMessage } from './dial-feedback';

describe('dial feedback', () => {
  it('names the number the phone will be connected to', () => {
    expect(ringingMessage('203')).toBe('Your phone is ringing — pick up to connect to 203');
  });

  it('links to the profile only for a 409 about the user’s own extension', () => {
    expect(pointsToProfile(new ApiError('Noojee needs your own extension to ring first: set it in your profile.', 409))).toBe(true);
    expect(pointsToProfile(new ApiError('Switchvox rings only the logged-in extension 301', 409))).toBe(true);
    expect(pointsToProfile(new ApiError('This PBX does not let Linesight place calls.', 409))).toBe(false);
    expect(pointsToProfile(new ApiError('Set it in your profile.', 422))).toBe(false);
    expect(pointsToProfile(new Error('your profile'))).toBe(false);
    expect(pointsToProfile(null)).toBe(false);
  });
});
