import type { Directory } from '../engine/directory';

/** One Switchvox account of the simulated PBX (site B). Queues own no lines and cannot log in. */
export interface SwitchvoxAccount {
  accountId: number;
  extension: string;
  name: string;
  /** Web password for the Realtime API `login`; `null` for call queues. */
  password: string | null;
  kind: 'phone' | 'queue';
}

/** A converged device of a phone account (switchvox.md §6.5): where its lines live and `dial` rings. */
export interface ConvergedDevice {
  convergedDeviceId: number;
  label: string;
}

/** Per-account Realtime API permissions (switchvox.md §4.7). */
export interface SwitchvoxPermissions {
  canDial: boolean;
  /** Accounts whose lines this account may subscribe to besides its own. */
  visibleAccounts: 'all' | number[];
}

export const MAIN_DEVICE: ConvergedDevice = { convergedDeviceId: 1, label: 'Main Extension' };
const DEVICES: ConvergedDevice[] = [MAIN_DEVICE, { convergedDeviceId: 2, label: 'Cellphone' }];

/** The account table, built from the site-B entries of the directory that carry an account id. */
export class AccountTable {
  readonly list: readonly SwitchvoxAccount[];

  constructor(dir: Directory) {
    const phones = dir.phones.flatMap((p): SwitchvoxAccount[] =>
      p.site === 'B' && p.accountId !== undefined ? [{ accountId: p.accountId, extension: p.number, name: p.name, password: p.password ?? null, kind: 'phone' }] : [],
    );
    const queues = dir.queues.flatMap((q): SwitchvoxAccount[] =>
      q.site === 'B' && q.accountId !== undefined ? [{ accountId: q.accountId, extension: q.number, name: q.name, password: null, kind: 'queue' }] : [],
    );
    this.list = [...phones, ...queues];
  }

  byId(accountId: number): SwitchvoxAccount | undefined {
    return this.list.find((a) => a.accountId === accountId);
  }

  byExtension(extension: string): SwitchvoxAccount | undefined {
    return this.list.find((a) => a.extension === extension);
  }

  /** The account owning lines on a phone extension, if that phone is on this PBX. */
  phone(extension: string): SwitchvoxAccount | undefined {
    const account = this.byExtension(extension);
    return account?.kind === 'phone' ? account : undefined;
  }

  devices(accountId: number): ConvergedDevice[] {
    return this.byId(accountId)?.kind === 'phone' ? DEVICES : [];
  }
}

/**
 * Live permissions: the configured ones (default: everything allowed) with faults applied on top.
 * Checked on every request, so a revocation hits later subscribes/dials of existing sessions too,
 * while targets already subscribed stay subscribed.
 */
export class PermissionTable {
  private readonly revokedDial = new Set<number>();
  private readonly revokedVisibility = new Set<number>();

  constructor(private readonly configured: Readonly<Record<number, Partial<SwitchvoxPermissions>>> = {}) {}

  get(accountId: number): SwitchvoxPermissions {
    const base = this.configured[accountId] ?? {};
    return {
      canDial: !this.revokedDial.has(accountId) && (base.canDial ?? true),
      visibleAccounts: this.revokedVisibility.has(accountId) ? [] : (base.visibleAccounts ?? 'all'),
    };
  }

  /** An account may always observe itself (switchvox.md §4.7: "each target other than itself"). */
  canSee(viewer: number, target: number): boolean {
    if (viewer === target) return true;
    const visible = this.get(viewer).visibleAccounts;
    return visible === 'all' || visible.includes(target);
  }

  revoke(kind: 'dial' | 'visibility', accountId: number): void {
    (kind === 'dial' ? this.revokedDial : this.revokedVisibility).add(accountId);
  }

  restore(): void {
    this.revokedDial.clear();
    this.revokedVisibility.clear();
  }

  revocations(): { kind: 'revokeDial' | 'revokeVisibility'; accountId: number }[] {
    return [
      ...[...this.revokedDial].map((accountId) => ({ kind: 'revokeDial' as const, accountId })),
      ...[...this.revokedVisibility].map((accountId) => ({ kind: 'revokeVisibility' as const, accountId })),
    ];
  }
}
