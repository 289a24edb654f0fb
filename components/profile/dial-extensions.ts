import type { TProfile, TProfileUpdate } from '@/lib/profile-types';

/** The profile as the server will store it: the same merge rule, where "" removes an extension. */
export function withDialExtensions(profile: TProfile, update: TProfileUpdate): TProfile {
  const dialExtensions = { ...profile.dialExtensions };
  for (const [connectionId, extension] of Object.entries(update.dialExtensions)) {
    if (extension === '') delete dialExtensions[connectionId];
    else dialExtensions[connectionId] = extension;
  }
  return { ...profile, dialExtensions };
}

/**
 * Only the fields the user actually changed, so saving never overwrites what another tab set for a
 * different PBX in the meantime. Compared trimmed, as the server stores them.
 */
export function dialExtensionChanges(saved: Readonly<Record<string, string>>, draft: Readonly<Record<string, string>>): Record<string, string> {
  const changes: Record<string, string> = {};
  for (const [connectionId, value] of Object.entries(draft)) {
    const extension = value.trim();
    if (extension !== (saved[connectionId] ?? '')) changes[connectionId] = extension;
  }
  return changes;
}
