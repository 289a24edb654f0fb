/**
 * Telphin connector (DESIGN.md §2): owns the REST side — OAuth, extension discovery, hook hygiene,
 * reconciliation with `current_calls`, click-to-dial through callback — and takes the hook requests
 * the intake hands it. Normalising is left to `normalise.ts`.
 *
 * Start-up: token → `GET /user` (client id) → phones, queues and IVRs (filtered by
 * `config.extensions`) → `extensions.known` → hook hygiene → `live` (or `degraded` with the reason)
 * → a full reconcile. Then a reconcile every `reconcileIntervalS`, sooner (after `confirmMissingMs`)
 * while a leg waits for its second look, and early when a request implies a lost one. Any API failure:
 * `down` with plain words, capped exponential back-off with jitter, then a full reconcile.
 */
import type { Logger } from 'pino';
import type { Capabilities, ConnectionStatus } from '@/lib/board';
import type { TTelphinConnection } from '@/lib/connection-config';
import { CommandError, type Connector, type ConnectorContext, type ConnectorSink, type DialRequest, type WebhookRequest } from '@/server/connectors/connector';
import { deriveWebhookToken } from '@/server/connectors/webhook-token';
import type { PbxEvent } from '@/server/domain/pbx-event';
import { logger as rootLogger } from '@/server/log';
import { backoffDelay, defaultBackoff, sleep, type BackoffPolicy } from '../backoff';
import { createTelphinClient, type TelphinClient, type TelphinClientOptions } from './client';
import { commandError } from './command-error';
import { discoverExtensions } from './discover-extensions';
import { shortNameOf, type TelphinExtension } from './extension-directory';
import { describeHookProblems, ensureHooks, type HookHygieneSummary } from './hook-hygiene';
import { createTelphinHookAdmin } from './hook-admin';
import type { HookAdmin } from '@/server/connectors/hook-admin';
import { issueLogger } from './issue-logger';
import { createTelphinNormaliser, type TelphinNormaliser } from './normalise';

export interface TelphinConnectorOptions {
  logger?: Logger;
  fetch?: typeof fetch;
  now?: () => Date;
  /** Reconnect back-off; default 1 s doubling to 30 s with jitter. */
  backoff?: Partial<BackoffPolicy>;
  requestTimeoutMs?: number;
  rateLimit?: TelphinClientOptions['rateLimit'];
  /** Overrides `reconcileIntervalS` (tests). */
  reconcileIntervalMs?: number;
  /** Second look before a leg missing from current_calls is ended; default 5 s. */
  confirmMissingMs?: number;
  /** Soonest an early reconcile follows the previous one; default 2 s. */
  minReconcileGapMs?: number;
  /** Rediscover extensions and re-check hooks this often; default 1 h, 0 = only at start. */
  rediscoverIntervalMs?: number;
  hookConcurrency?: number;
  /** Hook requests kept while extensions are being discovered; default 1000. */
  maxBufferedWebhooks?: number;
}

/** One Telphin client account: hooks push the calls, the REST API keeps them honest. */
export class TelphinConnector implements Connector {
  readonly vendor = 'telphin' as const;
  readonly id: string;
  readonly name: string;
  // No recording or answer control in the API we use; callback rings the user's phone first (§7).
  readonly capabilities: Capabilities = { record: false, answer: false, dial: true, hooks: true };
  readonly webhookToken: string;
  readonly hookAdmin: HookAdmin;

  private readonly client: TelphinClient;
  private readonly normaliser: TelphinNormaliser;
  private readonly log: Logger;
  private readonly now: () => Date;
  private readonly backoff: BackoffPolicy;
  private readonly intervalMs: number;
  private readonly confirmMs: number;
  private readonly minGapMs: number;
  private readonly rediscoverMs: number;
  private sink: ConnectorSink | null = null;
  private running: { abort: AbortController; loop: Promise<void> } | null = null;
  private buffered: WebhookRequest[] = [];
  private clientId: string | null = null;
  private hooks: HookHygieneSummary | null = null;
  private setupProblems: string[] = [];
  private reported: { status: ConnectionStatus; error: string | null } | null = null;
  private wake: (() => void) | null = null;
  private earlyReconcile = false;
  private restored = false;
  private lastReconcileAt = -Infinity;

