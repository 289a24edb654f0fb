/** "Test connection" for a Noojee server: one immediate `subscribe` (timeOut=0, noojee.md §2.1). */
import type { TNoojeeConnection } from '@/lib/connection-config';
import { networkStep, ProbeFailure } from '@/server/connections/probe-failure';
import { watchedNumbers } from '@/lib/connection-config';
import { logger } from '@/server/log';
import { createNoojeeClient } from './client';
import { NoojeeError } from './noojee-error';

export async function probeNoojee(config: TNoojeeConnection, timeoutMs: number, signal: AbortSignal): Promise<string[]> {
  const client = createNoojeeClient({ baseUrl: config.baseUrl, apiKey: config.apiKey, requestTimeoutMs: timeoutMs, logger });
  const extensions = watchedNumbers(config.extensions);
  try {
    // timeOut=0 with seq 0 answers at once with the current state of every requested extension.
    const reply = await client.subscribe({ extensions, lastSequenceNumber: 0, timeOutS: 0, readTimeoutMs: timeoutMs, signal });
    const reported = Object.keys(reply.Data ?? {}).length;
    return [`subscribe answered (seq ${reply.seq})`, `${reported} of ${extensions.length} extensions reported their state`];
  } catch (error) {
    if (!(error instanceof NoojeeError)) throw error;
    if (error.kind === 'rejected') throw new ProbeFailure('auth', `The PBX refused the API key or the extensions: ${error.details.vendorMessage ?? error.message}`);
    if (error.kind === 'network') throw new ProbeFailure(networkStep(error.message), error.message);
    if (error.kind === 'timeout') throw new ProbeFailure('connect', error.message);
    if (error.kind === 'http' && (error.details.status === 401 || error.details.status === 403)) {
      throw new ProbeFailure(error.details.status === 401 ? 'auth' : 'permission', `${error.message} Check the API key and that this server's address is allowed on the PBX.`);
    }
    if (error.kind === 'http' && error.details.status === 404) throw new ProbeFailure('protocol', `No CallManagementAPI at this URL (HTTP 404). Check the base URL.`);
    throw new ProbeFailure('protocol', error.message);
  }
}
