import type { Directory } from '../engine/directory';

export type TelphinExtensionType = 'phone' | 'queue' | 'ivr' | 'fax';

/** One Telphin extension (telphin.md §3.2) of our client or of the foreign one. */
export interface TelphinExtension {
  id: number;
  clientId: number;
  /** `extension_len` digits, e.g. `401`. */
  shortName: string;
  /** Canonical `client_prefix*short_name`, e.g. `0003*401`. */
  name: string;
  type: TelphinExtensionType;
  status: 'active' | 'blocked';
  label: string | null;
  domain: string;
  /** The engine number behind it; `null` for extensions the engine does not know (fax, foreign client). */
  number: string | null;
}

export interface TenantOptions {
  /** Telphin client id (an integer, telphin.md §3.1). */
  accountId: number;
  prefix: string;
  domain: string;
}

/** Numeric Telphin extension id of a site-C engine number: 401 → 1401, 620 → 1620. */
export const telphinExtensionId = (number: string): number => 1000 + Number(number);

const FOREIGN_CLIENT_ID = 2;

/**
 * The Telphin tenant of site C: every site-C phone, queue and IVR of the directory, a blocked fax
 * extension 499 (so type and status filters have something to find), and one extension of a second
 * client, only there to answer 403 (telphin.md §4.3).
 */
export class TelphinTenant {
  readonly extensions: TelphinExtension[];
  private readonly foreign: TelphinExtension;

  constructor(
    dir: Directory,
    readonly opts: TenantOptions,
  ) {
    const own = (number: string, type: TelphinExtensionType, label: string, known = true): TelphinExtension => ({
      id: telphinExtensionId(number), clientId: opts.accountId, shortName: number, name: `${opts.prefix}*${number}`,
      type, status: known ? 'active' : 'blocked', label, domain: opts.domain, number: known ? number : null,
    });
    this.extensions = [
      ...dir.phones.filter((p) => p.site === 'C').map((p) => own(p.number, 'phone', p.name)),
      own('499', 'fax', 'Fax', false),
      ...dir.queues.filter((q) => q.site === 'C').map((q) => own(q.number, 'queue', q.name)),
      ...dir.ivrs.filter((i) => i.site === 'C').map((i) => own(i.number, 'ivr', i.name)),
    ].sort((x, y) => x.id - y.id);
    this.foreign = {
      id: 2100, clientId: FOREIGN_CLIENT_ID, shortName: '100', name: '0004*100', type: 'phone', status: 'active',
      label: 'Other client', domain: opts.domain, number: null,
    };
  }

  /** Own or foreign extension by numeric id. */
  byId(id: number): TelphinExtension | undefined {
    return id === this.foreign.id ? this.foreign : this.extensions.find((e) => e.id === id);
  }

  /** Own extension behind an engine number (`null` for other sites and outside numbers). */
  byNumber(number: string): TelphinExtension | null {
    return this.extensions.find((e) => e.number === number) ?? null;
  }

  /**
   * An extension reference from a path or a body: a numeric id (paths), or a name in any form of
   * telphin.md §3.2 (`401`, `0003*401`, `0003*401@domain`, `@401` as in `/extension/@200/callback/`).
   */
  resolve(ref: string, { byName = false } = {}): TelphinExtension | undefined {
    if (!byName && /^\d+$/.test(ref)) return this.byId(Number(ref));
    const name = (ref.startsWith('@') ? ref.slice(1) : ref).split('@')[0] ?? '';
    const [prefix, short] = name.includes('*') ? name.split('*', 2) : [this.opts.prefix, name];
    if (prefix === this.foreign.name.split('*')[0] && short === this.foreign.shortName) return this.foreign;
    if (prefix !== this.opts.prefix) return undefined;
    return this.extensions.find((e) => e.shortName === short);
  }

  /** `prefix*name@domain`: the form of extension fields in event payloads (telphin.md §3.2). */
  address(ext: TelphinExtension): string {
    return `${ext.name}@${ext.domain}`;
  }

  /** How the PBX shows a number: own extensions by canonical name, everything else as dialled. */
  display(number: string): string {
    return this.byNumber(number)?.name ?? number;
  }
}

/** The REST form of an extension (telphin.md §3.2). */
export function extensionJson(ext: TelphinExtension) {
  return {
    id: ext.id, name: ext.name, type: ext.type, status: ext.status, label: ext.label, client_id: ext.clientId,
    extension_group_id: null, domain: ext.domain, create_date: '2023-09-01 09:00:00', caller_id_name: ext.label,
    dial_rule_limit: null, extra_params: null, public_caller_id_number: null,
  };
}

/** The short extension object embedded in current calls (telphin.md §8.3). */
export function extensionRef(ext: TelphinExtension) {
  return { id: ext.id, type: ext.type, name: ext.name, client_id: ext.clientId, extension_group_id: null };
}
