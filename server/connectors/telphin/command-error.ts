/** Maps a failed Telphin command onto the contract's CommandError, in words shown to the user. */
import { CommandError } from '@/server/connectors/connector';
import { TelphinError } from './telphin-error';

/** A refusal (4xx) carries the vendor's own `{"message"}` (§4.3); anything else is "unreachable". */
export function commandError(error: unknown): CommandError {
  if (error instanceof TelphinError && error.kind === 'http' && (error.details.status ?? 500) < 500) {
    return new CommandError(error.details.vendorMessage ?? error.message, 'rejected');
  }
  return new CommandError(error instanceof Error ? error.message : 'Telphin could not be reached.', 'unreachable');
}
