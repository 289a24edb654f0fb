/**
 * "Test connection" for a VoipNow server: OAuth token, the active calls of the App's user, then the
 * call events of each configured extension (voipnow.md §1.3, §2.2, §4.2): the rights the connector needs.
 */
import type { TVoipnowConnection } from '@/lib/connection-config';
import { networkStep, ProbeFailure } from '@/server/connections/probe-failure';
import { logger } from '@/server/log';
import { createVoipnowClient } from './client';
import { VoipnowError } from './voipnow-error';

export async function probeVoipnow(config: TVoipnowConnection, timeoutMs: number, signal: AbortSignal, publicUrl: string): Promise<string[]> {
  const client = createVoipnowClient({
    baseUrl: config.baseUrl,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    redirectUri: publicUrl,
    requestTimeoutMs: timeoutMs,
    logger,
  });
  try {
    const calls = await client.phoneCalls('@self', signal);
    for (const extension of config.extensions) await client.listEvents(extension, undefined, signal);
    return ['signed in with the App credentials', `${calls.length} active call${calls.length === 1 ? '' : 's'}`, `call events readable on ${config.extensions.length} extension(s)`];
  } catch (error) {
    if (!(error instanceof VoipnowError)) throw error;
    if (error.kind === 'auth') throw new ProbeFailure('auth', `${error.message} Check the App key and secret.`);
    if (error.kind === 'network') throw new ProbeFailure(networkStep(error.message), error.message);
    if (error.kind === 'timeout') throw new ProbeFailure('connect', error.message);
    const code = error.details.code ?? '';
    if (/access_denied|extension_invalid|user_invalid/.test(code) || error.details.status === 403) {
      throw new ProbeFailure('permission', `${error.message} The App must be allowed to read calls and manage call events of these extensions.`);
    }
    throw new ProbeFailure('protocol', error.message);
  }
}
