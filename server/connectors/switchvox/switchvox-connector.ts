/**
 * Switchvox connector (DESIGN.md §2): owns the Realtime API session — connect, bootstrap on every
 * connect, reconnect, resync stale lines — and click-to-dial. Normalising is left to `normalise.ts`.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Capabilities, ConnectionStatus } from '@/lib/board';
import type { TSwitchvoxConnection } from '@/lib/connection-config';
import { CommandError, type Connector, type ConnectorSink, type DialRequest } from '@/server/connectors/connector';
import { logger as rootLogger } from '@/server/log';
import { backoffDelay, defaultBackoff, type BackoffPolicy } from '../backoff';
import { authDelay, defaultAuthBackoff } from './backoff';
import { bootstrapSession, describeRefusals } from './bootstrap';
import { dialError } from './dial-error';
import { probeEngineIo, type EioProbeResult } from './eio-probe';
import { issueLogger } from './issue-logger';
import { createSwitchvoxNormaliser, type SwitchvoxNormaliser } from './normalise';
import { isRpcCode, RpcError } from './rpc-error';
import { openSocketIoSession, type DisconnectCause, type RpcSession, type RpcSessionFactory } from './rpc-session';
import { RPC_CODES } from './schema';

export interface SwitchvoxConnectorOptions {
  logger?: Logger;
  now?: () => Date;
  /** The transport adapter (§1.3 point 4); socket.io-client 2.5 by default. */
  openSession?: RpcSessionFactory;
  /** Per-request timeout (§11.3); default 10 s. */
  requestTimeoutMs?: number;
  /** socket.io's own reconnection after transport drops (§11.4); default 1 s → 30 s. */
  reconnectionDelayMs?: number;
  reconnectionDelayMaxMs?: number;
  /** Our reconnects after a server-initiated disconnect, and bootstrap retries; default 1 s → 30 s. */
  backoff?: Partial<BackoffPolicy>;
  /** After a refused login; default 30 s doubling to 15 min (§2). */
  authBackoff?: Partial<Omit<BackoffPolicy, 'random'>>;
  /** §11.5: stale lines not revived this long after the first re-subscribe `true` are ended; default 60 s. */
  staleAfterResubscribeMs?: number;
  /**
   * §4.3: how long after a subscribe `true` a replay of live lines may take to arrive; no stale line
   * is ended before the current session has been subscribed this long. Default 2 s.
   */
  replayGraceMs?: number;
  /** How long a stopping connector leaves the socket open for the `logout` answer; default 250 ms. */
  logoutGraceMs?: number;
  /** Probe the Engine.IO version at start (§1.3 point 4); default true. */
  probe?: boolean;
}

/** One Switchvox PBX: one logged-in Realtime API session observing the configured accounts. */
export class SwitchvoxConnector implements Connector {
  readonly vendor = 'switchvox' as const;
  readonly id: string;
  readonly name: string;
  // The Realtime API observes and creates calls; recording and answering are not in it (§4.6).
  readonly capabilities: Capabilities = { record: false, answer: false, dial: true, hooks: false };

  private readonly normaliser: SwitchvoxNormaliser;
  private readonly log: Logger;
  private readonly now: () => Date;
  private readonly origin: string;
  private readonly openSession: RpcSessionFactory;
  private readonly backoff: BackoffPolicy;
  private readonly authBackoff: Omit<BackoffPolicy, 'random'>;
  private readonly staleMs: number;
  private readonly replayGraceMs: number;
  private readonly timers = new Set<NodeJS.Timeout>();
  private sink: ConnectorSink | null = null;
  private session: RpcSession | null = null;
  /** Bumped on every connect, disconnect and stop: work of an older round is dropped. */
  private round = 0;
  private loggedIn = false;
  private failures = 0;
  /** Re-subscriptions tried since accounts were refused (-32001); reset by a clean subscribe. */
  private refusedRetries = 0;
  private authFailures = 0;
  /** Armed for the normaliser's next stale deadline; outlives reconnects (§11.5). */
  private sweepTimer: NodeJS.Timeout | null = null;
  /** Local epoch ms of the current session's last subscribe `true`; null while not subscribed. */
  private subscribedAt: number | null = null;
  private probeResult: EioProbeResult = 'unknown';
  private reported: { status: ConnectionStatus; error: string | null } | null = null;

