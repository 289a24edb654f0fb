/** Maps a failed `dial` request onto the contract's CommandError, in words shown to the user (§4.5). */
import { CommandError } from '@/server/connectors/connector';
import { isRpcCode, RpcError } from './rpc-error';
import { RPC_CODES } from './schema';

/** The CommandError for a `dial` of `to` from `loginExtension` that failed with `error`. */
export function dialError(error: unknown, to: string, loginExtension: string): CommandError {
  if (isRpcCode(error, RPC_CODES.notAuthorized)) {
    return new CommandError(`Switchvox does not allow extension ${loginExtension} to place calls (a permission is missing on the PBX).`, 'rejected');
  }
  if (isRpcCode(error, RPC_CODES.invalidParams)) return new CommandError(`Switchvox did not accept ${to} as a number to dial.`, 'rejected');
  if (isRpcCode(error, RPC_CODES.notAuthenticated)) {
    return new CommandError('The Switchvox session was lost and is being restored; try again in a moment.', 'unreachable');
  }
  if (error instanceof RpcError && error.kind === 'rpc') return new CommandError(error.message, 'rejected');
  if (error instanceof RpcError && error.kind === 'timeout') {
    // Never retried: a second dial would ring the user twice (§11.3).
    return new CommandError(`${error.message} Extension ${loginExtension} may still ring; the request is not repeated.`, 'unreachable');
  }
  return new CommandError(error instanceof Error ? error.message : 'The Switchvox PBX could not be reached.', 'unreachable');
}
