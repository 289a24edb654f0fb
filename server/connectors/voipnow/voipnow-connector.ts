/**
 * VoipNow connector (DESIGN.md §2, voipnow.md §4.6, §8): hooks push the calls, `phoneCalls` polling
 * completes them (answer state, caller details, recording) and keeps them honest (ends legs the
 * server no longer has, opens ones the hooks missed). Recording through the phoneCalls actions.
 *
 * Start-up: token + first active-call snapshot → hook hygiene → `live` (or `degraded` with the
 * reason). Then a snapshot every `pollIntervalS` (≥ 2 s). Any failure: `down` (or `degraded` when a
 * snapshot fails with a 5xx while hooks still arrive), capped exponential back-off with jitter.
 */
import type { Logger } from 'pino';
import type { Capabilities, ConnectionStatus } from '@/lib/board';
import type { TVoipnowConnection } from '@/lib/connection-config';
import { CommandError, type Connector, type ConnectorContext, type ConnectorSink, type LegRef, type WebhookRequest } from '@/server/connectors/connector';
import { deriveWebhookToken } from '@/server/connectors/webhook-token';
import type { PbxEvent } from '@/server/domain/pbx-event';
import { logger as rootLogger } from '@/server/log';
import { backoffDelay, defaultBackoff, sleep, type BackoffPolicy } from '../backoff';
import type { HookAdmin } from '@/server/connectors/hook-admin';
import { createVoipnowHookAdmin } from './hook-admin';
import { createVoipnowClient, type PhoneCallAction, type VoipnowClient } from './client';
import { describeHookProblems, ensureHooks, type HookHygieneSummary } from './hook-hygiene';
import { createVoipnowNormaliser, type VoipnowIssue, type VoipnowNormaliser } from './normalise';
import { VoipnowError } from './voipnow-error';

export interface VoipnowConnectorOptions {
  logger?: Logger;
  fetch?: typeof fetch;
  now?: () => Date;
  /** Reconnect back-off; default 1 s doubling to 30 s with jitter. */
  backoff?: Partial<BackoffPolicy>;
  requestTimeoutMs?: number;
  /** Overrides `pollIntervalS` (tests); never below 2 s otherwise. */
  pollIntervalMs?: number;
  /** Snapshots without a leg before it is ended; default 2. */
  missesToEnd?: number;
  /** While hooks are incomplete, hygiene is retried this often; default 5 min. */
  rehookIntervalMs?: number;
  /** The call history (CDR) is read this often for legs the hooks and snapshots missed; default 30 s. */
  historyIntervalMs?: number;
}

/** At start the history is read this far back: calls that ended while we were down. */
const HISTORY_AT_START_MS = 60 * 60_000;
/** Later reads overlap the previous one by this much: a record is saved when its call ends. */
const HISTORY_OVERLAP_MS = 15 * 60_000;

/** One VoipNow App (client credentials) watching the configured extensions. */
export class VoipnowConnector implements Connector {
  readonly vendor = 'voipnow' as const;
  readonly id: string;
  readonly name: string;
  readonly capabilities: Capabilities = { record: true, answer: false, dial: false, hooks: true };
  // The active-call view says whether a call is recorded (voipnow.md §8): the tile follows it, not an assumption.
  readonly reportsRecording = true;
  readonly webhookToken: string;
  readonly hookAdmin: HookAdmin;

