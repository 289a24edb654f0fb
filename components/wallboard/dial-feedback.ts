import { ApiError } from '../api/api-error';

/** Long enough to read and reach for the handset; the phone itself is the real confirmation. */
export const RINGING_SHOWN_MS = 8_000;

export function ringingMessage(to: string): string {
  return `Your phone is ringing — pick up to connect to ${to}`;
}

/**
 * A refusal the user can fix on their profile page: the server answers 409 when the PBX cannot ring
 * "your phone" (no desk extension set for it, or not the one the PBX allows). Other 409s, such as a
 * PBX that cannot place calls at all, have nothing to fix there.
 */
export function pointsToProfile(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409 && /\b(profile|extension)\b/i.test(error.message);
}
