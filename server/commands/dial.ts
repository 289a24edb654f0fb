import { CommandError, type Connector } from '@/server/connectors/connector';
import { logger } from '@/server/log';
import type { CommandResult } from './set-recording';

const log = logger.child({ component: 'dial' });

/**
 * Click-to-dial through one connection: the PBX rings `from` (the user's own extension on that PBX,
 * or null for the connection's own) and then connects it to `to`. Never retried: a retry would
 * ring the user twice (switchvox.md §11.3).
 */
export async function dial(connectors: ReadonlyMap<string, Connector>, connectionId: string, from: string | null, to: string): Promise<CommandResult> {
  const connector = connectors.get(connectionId);
  if (!connector) return { ok: false, status: 404, error: 'No such PBX connection.' };
  if (!connector.capabilities.dial || !connector.dial) return { ok: false, status: 409, error: 'This PBX does not let Linesight place calls.' };
  try {
    await connector.dial({ from, to });
    return { ok: true };
  } catch (error) {
    const message = error instanceof CommandError ? error.message : 'The PBX did not answer the request.';
    const status = error instanceof CommandError && error.reason === 'unsupported' ? 409 : 422;
    log.warn({ connectionId, error: message }, 'dial failed');
    return { ok: false, status, error: message };
  }
}
