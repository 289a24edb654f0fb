/**
 * The extensions of one Telphin client as the board knows them (telphin.md §3.2): numeric id for API
 * paths, `prefix*name` canonical name, the short name the board shows, and the kind.
 */
import type { TExtension } from './schema';

export type TelphinKind = 'phone' | 'queue' | 'ivr';

export interface TelphinExtension {
  /** Numeric id used in `/extension/{extension_id}/…` paths and in `SubCallID` prefixes. */
  id: string;
  /** `prefix*name`, e.g. `000*101`. */
  name: string;
  /** The board number, e.g. `101`. */
  shortName: string;
  kind: TelphinKind;
  /** The extension's `label` (§3.2), the tile name. */
  label: string | null;
}

/** `2566*102@sipproxy.telphin.ru` or `2566*102` or `102` → `102`. */
export function shortNameOf(name: string): string {
  const bare = name.split('@')[0] ?? '';
  return bare.slice(bare.lastIndexOf('*') + 1);
}

/** Phones, queues and IVRs become board extensions; fax lines and unknown types do not (§3.2). */
export function toTelphinExtension(ext: TExtension): TelphinExtension | null {
  const type = ext.type.toLowerCase();
  if (type !== 'phone' && type !== 'queue' && type !== 'ivr') return null;
  const shortName = shortNameOf(ext.name);
  if (!/^\d+$/.test(shortName)) return null;
  const label = ext.label?.trim() ? ext.label.trim() : null;
  return { id: ext.id, name: ext.name, shortName, kind: type, label };
}

/** Whether a `config.extensions` entry (`0003*101` or `101`) names this extension. */
export function matchesEntry(ext: TelphinExtension, entry: string): boolean {
  return entry.includes('*') ? ext.name === entry : ext.shortName === entry;
}

/** Lookups over every phone, queue and IVR of the client; `monitored` is the subset we hook. */
export class ExtensionDirectory {
  private readonly byIdMap = new Map<string, TelphinExtension>();
  private readonly byShortMap = new Map<string, TelphinExtension>();
  private readonly monitoredIds: ReadonlySet<string>;

  constructor(all: readonly TelphinExtension[], monitoredIds: ReadonlySet<string>) {
    for (const ext of all) {
      this.byIdMap.set(ext.id, ext);
      this.byShortMap.set(ext.shortName, ext);
    }
    this.monitoredIds = monitoredIds;
  }

  byId(id: string | undefined): TelphinExtension | undefined {
    return id === undefined ? undefined : this.byIdMap.get(id);
  }

  /** By an event's `…ExtensionID` first, then by its `…Extension` name. */
  find(id: string | undefined, name: string | undefined): TelphinExtension | undefined {
    return this.byId(id) ?? (name ? this.byShortMap.get(shortNameOf(name)) : undefined);
  }

  byShortName(shortName: string): TelphinExtension | undefined {
    return this.byShortMap.get(shortName);
  }

  isMonitored(ext: TelphinExtension): boolean {
    return this.monitoredIds.has(ext.id);
  }

  /** Monitored extensions by short name, numerically. */
  monitored(): TelphinExtension[] {
    return [...this.byIdMap.values()]
      .filter((ext) => this.monitoredIds.has(ext.id))
      .sort((a, b) => a.shortName.localeCompare(b.shortName, 'en', { numeric: true }));
  }

  /**
   * Whether a number in an event names an extension of this PBX: the `prefix*name` form, or a bare
   * short name we know (short names have 2–4 digits, §3.1, so real phone numbers do not collide).
   */
  isExtensionNumber(number: string): boolean {
    const bare = number.split('@')[0] ?? '';
    return /^\d+\*\d+$/.test(bare) || (bare.length <= 4 && this.byShortMap.has(bare));
  }
}
