/** "Test connection" for a Telphin account: OAuth token, `GET /user`, then the extension listing (telphin.md §2–§3). */
import type { TTelphinConnection } from '@/lib/connection-config';
import { networkStep, ProbeFailure } from '@/server/connections/probe-failure';
import { logger } from '@/server/log';
import { createTelphinClient } from './client';
import { discoverExtensions } from './discover-extensions';
import { TelphinError } from './telphin-error';

export async function probeTelphin(config: TTelphinConnection, timeoutMs: number, signal: AbortSignal): Promise<string[]> {
  const client = createTelphinClient({ baseUrl: config.baseUrl, clientId: config.clientId, clientSecret: config.clientSecret, requestTimeoutMs: timeoutMs, logger });
  try {
    const found = await discoverExtensions(client, config.extensions, signal);
    const facts = [`signed in to Telphin client ${found.clientId}`, `${found.all.length} phones, queues and IVRs on the account, ${found.monitored.length} watched`];
    if (found.absent.length > 0) throw new ProbeFailure('config', `Not on this Telphin account: ${found.absent.join(', ')}. Check the extension list.`);
    return facts;
  } catch (error) {
    if (!(error instanceof TelphinError)) throw error;
    if (error.kind === 'auth') throw new ProbeFailure('auth', `${error.message} Check the client id and secret of the Telphin application.`);
    if (error.kind === 'network') throw new ProbeFailure(networkStep(error.message), error.message);
    if (error.kind === 'timeout') throw new ProbeFailure('connect', error.message);
    if (error.kind === 'http' && error.details.status === 403) {
      throw new ProbeFailure('permission', `${error.message} The application needs access to the account's extensions and their events.`);
    }
    throw new ProbeFailure('protocol', error.message);
  }
}
