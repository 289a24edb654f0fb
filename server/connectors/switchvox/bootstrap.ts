/**
 * Session bootstrap, run on every `connect` (switchvox.md §11.2): `login`, then one `subscribe` for
 * all watched accounts; a refused batch is split in halves until the bad targets are isolated, and
 * the session goes on without them.
 */
import type { Logger } from 'pino';
import type { SwitchvoxAccount } from './normalise';
import { isRpcCode, RpcError } from './rpc-error';
import type { RpcSession } from './rpc-session';
import { LINE_TOPIC, RPC_CODES } from './schema';

/** An account the PBX would not let us subscribe to. */
export interface RefusedAccount {
  account: SwitchvoxAccount;
  code: number;
}

export type BootstrapResult =
  | { kind: 'subscribed'; refused: RefusedAccount[]; alreadyLoggedIn: boolean; serverUuidRejected: boolean }
  /** Any error answer to `login` but -32002 is an authentication failure (§2). */
  | { kind: 'auth_failed'; error: RpcError };

export interface BootstrapOptions {
  session: RpcSession;
  extension: string;
  password: string;
  accounts: readonly SwitchvoxAccount[];
  /** Added to targets once learned (§6.1). */
  serverUuid: string | null;
  log: Logger;
}

/**
 * Logs in and subscribes. Throws the `RpcError` of a transport failure (timeout, disconnect) or of a
 * refusal it cannot work around — -32000 on `subscribe` means the session was lost.
 */
export async function bootstrapSession(o: BootstrapOptions): Promise<BootstrapResult> {
  let alreadyLoggedIn = false;
  try {
    await o.session.request('login', { extension: o.extension, password: o.password });
  } catch (error) {
    if (isRpcCode(error, RPC_CODES.alreadyAuthenticated)) alreadyLoggedIn = true;
    // -32603 is the PBX failing, not a credentials check (switchvox.md §3.3): treating it as a refused
    // login left the board blind for the 30 s+ auth back-off (chaos run); the caller retries it with
    // the ordinary short back-off instead.
    else if (isRpcCode(error, RPC_CODES.internalError)) throw error;
    else if (error instanceof RpcError && error.kind === 'rpc') return { kind: 'auth_failed', error };
    else throw error;
  }

  const refused: RefusedAccount[] = [];
  let serverUuidRejected = false;
  const target = (a: SwitchvoxAccount, withUuid: boolean) => ({
    account: withUuid && o.serverUuid ? { accountId: a.accountId, serverUuid: o.serverUuid } : { accountId: a.accountId },
  });
  const subscribe = (batch: readonly SwitchvoxAccount[], withUuid: boolean) =>
    o.session.request('subscribe', { topic: LINE_TOPIC, targets: batch.map((a) => target(a, withUuid)) });

  // All-or-nothing per request (§4.3), so halving finds the bad targets in about k·log2(n) calls.
  async function attempt(batch: readonly SwitchvoxAccount[]): Promise<void> {
    if (batch.length === 0) return;
    try {
      await subscribe(batch, !serverUuidRejected);
    } catch (error) {
      if (!isRpcCode(error, RPC_CODES.invalidParams, RPC_CODES.notAuthorized)) throw error;
      if (batch.length > 1) {
        const half = Math.ceil(batch.length / 2);
        await attempt(batch.slice(0, half));
        await attempt(batch.slice(half));
        return;
      }
      const [account] = batch as [SwitchvoxAccount];
      if (error.code === RPC_CODES.invalidParams && o.serverUuid && !serverUuidRejected && (await retriedWithoutUuid(account))) return;
      refused.push({ account, code: error.code });
    }
  }

  // A learned serverUuid the PBX does not accept (e.g. replaced hardware) must not cost the account.
  async function retriedWithoutUuid(account: SwitchvoxAccount): Promise<boolean> {
    try {
      await subscribe([account], false);
    } catch (error) {
      if (isRpcCode(error, RPC_CODES.invalidParams, RPC_CODES.notAuthorized)) return false;
      throw error;
    }
    o.log.warn({ serverUuid: o.serverUuid }, 'Switchvox refused targets with the learned serverUuid; subscribing by accountId only');
    serverUuidRejected = true;
    return true;
  }

  await attempt(o.accounts);
  return { kind: 'subscribed', refused, alreadyLoggedIn, serverUuidRejected };
}

/** Plain words for the connection's error while some accounts are not subscribed. */
export function describeRefusals(refused: readonly RefusedAccount[], total: number, loginExtension: string): string {
  const parts = refused.map(({ account, code }) => {
    const why =
      code === RPC_CODES.notAuthorized
        ? `extension ${loginExtension} lacks the permission to see it`
        : 'the PBX does not know this account';
    return `${account.extension} (account ${account.accountId}): ${why} (subscribe, code ${code})`;
  });
  return `Watching ${total - refused.length} of ${total} accounts. Switchvox refused ${parts.join('; ')}.`;
}