  constructor(
    private readonly config: TSwitchvoxConnection,
    private readonly options: SwitchvoxConnectorOptions = {},
  ) {
    this.id = config.id;
    this.name = config.name;
    this.log = (options.logger ?? rootLogger).child({ connection: config.id, vendor: 'switchvox' });
    this.now = options.now ?? (() => new Date());
    this.origin = new URL(config.url).origin;
    this.openSession = options.openSession ?? openSocketIoSession;
    this.backoff = { ...defaultBackoff, ...options.backoff };
    this.authBackoff = { ...defaultAuthBackoff, ...options.authBackoff };
    this.staleMs = options.staleAfterResubscribeMs ?? 60_000;
    this.replayGraceMs = options.replayGraceMs ?? 2_000;
    this.normaliser = createSwitchvoxNormaliser({
      connectionId: config.id,
      accounts: config.accounts,
      queues: config.queues,
      onIssue: issueLogger(this.log),
      staleAfterSubscribeMs: this.staleMs,
    });
  }

  start(sink: ConnectorSink): void {
    if (this.sink) return;
    this.sink = sink;
    sink.events([this.normaliser.known(this.now())]);
    this.report('connecting', null);
    if (this.config.insecureTls) this.log.warn('TLS certificate verification is OFF for this Switchvox connection (insecureTls)');
    if (this.options.probe ?? true) void this.probe();
    this.open();
  }

  /** Sends `logout` and clears all timers; resolves at once, the socket closes in the background (§11.13). */
  async stop(): Promise<void> {
    this.sink = null;
    this.reported = null;
    this.round += 1;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.sweepTimer = null;
    this.subscribedAt = null;
    const session = this.session;
    this.session = null;
    this.loggedIn = false;
    if (!session) return;
    if (!session.connected) return session.close();
    // Sent whenever connected: mid-bootstrap the login may already have succeeded.
    const answered = session.request('logout').then(
      () => {},
      () => {},
    );
    // §11.13 closes without waiting for the answer. We do not wait in `stop`, but close the socket
    // only once the PBX answered or after a short grace: a socket.io 4 server (the simulator) drops
    // an event whose connection closes within the same read, and the logout would be lost.
    const grace = new Promise<void>((resolve) => setTimeout(resolve, this.options.logoutGraceMs ?? 250).unref());
    void Promise.race([answered, grace]).then(() => session.close());
  }