  private readonly client: VoipnowClient;
  private readonly normaliser: VoipnowNormaliser;
  private readonly log: Logger;
  private readonly now: () => Date;
  private readonly backoff: BackoffPolicy;
  private readonly intervalMs: number;
  private sink: ConnectorSink | null = null;
  private running: { abort: AbortController; loop: Promise<void> } | null = null;
  private hooks: HookHygieneSummary | null = null;
  private hooksAt = -Infinity;
  private historyReadAt: Date | null = null;
  private reported: { status: ConnectionStatus; error: string | null } | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly config: TVoipnowConnection,
    private readonly context: ConnectorContext,
    private readonly options: VoipnowConnectorOptions = {},
  ) {
    this.id = config.id;
    this.name = config.name;
    this.webhookToken = deriveWebhookToken(config.clientSecret, config.id);
    this.log = (options.logger ?? rootLogger).child({ connection: config.id, vendor: 'voipnow' });
    this.now = options.now ?? (() => new Date());
    this.backoff = { ...defaultBackoff, ...options.backoff };
    this.intervalMs = options.pollIntervalMs ?? Math.max(2, config.pollIntervalS) * 1000;
    this.client = createVoipnowClient({
      baseUrl: config.baseUrl,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      redirectUri: context.publicUrl,
      secrets: [this.webhookToken],
      requestTimeoutMs: options.requestTimeoutMs,
      logger: this.log,
      fetch: options.fetch,
    });
    this.normaliser = createVoipnowNormaliser({
      connectionId: config.id,
      extensions: config.extensions,
      missesToEnd: options.missesToEnd,
      onIssue: issueLogger(this.log),
      storedEndedAt: (legId) => context.storedLegEndedAt?.(legId)?.getTime() ?? null,
    });
    this.hookAdmin = createVoipnowHookAdmin({
      client: this.client,
      connectionId: config.id,
      publicUrl: context.publicUrl,
      token: this.webhookToken,
      watched: config.extensions,
      log: this.log,
    });
  }

  start(sink: ConnectorSink): void {
    if (this.running) return;
    this.sink = sink;
    this.report('connecting', null);
    const abort = new AbortController();
    const loop = this.run(abort.signal).catch((error: unknown) => {
      this.log.error({ error: error instanceof Error ? error.message : String(error) }, 'VoipNow loop stopped');
    });
    this.running = { abort, loop };
  }

  /** Aborts in-flight requests and waits; our call events stay registered (the next start reuses them). */
  async stop(): Promise<void> {
    const running = this.running;
    this.running = null;
    this.sink = null;
    this.reported = null;
    if (!running) return;
    running.abort.abort();
    this.wake?.();
    await running.loop;
  }

  /** The outcome of the latest hook hygiene, for logs and the admin UI. */
  hookSummary(): HookHygieneSummary | null {
    return this.hooks;
  }

  receiveWebhook(request: WebhookRequest): void {
    try {
      if (!this.sink) return void this.log.debug('VoipNow hook request while stopped: dropped');
      this.emit(this.normaliser.hook(request));
    } catch (error) {
      this.log.error({ error: error instanceof Error ? error.message : String(error) }, 'VoipNow hook request failed to apply');
    }
  }

  startRecording(leg: LegRef): Promise<void> {
    return this.record(leg, 'StartRecording');
  }

  stopRecording(leg: LegRef): Promise<void> {
    return this.record(leg, 'StopRecording');
  }

  private async record(leg: LegRef, action: PhoneCallAction): Promise<void> {
    const running = this.running;
    if (!running) throw new CommandError('Not connected to VoipNow; recording was not changed.', 'unreachable');
    let target = this.normaliser.recordingTarget(leg);
    if (!target) {
      // The call may be newer than the last snapshot: take one now.
      try {
        await this.poll(running.abort.signal);
      } catch (error) {
        throw commandError(error);
      }
      target = this.normaliser.recordingTarget(leg);
    }
    if (!target) throw new CommandError('VoipNow does not list this call among its active calls; recording was not changed.', 'rejected');
    try {
      await this.client.callAction(target.extension, target.phoneCallId, action, target.phoneCallViewId, running.abort.signal);
    } catch (error) {
      throw commandError(error);
    }
    const state = action === 'StartRecording' ? 'starting' : 'stopping';
    this.log.info({ extension: leg.extension, phoneCallId: target.phoneCallId, action }, 'VoipNow recording command accepted');
    this.normaliser.noteRecording(target.legId, state);
    const at = this.now().toISOString();
    this.emit([{ type: 'leg.recording', connectionId: this.id, key: `${target.legId}:recording:${action}:${at}`, at, legId: target.legId, recording: state }]);
    // The next snapshot tells whether it took.
    this.wake?.();
  }

  private async run(signal: AbortSignal): Promise<void> {
    let failures = 0;
    this.emit([this.normaliser.known(this.now())]);
    // The legs a previous process stored become ours before the first poll judges them (restart).
    const restored = this.normaliser.restore(this.context.storedLiveLegs?.() ?? [], this.now());
    if (restored > 0) this.log.info({ restored }, 'VoipNow legs of the previous process taken over');
    while (!signal.aborted) {
      try {
        await this.poll(signal);
        if (signal.aborted) break;
        await this.readHistoryWhenDue(signal);
        if (signal.aborted) break;
        const rehookMs = this.options.rehookIntervalMs ?? 5 * 60_000;
        if (!this.hooks || (describeHookProblems(this.hooks) !== null && performance.now() - this.hooksAt >= rehookMs)) {
          this.hooks = await this.hygiene(signal);
          this.hooksAt = performance.now();
          if (signal.aborted) break;
        }
        failures = 0;
        const problems = describeHookProblems(this.hooks);
        this.report(problems ? 'degraded' : 'live', problems);
        await this.pause(this.intervalMs, signal);
      } catch (error) {
        if (signal.aborted) break;
        failures += 1;
        const message = error instanceof Error ? error.message : String(error);
        const delayMs = backoffDelay(failures, this.backoff);
        this.log.warn({ error: message, failures, retryInMs: delayMs }, 'VoipNow API failed');
        // Hooks keep arriving while the active-call list has a server fault: degraded, not down.
        const serverFault = this.hooks !== null && error instanceof VoipnowError && error.kind === 'http' && (error.details.status ?? 0) >= 500;
        this.report(
          serverFault ? 'degraded' : 'down',
          serverFault ? `VoipNow's active-call list is failing (${message}) — calls may show late or linger; retrying.` : message,
        );
        await sleep(delayMs, signal);
      }
    }
  }

  private async poll(signal: AbortSignal): Promise<void> {
    const requestedAt = this.now();
    const calls = await this.client.phoneCalls('@self', signal);
    if (signal.aborted) return;
    const result = this.normaliser.poll(calls, { requestedAt, now: this.now() });
    this.emit(result.events);
    const { opened, ended, updated } = result;
    if (opened > 0 || ended > 0) this.log.info({ calls: calls.length, opened, ended, updated }, 'VoipNow reconciled with phoneCalls');
  }

  /**
   * Hooks are sent once and never again (A22), and a short call can end between two snapshots: when
   * every hook of it is lost, or sent while we were down, only the CDR still knows it.
   */
  private async readHistoryWhenDue(signal: AbortSignal): Promise<void> {
    const now = this.now();
    const last = this.historyReadAt;
    if (last && now.getTime() - last.getTime() < (this.options.historyIntervalMs ?? 30_000)) return;
    const since = new Date((last ?? now).getTime() - (last ? HISTORY_OVERLAP_MS : HISTORY_AT_START_MS));
    try {
      const calls = await this.client.cdr(since, signal);
      if (signal.aborted) return;
      const result = this.normaliser.history(calls);
      this.emit(result.events);
      this.historyReadAt = now;
      if (result.recovered > 0) this.log.info({ calls: calls.length, recovered: result.recovered }, 'VoipNow call history gave legs no hook or snapshot showed');
    } catch (error) {
      // The live view does not depend on it: try again at the next poll.
      if (!signal.aborted) this.log.warn({ error: error instanceof Error ? error.message : String(error) }, 'VoipNow call history could not be read');
    }
  }

  private async hygiene(signal: AbortSignal): Promise<HookHygieneSummary> {
    const summary = await ensureHooks({
      client: this.client,
      connectionId: this.id,
      publicUrl: this.context.publicUrl,
      token: this.webhookToken,
      extensions: this.config.extensions,
      log: this.log,
      signal,
    });
    const { created, updated, deleted, kept, missing, unsupported } = summary;
    const line = { created, updated, deleted, kept, missing, unsupported, errors: summary.errors.slice(0, 5) };
    if (missing > 0 || summary.errors.length > 0) this.log.warn(line, 'VoipNow hook hygiene incomplete');
    else this.log.info(line, 'VoipNow hook hygiene done');
    return summary;
  }

  private async pause(ms: number, signal: AbortSignal): Promise<void> {
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      this.wake = done;
    });
  }

  private emit(events: PbxEvent[]): void {
    if (events.length === 0 || !this.sink) return;
    try {
      this.sink.events(events);
    } catch (error) {
      this.log.error({ error: error instanceof Error ? error.message : String(error), events: events.length }, 'VoipNow events not applied');
    }
  }

  private report(status: ConnectionStatus, error: string | null): void {
    if (!this.sink || (this.reported?.status === status && this.reported.error === error)) return;
    this.reported = { status, error };
    this.sink.status(status, error);
  }
}

