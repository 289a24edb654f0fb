/**
 * Noojee connector (DESIGN.md §2): owns the CallManagementAPI transport — the subscribe loop and the
 * recording / answer commands. Normalising is left to `normalise.ts`.
 */
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Capabilities } from '@/lib/board';
import { CommandError, type Connector, type ConnectorContext, type ConnectorSink, type DialRequest, type LegRef } from '@/server/connectors/connector';
import { watchedNames, watchedNumbers, type TNoojeeConnection } from '@/lib/connection-config';
import { logger as rootLogger } from '@/server/log';
import { defaultBackoff, type BackoffPolicy } from '../backoff';
import { createNoojeeClient, type NoojeeClient } from './client';
import { NoojeeError } from './noojee-error';
import { createNoojeeNormaliser, type NoojeeNormaliser } from './normalise';
import { runSubscribeLoop } from './subscribe-loop';

/** Yealink's auto-answer header, the vendor client's first example (§2.2). */
export const DEFAULT_ANSWER_STRING = 'Call-info:answer-after=0';

export interface NoojeeConnectorOptions {
  logger?: Logger;
  fetch?: typeof fetch;
  /** Reconnect backoff; defaults to 1 s doubling to 30 s with full jitter (§4 step 3). */
  backoff?: Partial<BackoffPolicy>;
  /** A4 floor between polls; default 100 ms. */
  minPollIntervalMs?: number;
  /** After failing this long, resync from a snapshot rather than replay; default 5 min. */
  replayWindowMs?: number;
  /** Added to the poll's `timeOut` for the HTTP read timeout; default 10 s (§4 step 2). */
  readTimeoutMarginMs?: number;
  /** Timeout of command requests; default 10 s. */
  commandTimeoutMs?: number;
  /** Handset auto-answer header for `answer` (§2.2); to become per-connection configuration. */
  answerString?: string;
  now?: () => Date;
  /**
   * The live legs a previous process stored (ConnectorContext.storedLiveLegs): taken over before the
   * first snapshot, so a re-rung call keeps its round's legId across a restart (normalise.ts).
   */
  storedLiveLegs?: ConnectorContext['storedLiveLegs'];
  /**
   * When a stored leg ended (ConnectorContext.storedLegEndedAt): a call re-rung while we were down
   * opens the round after its last stored ended one instead of that ended (final) legId.
   */
  storedLegEndedAt?: ConnectorContext['storedLegEndedAt'];
  /** The stream position a previous process stored (ConnectorContext.storedStreamPosition): resume `subscribe` from it. */
  storedStreamPosition?: ConnectorContext['storedStreamPosition'];
}

/**
 * The stored position: the `seq` and which stream it belongs to (server + watched extensions). A seq
 * of another server, or of a list missing extensions we now watch, would replay the wrong history or
 * none for the new ones (§4 client step 5), so a mismatch starts from a snapshot.
 */
const ZStoredPosition = z.object({ seq: z.number().int().nonnegative(), stream: z.string() });

/** One Noojee PBX: a long-poll subscription on the configured extensions plus commands. */
export class NoojeeConnector implements Connector {
  readonly vendor = 'noojee' as const;
  readonly id: string;
  readonly name: string;
  // Noojee has no hook API (§2); `dial` rings any extension of the PBX first (§2.3).
  readonly capabilities: Capabilities = { record: true, answer: true, dial: true, hooks: false };

  private readonly client: NoojeeClient;
  private readonly normaliser: NoojeeNormaliser;
  private readonly log: Logger;
  private readonly now: () => Date;
  private running: { abort: AbortController; loop: Promise<void> } | null = null;
  private restored = false;

  constructor(
    private readonly config: TNoojeeConnection,
    private readonly options: NoojeeConnectorOptions = {},
  ) {
    this.id = config.id;
    this.name = config.name;
    this.log = (options.logger ?? rootLogger).child({ connection: config.id, vendor: 'noojee' });
    this.now = options.now ?? (() => new Date());
    this.client = createNoojeeClient({
      baseUrl: config.baseUrl,
      apiKey: config.apiKey,
      requestTimeoutMs: options.commandTimeoutMs,
      logger: this.log,
      fetch: options.fetch,
    });
    this.normaliser = createNoojeeNormaliser({
      connectionId: config.id,
      extensions: watchedNumbers(config.extensions),
      names: watchedNames(config.extensions),
      storedLegEndedAt: options.storedLegEndedAt,
      onSkip: (reason, detail) => this.log.warn({ reason, exten: detail.exten, entry: detail.entry }, 'Noojee entry skipped'),
    });
  }

