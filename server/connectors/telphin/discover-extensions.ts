/**
 * Extension discovery (telphin.md §2.3, §3.2): `GET /user` names the client, then its phones, queues
 * and IVRs are listed page by page; `config.extensions` (when given) narrows what we monitor.
 */
import type { TelphinClient } from './client';
import { matchesEntry, toTelphinExtension, type TelphinExtension } from './extension-directory';

export interface Discovery {
  /** The Telphin client id every `/client/{client_id}/…` path needs. */
  clientId: string;
  /** Every phone, queue and IVR of the client (fax lines are left out). */
  all: TelphinExtension[];
  /** The ones we hook and show. */
  monitored: TelphinExtension[];
  /** `config.extensions` entries that match nothing on the account. */
  absent: string[];
}

/** Lists the account's extensions; `wanted` are `config.extensions` (`0003*101` or `101`). */
export async function discoverExtensions(client: TelphinClient, wanted: readonly string[] | undefined, signal?: AbortSignal): Promise<Discovery> {
  const user = await client.user(signal);
  const byId = new Map<string, TelphinExtension>();
  // One listing per type (§3.2 `type` filter); a server ignoring the filter only costs duplicates.
  for (const type of ['phone', 'queue', 'ivr']) {
    for (const raw of await client.allExtensions(user.client_id, { type }, signal)) {
      const ext = toTelphinExtension(raw);
      if (ext) byId.set(ext.id, ext);
    }
  }
  const all = [...byId.values()];
  const monitored = wanted ? all.filter((ext) => wanted.some((entry) => matchesEntry(ext, entry))) : all;
  const absent = wanted?.filter((entry) => !all.some((ext) => matchesEntry(ext, entry))) ?? [];
  return { clientId: user.client_id, all, monitored, absent };
}