/** A refusal (4xx) carries the vendor's own words; anything else is "unreachable". */
export function commandError(error: unknown): CommandError {
  if (error instanceof CommandError) return error;
  if (error instanceof VoipnowError && error.kind === 'http' && (error.details.status ?? 500) < 500) {
    return new CommandError(error.details.vendorMessage ?? error.message, 'rejected');
  }
  return new CommandError(error instanceof Error ? error.message : 'VoipNow could not be reached.', 'unreachable');
}

/** Malformed → warn; unexpected values → warn once per reason; the rest → debug. */
function issueLogger(log: Logger): (issue: VoipnowIssue) => void {
  const warned = new Set<string>();
  return ({ kind, reason, detail }) => {
    if (kind === 'invalid') return log.warn({ reason, request: detail }, 'VoipNow hook request skipped');
    if (reason.startsWith('unknown') && !warned.has(reason)) {
      warned.add(reason);
      return log.warn({ reason, request: detail }, 'VoipNow hook request: unexpected value (logged once)');
    }
    log.debug({ kind, reason, request: detail }, 'VoipNow hook request not applied');
  };
}

/** Builds a VoipNow connector from its validated configuration. */
export function createVoipnowConnector(config: TVoipnowConnection, context: ConnectorContext, options?: VoipnowConnectorOptions): VoipnowConnector {
  return new VoipnowConnector(config, context, options);
}