  start(sink: ConnectorSink): void {
    if (this.running) return;
    const abort = new AbortController();
    sink.events([this.normaliser.known(this.now())]);
    if (!this.restored) {
      // Once per connector: later starts keep the memory this one built.
      this.restored = true;
      const restored = this.normaliser.restore(this.options.storedLiveLegs?.() ?? []);
      if (restored > 0) this.log.info({ restored }, 'Noojee legs of the previous process taken over');
    }
    const stream = createHash('sha256').update(`${this.config.baseUrl}\n${watchedNumbers(this.config.extensions).join(',')}`).digest('hex').slice(0, 16);
    const loop = runSubscribeLoop({
      client: this.client,
      normaliser: this.normaliser,
      sink,
      extensions: watchedNumbers(this.config.extensions),
      pollTimeoutS: this.config.pollTimeoutS,
      readTimeoutMarginMs: Math.max(this.options.readTimeoutMarginMs ?? 10_000, 0),
      minPollIntervalMs: this.options.minPollIntervalMs ?? 100,
      replayWindowMs: this.options.replayWindowMs ?? 5 * 60_000,
      backoff: { ...defaultBackoff, ...this.options.backoff },
      resumeFrom: this.resumePoint(stream),
      positionEvent: (seq, at) => {
        const iso = at.toISOString();
        return { type: 'stream.position', connectionId: this.id, key: `position:${seq}:${iso}`, at: iso, position: JSON.stringify({ seq, stream }) };
      },
      log: this.log,
      now: this.now,
      signal: abort.signal,
    }).catch((error: unknown) => {
      // The loop catches everything itself; reaching here is a bug worth a loud line, not a crash.
      this.log.error({ error: error instanceof Error ? error.message : String(error) }, 'Noojee subscribe loop stopped');
    });
    this.running = { abort, loop };
  }

  /** The stored `seq` to resume from, when it belongs to this very stream; read at every start. */
  private resumePoint(stream: string): { seq: number; reachedAt: Date } | null {
    const stored = this.options.storedStreamPosition?.();
    if (!stored) return null;
    let parsed: z.infer<typeof ZStoredPosition> | null = null;
    try {
      const result = ZStoredPosition.safeParse(JSON.parse(stored.position));
      if (result.success) parsed = result.data;
    } catch {
      // Not JSON: treated like any unusable position below.
    }
    if (!parsed || parsed.stream !== stream) {
      this.log.info('Noojee stored position is for another server or extension list: starting from a snapshot');
      return null;
    }
    return { seq: parsed.seq, reachedAt: stored.at };
  }

  /** Aborts the in-flight poll and any backoff wait; resolves once the loop has exited. */
  async stop(): Promise<void> {
    const running = this.running;
    this.running = null;
    if (!running) return;
    running.abort.abort();
    await running.loop;
  }

  async startRecording(leg: LegRef): Promise<void> {
    await this.command(() => this.client.start({ uniqueCallId: this.normaliser.vendorCallIdFor(leg) }));
  }

  async stopRecording(leg: LegRef): Promise<void> {
    await this.command(() => this.client.stop({ uniqueCallId: this.normaliser.vendorCallIdFor(leg) }));
  }

  async answer(leg: LegRef): Promise<void> {
    const answerString = this.options.answerString ?? DEFAULT_ANSWER_STRING;
    await this.command(() => this.client.answer({ uniqueId: this.normaliser.vendorCallIdFor(leg), exten: leg.extension, answerString }));
  }

  /** §2.3: the PBX rings `from` (tech-prefixed) first, then dials `to` once it answers. */
  async dial({ from, to }: DialRequest): Promise<void> {
    if (!from) throw new CommandError('Noojee needs your own extension to ring first: set it in your profile.', 'unsupported');
    await this.command(() => this.client.dial({ number: to, extension: from, tech: this.config.tech, autoAnswer: this.options.answerString }));
  }

  /** Maps client failures onto the contract's CommandError (its message is shown to the user). */
  private async command(run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
    } catch (error) {
      if (error instanceof NoojeeError && error.kind === 'rejected') {
        throw new CommandError(error.details.vendorMessage ?? error.message, 'rejected');
      }
      const message = error instanceof Error ? error.message : 'The Noojee server could not be reached.';
      throw new CommandError(message, 'unreachable');
    }
  }
}

/** Builds a Noojee connector from its validated configuration. */
export function createNoojeeConnector(config: TNoojeeConnection, options?: NoojeeConnectorOptions): NoojeeConnector {
  return new NoojeeConnector(config, options);
}
