/**
 * "Test connection" for a Switchvox PBX: connect over socket.io (Engine.IO v3), `login`, then one
 * `subscribe` of every watched account (switchvox.md §2, §4), and close: the same steps the
 * connector takes, so a pass here means the connector will come up.
 */
import type { TSwitchvoxConnection } from '@/lib/connection-config';
import { networkStep, ProbeFailure } from '@/server/connections/probe-failure';
import { logger } from '@/server/log';
import { bootstrapSession, describeRefusals } from './bootstrap';
import { openSocketIoSession, type RpcSession } from './rpc-session';

export async function probeSwitchvox(config: TSwitchvoxConnection, timeoutMs: number, signal: AbortSignal): Promise<string[]> {
  const origin = new URL(config.url).origin;
  const session = openSocketIoSession({
    url: origin,
    ca: config.caPem,
    rejectUnauthorized: !config.insecureTls,
    requestTimeoutMs: timeoutMs,
    secrets: [config.password],
    logger,
  });
  try {
    await connected(session, timeoutMs, signal);
    const result = await bootstrapSession({ session, extension: config.extension, password: config.password, accounts: config.accounts, serverUuid: null, log: logger });
    if (result.kind === 'auth_failed') {
      throw new ProbeFailure('auth', `The PBX refused the login of extension ${config.extension}: ${result.error.vendorMessage ?? result.error.message}. Check the extension and its web password.`);
    }
    const watched = config.accounts.length;
    if (result.refused.length > 0) throw new ProbeFailure('permission', describeRefusals(result.refused, watched, config.extension));
    return [`signed in as extension ${config.extension}`, `subscribed to ${watched} account${watched === 1 ? '' : 's'}`];
  } finally {
    session.close();
  }
}

function connected(session: RpcSession, timeoutMs: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new ProbeFailure('connect', `No Realtime API answered within ${Math.round(timeoutMs / 1000)} s.`)), timeoutMs);
    const fail = (failure: ProbeFailure) => {
      clearTimeout(timer);
      reject(failure);
    };
    signal.addEventListener('abort', () => fail(new ProbeFailure('connect', 'The test was cancelled.')), { once: true });
    session.on('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    // socket.io keeps retrying on its own; the first failure is the answer a test needs.
    session.on('connectError', (message) => fail(new ProbeFailure(networkStep(message), `Cannot connect to the Switchvox PBX: ${message}.`)));
  });
}
