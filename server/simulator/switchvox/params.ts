import { DIALABLE } from '../engine/directory';
import type { AccountTable, ConvergedDevice } from './accounts';
import { RpcError } from './rpc';

/** The only topic of the simulator (switchvox.md §5.2; `state.change.parkingSpace` is not offered, §5.3). */
export const LINE_TOPIC = 'state.change.extension.line';

/** The Realtime API methods (switchvox.md §4); anything else is -32601. */
export const SWITCHVOX_METHODS = ['login', 'logout', 'subscribe', 'unsubscribe', 'dial'] as const;
export type SwitchvoxMethod = (typeof SWITCHVOX_METHODS)[number];

export function isMethod(name: string): name is SwitchvoxMethod {
  return (SWITCHVOX_METHODS as readonly string[]).includes(name);
}

const bad = (detail: string) => new RpcError('invalidParams', detail);

/** `params` as named members (§3.1); omitted or null reads as `{}`. */
function named(params: unknown): Record<string, unknown> {
  if (params === undefined || params === null) return {};
  if (typeof params !== 'object' || Array.isArray(params)) throw bad('params must be an object of named members');
  return params as Record<string, unknown>;
}

/** §4.1: `extension` and `password`, both strings. */
export function parseLogin(params: unknown): { extension: string; password: string } {
  const p = named(params);
  if (typeof p.extension !== 'string' || p.extension === '') throw bad('extension must be a non-empty string');
  if (typeof p.password !== 'string') throw bad('password must be a string');
  return { extension: p.extension, password: p.password };
}

/** An integer or a numeric string (§6.1, §6.5); `null` when it is neither. */
function integerLike(value: unknown): number | null {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && /^\d{1,15}$/.test(value.trim())) return Number(value.trim());
  return null;
}

/**
 * One target (§4.3, §6.1): `{accountId, serverUuid?}`, or the same AccountObject wrapped as
 * `{account: {…}}` (the form the §4.3 table shows). A `serverUuid` must be this PBX's own.
 */
function parseTarget(target: unknown, index: number, accounts: AccountTable, serverUuid: string): number {
  if (typeof target !== 'object' || target === null || Array.isArray(target)) throw bad(`targets[${index}] must be an object`);
  const t = target as Record<string, unknown>;
  const obj = 'accountId' in t ? t : t.account;
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw bad(`targets[${index}] has no accountId`);
  const account = obj as Record<string, unknown>;
  const accountId = integerLike(account.accountId);
  if (accountId === null) throw bad(`targets[${index}].accountId must be an integer`);
  const uuid = account.serverUuid;
  if (uuid !== undefined && uuid !== null && uuid !== serverUuid) throw bad(`targets[${index}] belongs to another server`);
  if (!accounts.byId(accountId)) throw bad(`targets[${index}]: no account ${accountId}`);
  return accountId;
}

/** §4.3/§4.4: `topic` (the line topic only) and `targets`, validated as a whole (all-or-nothing). */
export function parseSubscription(params: unknown, accounts: AccountTable, serverUuid: string): number[] {
  const p = named(params);
  if (typeof p.topic !== 'string') throw bad('topic must be a string');
  if (p.topic !== LINE_TOPIC) throw bad(`unknown topic ${p.topic}`);
  if (!Array.isArray(p.targets)) throw bad('targets must be an array');
  const ids = p.targets.map((t: unknown, i) => parseTarget(t, i, accounts, serverUuid));
  return [...new Set(ids)];
}

export interface DialRequest {
  extension: string;
  device: ConvergedDevice;
  dialData: unknown;
}

/** §4.5: `extension` (digits to dial), optional `convergedDeviceId` of the caller, opaque `dialData`. */
export function parseDial(params: unknown, devices: ConvergedDevice[]): DialRequest {
  const p = named(params);
  if (typeof p.extension !== 'string' || !DIALABLE.test(p.extension.trim())) throw bad('extension must be a string of 3–16 digits');
  let device = devices[0];
  if (p.convergedDeviceId !== undefined && p.convergedDeviceId !== null) {
    const id = integerLike(p.convergedDeviceId);
    device = devices.find((d) => d.convergedDeviceId === id);
    if (!device) throw bad(`unknown convergedDeviceId ${String(p.convergedDeviceId)}`);
  }
  if (!device) throw bad('the account has no device to ring');
  return { extension: p.extension.trim(), device, dialData: p.dialData ?? null };
}