  /** §4.5 / §7.3: rings the login extension, then the PBX calls `to`. Never retried (it would ring twice). */
  async dial(request: DialRequest): Promise<void> {
    const ext = this.config.extension;
    if (request.from !== null && request.from !== ext) {
      throw new CommandError(`Switchvox rings only the logged-in extension ${ext}`, 'unsupported');
    }
    const to = request.to.trim();
    if (!/^[0-9*#+]{1,40}$/.test(to)) throw new CommandError(`"${request.to}" is not a number Switchvox can dial.`, 'rejected');
    const session = this.session;
    if (!session?.connected || !this.loggedIn) {
      throw new CommandError('Not connected to the Switchvox PBX right now; the call was not placed.', 'unreachable');
    }
    const linesightRequestId = randomUUID();
    this.normaliser.noteDial(linesightRequestId, to);
    this.log.info({ to, linesightRequestId }, 'Switchvox dial');
    try {
      await session.request('dial', { extension: to, dialData: { linesightRequestId } });
    } catch (error) {
      // -32000: the PBX forgot our login; restore the session (the user may retry the dial).
      if (isRpcCode(error, RPC_CODES.notAuthenticated)) this.sessionLost();
      throw dialError(error, to, ext);
    }
  }

  private open(): void {
    if (!this.sink) return;
    const session = this.openSession({
      url: this.origin,
      ca: this.config.caPem,
      rejectUnauthorized: !this.config.insecureTls,
      requestTimeoutMs: this.options.requestTimeoutMs,
      reconnectionDelayMs: this.options.reconnectionDelayMs,
      reconnectionDelayMaxMs: this.options.reconnectionDelayMaxMs,
      secrets: [this.config.password],
      logger: this.log,
    });
    this.session = session;
    session.on('connect', () => this.session === session && this.onConnect(session));
    session.on('disconnect', (cause, reason) => this.session === session && this.onDisconnect(session, cause, reason));
    session.on('connectError', (message) => this.session === session && this.onConnectError(message));
    session.on('notification', (message) => {
      if (this.session !== session || !this.sink) return;
      const events = this.normaliser.notification(message, this.now());
      if (events.length > 0) this.sink.events(events);
    });
  }

  private onConnect(session: RpcSession): void {
    this.round += 1;
    this.loggedIn = false;
    this.subscribedAt = null;
    // §11.5: whatever we knew may have changed while we were away.
    const stale = this.normaliser.markAllStale();
    this.log.info({ url: this.origin, staleLines: stale }, 'Switchvox connected; logging in');
    void this.bootstrap(session, this.round);
  }

  private onDisconnect(session: RpcSession, cause: DisconnectCause, reason: string): void {
    this.round += 1;
    this.loggedIn = false;
    this.subscribedAt = null;
    if (cause === 'client') return;
    if (cause === 'transport') {
      // socket.io reconnects by itself and `connect` runs the bootstrap again (§11.4).
      this.log.warn({ reason }, 'Switchvox connection lost; socket.io is reconnecting');
      this.report('down', `Lost the connection to the Switchvox PBX (${reason}); reconnecting.`);
      return;
    }
    // A server-side disconnect is not retried by socket.io; our own logout never gets here (stop()).
    this.session = null;
    session.close();
    this.failures += 1;
    const delayMs = backoffDelay(this.failures, this.backoff);
    this.log.warn({ reason, retryInMs: delayMs }, 'Switchvox PBX closed the session; reconnecting');
    this.report('down', `The Switchvox PBX closed the session; reconnecting in ${seconds(delayMs)}.`);
    this.later(delayMs, () => this.open());
  }

  private onConnectError(message: string): void {
    const hint =
      this.probeResult === 'eio4-only'
        ? ' The server speaks only Engine.IO v4 (socket.io 3/4), not the Switchvox Realtime API protocol (Engine.IO v3).'
        : '';
    this.report('down', `Cannot connect to the Switchvox PBX at ${this.origin}: ${message}.${hint}`);
  }

  private async bootstrap(session: RpcSession, round: number): Promise<void> {
    try {
      const result = await bootstrapSession({
        session,
        extension: this.config.extension,
        password: this.config.password,
        accounts: this.config.accounts,
        serverUuid: this.normaliser.serverUuid(),
        log: this.log,
      });
      if (round !== this.round) return;
      if (result.kind === 'auth_failed') return this.authFailed(session, result.error);
      this.loggedIn = true;
      this.authFailures = 0;
      this.failures = 0;
      const { refused } = result;
      this.log.info({ alreadyLoggedIn: result.alreadyLoggedIn, refused: refused.map((r) => r.account.extension) }, 'Switchvox subscribed');
      if (refused.length > 0) {
        this.report('degraded', describeRefusals(refused, this.config.accounts.length, this.config.extension));
        // A permission an admin gives back is never announced (§4.7): without asking again, the refused
        // accounts stayed dark until the next reconnect (chaos run). Re-run the bootstrap on this
        // session (login answers -32002, accepted) with a growing pause; a subscribe only adds targets.
        const delayMs = Math.min(REFUSED_RETRY_MS * 2 ** this.refusedRetries, REFUSED_RETRY_MAX_MS);
        this.refusedRetries += 1;
        this.later(delayMs, () => {
          if (round === this.round && session.connected && this.loggedIn) void this.bootstrap(session, round);
        });
      } else {
        this.refusedRetries = 0;
        this.report('live', null);
      }
      // The wait for revival starts at the first `true` after a line went stale and is not restarted
      // by later reconnects: restarting it on every connect kept lines whose idle was lost on the
      // board for as long as drops came less than a minute apart (chaos B: 309 talking for minutes).
      this.subscribedAt = this.now().getTime();
      this.normaliser.subscribed(this.now());
      this.armSweep();
    } catch (error) {
      if (round !== this.round || !this.sink) return;
      // A dropped connection is handled by `disconnect`; `connect` will bootstrap again.
      if (error instanceof RpcError && (error.kind === 'disconnected' || error.kind === 'not_connected')) return;
      this.failures += 1;
      const delayMs = backoffDelay(this.failures, this.backoff);
      const lost = isRpcCode(error, RPC_CODES.notAuthenticated);
      const message = error instanceof Error ? error.message : String(error);
      this.log.warn({ error: message, retryInMs: delayMs }, lost ? 'Switchvox session lost; logging in again' : 'Switchvox bootstrap failed');
      this.report('down', lost ? `The Switchvox session was lost; logging in again in ${seconds(delayMs)}.` : message);
      this.later(delayMs, () => {
        if (round === this.round && session.connected) void this.bootstrap(session, round);
      });
    }
  }

  /** Any refused login: close this connection and wait a long while, so a wrong password cannot lock the account. */
  private authFailed(session: RpcSession, error: RpcError): void {
    this.authFailures += 1;
    const delayMs = authDelay(this.authFailures, this.authBackoff);
    const why = error.vendorMessage ?? `error ${error.code}`;
    this.log.warn({ code: error.code, retryInMs: delayMs, extension: this.config.extension }, 'Switchvox login refused');
    const retry = `Check its web password; retrying in ${seconds(delayMs)}.`;
    this.report('down', `Switchvox refused the login of extension ${this.config.extension}: ${why}. ${retry}`);
    this.round += 1;
    this.session = null;
    session.close();
    this.later(delayMs, () => this.open());
  }

  /** -32000 outside the bootstrap: the PBX forgot our login; log in again on the same connection. */
  private sessionLost(): void {
    const session = this.session;
    if (!session?.connected || !this.loggedIn) return;
    this.loggedIn = false;
    this.subscribedAt = null;
    this.round += 1;
    this.normaliser.markAllStale();
    this.report('connecting', null);
    void this.bootstrap(session, this.round);
  }

  private async probe(): Promise<void> {
    const { result, detail } = await probeEngineIo({ url: this.origin, ca: this.config.caPem, rejectUnauthorized: !this.config.insecureTls });
    this.probeResult = result;
    if (result === 'eio4-only') this.log.error({ detail }, 'Switchvox server speaks only Engine.IO v4; the Realtime API client needs v3');
    else this.log.info({ result, detail }, 'Switchvox Engine.IO probe');
  }

  private report(status: ConnectionStatus, error: string | null): void {
    if (!this.sink || (this.reported?.status === status && this.reported.error === error)) return;
    this.reported = { status, error };
    this.sink.status(status, error);
  }

  private later(ms: number, run: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
    return timer;
  }

  /**
   * Arms the sweep for the next stale deadline. A deadline that falls while no session is subscribed
   * waits for the next subscribe and its replay grace: a line whose replay a drop lost must still be
   * able to come back, since an ended line stays ended (§11.6 tombstone).
   */
  private armSweep(): void {
    if (this.sweepTimer) {
      clearTimeout(this.sweepTimer);
      this.timers.delete(this.sweepTimer);
      this.sweepTimer = null;
    }
    const next = this.normaliser.nextStaleDeadline();
    if (!next || !this.sink || this.subscribedAt === null) return;
    const at = Math.max(next.getTime(), this.subscribedAt + this.replayGraceMs);
    this.sweepTimer = this.later(Math.max(0, at - this.now().getTime()), () => {
      this.sweepTimer = null;
      if (!this.sink || this.subscribedAt === null) return;
      const now = this.now();
      if (now.getTime() >= this.subscribedAt + this.replayGraceMs) {
        const events = this.normaliser.endStale(now);
        if (events.length > 0) this.sink.events(events);
      }
      this.armSweep();
    });
  }
}

/** First pause before asking again for refused accounts, and the longest. */
const REFUSED_RETRY_MS = 10_000;
const REFUSED_RETRY_MAX_MS = 300_000;

const seconds = (ms: number) => `${Math.max(1, Math.round(ms / 1000))} s`;

/** Builds a Switchvox connector from its validated configuration. */
export function createSwitchvoxConnector(config: TSwitchvoxConnection, options?: SwitchvoxConnectorOptions): SwitchvoxConnector {
  return new SwitchvoxConnector(config, options);
}
