/** The signed-in user's own settings, shared by the profile page and its route. */
import { z } from 'zod';

export const ZExtensionInput = z.string().trim().regex(/^\d{2,10}$/, 'An extension number: 2–10 digits.');

/** Desk extension per PBX connection id: click-to-dial rings it first. Empty string removes it. */
export const ZProfileUpdate = z.object({
  dialExtensions: z.record(z.string().min(1).max(64), z.union([ZExtensionInput, z.literal('')])),
});
export type TProfileUpdate = z.infer<typeof ZProfileUpdate>;

export const ZProfile = z.object({ username: z.string(), role: z.string(), dialExtensions: z.record(z.string(), z.string()) });
export type TProfile = z.infer<typeof ZProfile>;

/** What the "Call" form accepts: digits as the user would dial them, `+`, `*` and `#`. */
export const ZDialInput = z.object({ to: z.string().trim().regex(/^\+?[0-9*#]{2,32}$/, 'Digits only (2–32), optionally starting with +.') });
export type TDialInput = z.infer<typeof ZDialInput>;