  constructor(
    private readonly config: TTelphinConnection,
    private readonly context: ConnectorContext,
    private readonly options: TelphinConnectorOptions = {},
  ) {
    this.id = config.id;
    this.name = config.name;
    this.webhookToken = deriveWebhookToken(config.clientSecret, config.id);
    this.log = (options.logger ?? rootLogger).child({ connection: config.id, vendor: 'telphin' });
    this.now = options.now ?? (() => new Date());
    this.backoff = { ...defaultBackoff, ...options.backoff };
    this.intervalMs = options.reconcileIntervalMs ?? config.reconcileIntervalS * 1000;
    this.confirmMs = options.confirmMissingMs ?? 5_000;
    this.minGapMs = options.minReconcileGapMs ?? 2_000;
    this.rediscoverMs = options.rediscoverIntervalMs ?? 60 * 60_000;
    this.client = createTelphinClient({
      baseUrl: config.baseUrl,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      secrets: [this.webhookToken],
      requestTimeoutMs: options.requestTimeoutMs,
      rateLimit: options.rateLimit,
      logger: this.log,
      fetch: options.fetch,
    });
    this.normaliser = createTelphinNormaliser({ connectionId: config.id, onIssue: issueLogger(this.log) });
    this.hookAdmin = createTelphinHookAdmin({
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
      // The loop catches everything itself; reaching here is a bug worth a loud line, not a crash.
      this.log.error({ error: error instanceof Error ? error.message : String(error) }, 'Telphin loop stopped');
    });
    this.running = { abort, loop };
  }

  /** Aborts in-flight requests and waits; hooks stay registered on the PBX (the next start reuses them). */
  async stop(): Promise<void> {
    const running = this.running;
    this.running = null;
    this.sink = null;
    this.reported = null;
    this.buffered = [];
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
      if (request === null || typeof request !== 'object') return void this.log.warn('Telphin hook request without content: dropped');
      if (!this.sink) return void this.log.debug({ event: request.event }, 'Telphin hook request while stopped: dropped');
      if (!this.normaliser.directory()) {
        // Hooks from an earlier run fire before discovery finishes; they are applied right after it.
        if (this.buffered.length >= (this.options.maxBufferedWebhooks ?? 1000)) {
          this.buffered.shift();
          this.log.warn('Telphin hook requests arrive faster than discovery: the oldest buffered one was dropped');
        }
        this.buffered.push(request);
        return;
      }
      this.process(request);
    } catch (error) {
      this.log.error({ error: error instanceof Error ? error.message : String(error) }, 'Telphin hook request failed to apply');
    }
  }

  /** §7: the PBX rings `from` (the user's own phone) and, once picked up, dials `to`. */
  async dial({ from, to }: DialRequest): Promise<void> {
    if (!from) throw new CommandError('Telphin needs your own extension to ring first: set it in your profile.', 'unsupported');
    const dir = this.normaliser.directory();
    if (!dir || this.clientId === null) throw new CommandError('Not connected to Telphin yet; the call was not placed.', 'unreachable');
    const wanted = from.trim();
    const ext = dir.byShortName(shortNameOf(wanted));
    if (!ext || ext.kind !== 'phone' || (wanted.includes('*') && ext.name !== wanted)) {
      throw new CommandError(`${from} is not a phone extension of this Telphin account.`, 'rejected');
    }
    const dst = to.trim();
    if (!/^\+?[0-9*#]{1,40}$/.test(dst)) throw new CommandError(`"${to}" is not a number Telphin can dial.`, 'rejected');
    try {
      // §6.4: with the owner as its only source, the PBX reports just the owner's call to `dst`.
      const reply = await this.client.callback(ext.id, { src_num: [ext.shortName], dst_num: dst });
      this.log.info({ from: ext.shortName, to: dst, callId: reply.call_id }, 'Telphin callback placed');
    } catch (error) {
      throw commandError(error);
    }
  }

  /** Applies one request; never throws (it also runs inside start-up, for buffered requests). */
  private process(request: WebhookRequest): void {
    try {
      this.emit(this.normaliser.hook(request));
    } catch (error) {
      this.log.error({ error: error instanceof Error ? error.message : String(error) }, 'Telphin hook request failed to apply');
    }
    if (this.normaliser.takeLossSuspected()) {
      this.earlyReconcile = true;
      this.wake?.();
    }
  }

  private async run(signal: AbortSignal): Promise<void> {
    let failures = 0;
    let setupAt = -Infinity;
    let full = true;
    while (!signal.aborted) {
      try {
        // Every start discovers afresh (extensions and hooks may have changed while we were stopped).
        if (setupAt === -Infinity || (this.rediscoverMs > 0 && performance.now() - setupAt >= this.rediscoverMs)) {
          if (await this.setup(signal)) full = true;
          setupAt = performance.now();
        } else if (this.hooks && this.hooks.errors.length > 0 && !this.hooks.limitReached) {
          // Transient hook failures (not the limit) are retried once per interval, on those extensions only.
          if ((await this.retryHygiene(signal)) > 0) full = true;
        }
        if (signal.aborted) break;
        const suspects = await this.reconcile(full, signal);
        full = false;
        failures = 0;
        const problems = this.problems();
        this.report(problems ? 'degraded' : 'live', problems);
        await this.pause(suspects > 0 ? this.confirmMs : this.intervalMs, signal);
      } catch (error) {
        if (signal.aborted) break;
        failures += 1;
        // Whatever happened while we could not look, the next look is a full one.
        full = true;
        const message = error instanceof Error ? error.message : String(error);
        const delayMs = backoffDelay(failures, this.backoff);
        this.log.warn({ error: message, failures, retryInMs: delayMs }, 'Telphin API failed');
        this.report('down', message);
        await sleep(delayMs, signal);
      }
    }
  }

  /** Discovery and hook hygiene; true when hooks had to be created (requests were being missed). */
  private async setup(signal: AbortSignal): Promise<boolean> {
    const found = await discoverExtensions(this.client, this.config.extensions, signal);
    if (signal.aborted) return false;
    const { clientId, all, monitored, absent } = found;
    this.normaliser.setDirectory(all, new Set(monitored.map((ext) => ext.id)));
    this.clientId = clientId;
    this.log.info({ clientId, extensions: all.length, monitored: monitored.length, absent }, 'Telphin extensions discovered');
    this.emit([this.normaliser.known(this.now())]);
    if (!this.restored) {
      // Once per connector: the legs a previous process stored become ours before the first full
      // reconcile, which would otherwise end them and reopen their calls under CallAPIID ids.
      this.restored = true;
      const restored = this.normaliser.restore(this.context.storedLiveLegs?.() ?? [], this.now());
      if (restored > 0) this.log.info({ restored }, 'Telphin legs of the previous process taken over');
    }
    for (const request of this.buffered.splice(0)) this.process(request);

    this.setupProblems = [];
    if (absent.length > 0) this.setupProblems.push(`Not found on this Telphin account: ${absent.join(', ')}.`);
    if (monitored.length === 0) this.setupProblems.push('No phone, queue or IVR extension to monitor on this Telphin account.');
    this.hooks = await this.hygiene(signal, monitored);
    const problems = this.problems();
    this.report(problems ? 'degraded' : 'live', problems);
    return this.hooks.created > 0;
  }

  private async retryHygiene(signal: AbortSignal): Promise<number> {
    const before = this.hooks!;
    const names = new Set([...before.incomplete, ...before.errors.map((e) => e.extension)]);
    const retry = await this.hygiene(signal, (this.normaliser.directory()?.monitored() ?? []).filter((ext) => names.has(ext.shortName)));
    this.hooks = {
      ...retry,
      created: before.created + retry.created,
      deleted: before.deleted + retry.deleted,
      kept: before.kept + retry.kept,
    };
    return retry.created;
  }

  /** Why the board may miss calls (degraded), or null. */
  private problems(): string | null {
    const all = [this.hooks ? describeHookProblems(this.hooks) : null, ...this.setupProblems].filter(Boolean);
    return all.length > 0 ? all.join(' ') : null;
  }

  private async hygiene(signal: AbortSignal, extensions: readonly TelphinExtension[]): Promise<HookHygieneSummary> {
    const summary = await ensureHooks({
      client: this.client,
      connectionId: this.id,
      publicUrl: this.context.publicUrl,
      token: this.webhookToken,
      extensions,
      log: this.log,
      concurrency: this.options.hookConcurrency,
      signal,
    });
    const { created, deleted, kept, missing, limitReached } = summary;
    const line = { created, deleted, kept, missing, limitReached, errors: summary.errors.slice(0, 5) };
    if (missing > 0 || summary.errors.length > 0) this.log.warn(line, 'Telphin hook hygiene incomplete');
    else this.log.info(line, 'Telphin hook hygiene done');
    return summary;
  }

  private async reconcile(full: boolean, signal: AbortSignal): Promise<number> {
    const requestedAt = this.now();
    // Reset before asking: a loss suspected while the list is in flight earns another look.
    this.earlyReconcile = false;
    this.lastReconcileAt = performance.now();
    const calls = await this.client.currentCalls(this.clientId!, signal);
    if (signal.aborted) return 0;
    const result = this.normaliser.reconcile(calls, { requestedAt, now: this.now(), full, confirmMs: this.confirmMs });
    this.emit(result.events);
    const { ended, opened, suspects } = result;
    if (ended > 0 || opened > 0 || suspects > 0) this.log.info({ full, calls: calls.length, ended, opened, suspects }, 'Telphin reconciled with current_calls');
    return suspects;
  }

  /** Waits `ms`, or until a lost request is suspected — but never less than the minimal gap. */
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
      if (this.earlyReconcile) done();
    });
    await sleep(this.lastReconcileAt + this.minGapMs - performance.now(), signal);
  }

  /** Hands a batch to the projector; its failure is logged, never allowed to stop the connector. */
  private emit(events: PbxEvent[]): void {
    if (events.length === 0 || !this.sink) return;
    try {
      this.sink.events(events);
    } catch (error) {
      this.log.error({ error: error instanceof Error ? error.message : String(error), events: events.length }, 'Telphin events not applied');
    }
  }

  private report(status: ConnectionStatus, error: string | null): void {
    if (!this.sink || (this.reported?.status === status && this.reported.error === error)) return;
    this.reported = { status, error };
    this.sink.status(status, error);
  }
}

/** Builds a Telphin connector from its validated configuration. */
export function createTelphinConnector(config: TTelphinConnection, context: ConnectorContext, options?: TelphinConnectorOptions): TelphinConnector {
  return new TelphinConnector(config, context, options);
}
