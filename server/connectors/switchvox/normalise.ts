/**
 * Pure Switchvox normaliser (DESIGN.md §2): one `state.change.extension.line` notification →
 * canonical `PbxEvent`s, with a small per-line memory. No I/O; whatever it drops or tolerates is
 * reported through `onIssue` so the connector can log it.
 *
 * - One line = one leg: `legId = ${connectionId}:${extension}:${uniqueId}`, the extension being the
 *   configured one of the line's `account`. Memory, ordering and tombstones are per (account, uniqueId).
 * - States: ringing → ringing; starting, calling → dialing; onThePhone → talking; onHold → held; an
 *   unknown status keeps the line active in its previous state (talking when new) — §6.9.
 * - `idle` → `leg.end`: answered if the line was ever talking or held, no_answer if it only rang
 *   (inbound or internal), else cancelled (unanswered outbound, a `dial` the caller did not pick up).
 * - Direction: internal when the first remote has an `account` (not in a conference); toPbx → outbound; fromPbx → inbound,
 *   except a leg carrying our `dialData` (a `dial` rings the caller's own device, §7.3) → outbound.
 * - Keys: `${extension}:${uniqueId}:${serverTime}:${status}` (`#n` added when an equal serverTime
 *   brings different facts); `${extension}:${uniqueId}:end` for the one end of a line.
 * - `at`: serverTime on our clock, through the offset of the latest notification (§6.4, §7.4).
 */
import type { CallOutcome, Direction, LegState } from '@/lib/board';
import type { LegFacts, PbxEvent } from '@/server/domain/pbx-event';
import { ExpiringMarks } from '../expiring-marks';
import { LineMemory, type RememberedLine } from './line-memory';
import { LINE_TOPIC, ZLineEvent, ZNotification, type TLineEvent, type TSwitchvoxStatus } from './schema';

/** A watched account or a call queue, as configured. */
export interface SwitchvoxAccount {
  accountId: number;
  extension: string;
  name?: string;
}

export interface SwitchvoxIssue {
  /**
   * `invalid`: skipped, the message is malformed or not ours. `dropped`: a valid notification the
   * ordering rules discard (older serverTime, after idle). `deviation`: applied, but unusual.
   */
  kind: 'invalid' | 'dropped' | 'deviation';
  reason: string;
  message: unknown;
}

export interface SwitchvoxNormaliserOptions {
  connectionId: string;
  accounts: readonly SwitchvoxAccount[];
  queues?: readonly SwitchvoxAccount[];
  onIssue?: (issue: SwitchvoxIssue) => void;
  /** Tombstone life after `idle` (§11.6); default 10 min. */
  tombstoneMs?: number;
  /** §11.5: how long after the re-subscribe `true` a stale line may wait to be revived; default 60 s. */
  staleAfterSubscribeMs?: number;
}

export interface SwitchvoxNormaliser {
  /** `extensions.known`: accounts as phones, queues as queues. */
  known(receivedAt: Date): PbxEvent;
  /** One `notification` event argument, as received. */
  notification(message: unknown, receivedAt: Date): PbxEvent[];
  /** §11.5: on (re)connect every live line becomes stale until a notification revives it. */
  markAllStale(): number;
  /** The PBX answered a (re-)subscribe `true` at `now`: stale lines start their wait for revival. */
  subscribed(now: Date): void;
  /** When `endStale` next has something to do, or null. */
  nextStaleDeadline(): Date | null;
  /**
   * Ends the stale lines whose wait is over (`leg.end`), then, once the first subscribe of this
   * memory is as old, states the live lines as authoritative (`extensions.resync`), which also
   * clears legs a previous process left on the board.
   */
  endStale(now: Date): PbxEvent[];
  /** Remembers the destination of a `dial` we sent, shown as the peer until the PBX names one. */
  noteDial(requestId: string, to: string): void;
  /** The PBX's `serverUuid`, once a notification told it (§6.1, §11.10). */
  serverUuid(): string | null;
  /** `serverTime − localReceiveTime` of the latest notification (§6.4, §7.4); null before any. */
  clockOffsetMs(): number | null;
}

const states: Record<Exclude<TSwitchvoxStatus, 'idle'>, LegState> = {
  ringing: 'ringing',
  starting: 'dialing',
  calling: 'dialing',
  onThePhone: 'talking',
  onHold: 'held',
};

/** Creates a normaliser for one connection; its memory lives as long as the returned object. */
const QUEUE_CALL_GAP_MS = 30_000;
/** A line idle this soon after its start was never answered: nobody picks up within a second. */
const BRIEF_LINE_MS = 1_000;

export function createSwitchvoxNormaliser(options: SwitchvoxNormaliserOptions): SwitchvoxNormaliser {
  const { connectionId } = options;
  const accounts = new Map(options.accounts.map((a) => [a.accountId, a]));
  const queues = new Map((options.queues ?? []).map((q) => [q.accountId, q]));
  const memory = new LineMemory(options.tombstoneMs);
  const staleMs = options.staleAfterSubscribeMs ?? 60_000;
  // Legs an earlier process left on the board are not in this memory: they are stale from the start,
  // and the resync ends those not seen again by the time the first subscribe is staleMs old.
  let boardSweepAt: number | null = null;
  let boardSwept = false;
  const issue = options.onIssue ?? (() => {});
  const dials = new Map<string, string>();
  let serverUuid: string | null = null;
  let clock: { offsetMs: number; latestServerTime: number } | null = null;
  let resyncs = 0;

  /** serverTime on our clock: the latest notification's offset (§7.4), so durations are local. */
  const localTime = (serverTime: number) => new Date(serverTime - (clock?.offsetMs ?? 0)).toISOString();

  /**
   * Switchvox gives every agent's line of a ring-all queue call its own uniqueId (§7.2), and nothing
   * names the caller's call. Lines of one queue from the same caller number that overlap, or follow
   * within QUEUE_CALL_GAP_MS (a re-ring after the ring timeout), are taken as one call, so queue
   * figures count calls, not agent lines. A caller who hangs up and calls back within that gap
   * counts once: the price of having no call id.
   */
  const queueCalls = new ExpiringMarks<{ callKey: string; lastSeenMs: number }>(Infinity, 10_000);
  function queueCallKey(ev: TLineEvent, nowMs: number): string {
    const queue = ev.queueId ? String(ev.queueId.accountId) : null;
    const caller = ev.remotes[0]?.number;
    if (!queue || !caller) return ev.uniqueId;
    const group = `${queue}|${caller}`;
    const recent = queueCalls.get(group);
    const callKey = recent && nowMs - recent.lastSeenMs < QUEUE_CALL_GAP_MS ? recent.callKey : ev.uniqueId;
    queueCalls.set(group, { callKey, lastSeenMs: nowMs });
    return callKey;
  }

  function queueNumber(ev: TLineEvent): string | null {
    if (!ev.queueId) return null;
    return queues.get(ev.queueId.accountId)?.extension ?? `q${ev.queueId.accountId}`;
  }

  function dialRequestId(ev: TLineEvent): string | null {
    const data = ev.dialData;
    if (typeof data !== 'object' || data === null) return null;
    const id = (data as { linesightRequestId?: unknown }).linesightRequestId;
    return typeof id === 'string' ? id : null;
  }

  function peerOf(ev: TLineEvent, known: RememberedLine | undefined, dialTo: string | undefined): LegFacts['peer'] {
    // A conference line shows the bridge: its remotes, if any, are participants, not "the" peer (§6.6).
    if (ev.conference) return { number: ev.conference.extension ?? '', name: ev.conference.name ?? (ev.conference.extension ? null : 'Conference') };
    const first = ev.remotes[0];
    if (first && (first.number || first.name)) return { number: first.number, name: first.name || null };
    // `[]` means "not known yet" (§6.3): keep what we had, or the number we asked to dial.
    return known?.facts.peer ?? { number: dialTo ?? '', name: null };
  }

  function directionOf(ev: TLineEvent, known: RememberedLine | undefined, ourDial: boolean, state: LegState): Direction {
    // A conference's remotes are participants in any order: they do not make the line internal.
    if (!ev.conference && ev.remotes[0]?.account) return 'internal';
    if (ev.direction === 'toPbx') return 'outbound';
    // A `dial` rings the caller's own device as `fromPbx` (§6.7, §7.3): it is the caller's outbound call.
    if (ev.direction === 'fromPbx') return ourDial ? 'outbound' : 'inbound';
    if (ourDial) return 'outbound';
    return known?.facts.direction ?? (state === 'dialing' ? 'outbound' : 'inbound');
  }

  function outcomeOf(line: RememberedLine): CallOutcome {
    if (line.answered) return 'answered';
    // Rang and went idle unanswered: a missed call for this extension (taken elsewhere, abandoned).
    // A `dial` ringing the caller's own device is outbound: the caller gave up on their own call.
    return line.facts.state === 'ringing' && line.facts.direction !== 'outbound' ? 'no_answer' : 'cancelled';
  }

  function end(line: RememberedLine, at: string, nowMs: number, raw: unknown): PbxEvent {
    memory.end(line.extension, line.uniqueId, nowMs);
    const key = `${line.extension}:${line.uniqueId}:end`;
    return { type: 'leg.end', connectionId, key, at, raw, extension: line.extension, legId: line.facts.legId, outcome: outcomeOf(line) };
  }

  /** The leg a notification describes in `state`, over what we knew of the line. */
  function lineFacts(ev: TLineEvent, extension: string, state: LegState, known: RememberedLine | undefined): LegFacts {
    const requestId = dialRequestId(ev);
    return {
      extension,
      legId: `${connectionId}:${extension}:${ev.uniqueId}`,
      vendorCallId: ev.uniqueId,
      direction: directionOf(ev, known, requestId !== null, state),
      peer: peerOf(ev, known, requestId ? dials.get(requestId) : undefined),
      state,
      queueNumber: queueNumber(ev),
      // The Realtime API has no answer method (§4.6).
      canAnswer: false,
    };
  }

  /**
   * A line whose idle is the only notification we got (its `starting`/`ringing` reordered behind it,
   * or lost with a socket) and that lived too briefly to be answered, such as a call to a busy
   * extension: the idle carries the full §5.2 member set, so it still describes the leg. Upsert and
   * end share a batch (no tile shows it) and keep fixed keys (a replay is a repeat).
   */
  function briefLine(ev: TLineEvent, extension: string, at: string, message: unknown): PbxEvent[] {
    const state: LegState = ev.direction === 'toPbx' || dialRequestId(ev) !== null ? 'dialing' : 'ringing';
    const facts = lineFacts(ev, extension, state, undefined);
    const outcome: CallOutcome = state === 'ringing' && facts.direction !== 'outbound' ? 'no_answer' : 'cancelled';
    return [
      { type: 'leg.upsert', connectionId, key: `${extension}:${ev.uniqueId}:idle-only`, at: localTime(ev.startTime ?? ev.serverTime), raw: message, leg: facts },
      { type: 'leg.end', connectionId, key: `${extension}:${ev.uniqueId}:end`, at, raw: message, extension, legId: facts.legId, outcome },
    ];
  }

  function apply(ev: TLineEvent, extension: string, message: unknown, receivedAt: Date): PbxEvent[] {
    const nowMs = receivedAt.getTime();
    if (memory.isTombstoned(extension, ev.uniqueId, nowMs)) {
      issue({ kind: 'dropped', reason: 'line already ended', message });
      return [];
    }
    const known = memory.get(extension, ev.uniqueId);
    if (known) {
      known.stale = false;
      known.staleUntil = null;
    }
    if (known && ev.serverTime < known.lastServerTime) {
      issue({ kind: 'dropped', reason: 'older than the last applied notification', message });
      return [];
    }
    const at = localTime(ev.serverTime);
    if (ev.status === 'idle') {
      if (known) return [end(known, at, nowMs, message)];
      memory.end(extension, ev.uniqueId, nowMs);
      if (ev.startTime !== null && ev.serverTime - ev.startTime <= BRIEF_LINE_MS) return briefLine(ev, extension, at, message);
      // Never seen live, and long enough to have been answered: the idle cannot say whether it was. A
      // leg restored from an earlier process is ended by the stale sweep, which knows.
      issue({ kind: 'dropped', reason: 'idle for a line never seen live', message });
      return [];
    }

    const mapped = states[ev.status as keyof typeof states] as LegState | undefined;
    if (!mapped) issue({ kind: 'deviation', reason: `unknown status "${ev.status}" kept as an active line`, message });
    // §6.9: an unknown status keeps the line active; it keeps its state, or counts as talking if new.
    const state = mapped ?? known?.facts.state ?? 'talking';
    if (ev.direction !== null && ev.direction !== 'toPbx' && ev.direction !== 'fromPbx') {
      issue({ kind: 'deviation', reason: `unknown direction "${ev.direction}"`, message });
    }
    const facts = lineFacts(ev, extension, state, known);
    const callKey = known ? known.facts.callKey : queueCallKey(ev, nowMs);
    if (callKey && callKey !== ev.uniqueId) facts.callKey = callKey;
    const line: RememberedLine = {
      extension,
      uniqueId: ev.uniqueId,
      lastServerTime: ev.serverTime,
      rawStatus: ev.status,
      facts,
      answered: (known?.answered ?? false) || state === 'talking' || state === 'held',
      stale: false,
      staleUntil: null,
      keyBase: known?.keyBase ?? '',
      keyRevision: known?.keyRevision ?? 0,
    };
    // §11.7: a repeat that changes none of the facts changes nothing.
    if (known && JSON.stringify(known.facts) === JSON.stringify(facts)) {
      memory.set(line);
      return [];
    }
    // The fact is (line, serverTime, status): a duplicate or replayed notification maps to the same
    // key. Equal serverTime with different facts (§11.6: later arrival wins) gets a revision suffix.
    const base = `${extension}:${ev.uniqueId}:${ev.serverTime}:${ev.status}`;
    line.keyRevision = known?.keyBase === base ? known.keyRevision + 1 : 0;
    line.keyBase = base;
    memory.set(line);
    const key = line.keyRevision > 0 ? `${base}#${line.keyRevision}` : base;
    // A line first seen mid-call (after a reconnect, or a subscription the PBX refused for a while)
    // began at its `startTime` (§5.2, constant per line), not when we first heard of it.
    const startedAt = !known && ev.startTime !== null && ev.startTime <= ev.serverTime ? localTime(ev.startTime) : at;
    return [{ type: 'leg.upsert', connectionId, key, at: startedAt, raw: message, leg: facts }];
  }

  return {
    known(receivedAt) {
      const at = receivedAt.toISOString();
      const extensions = [
        ...options.accounts.map((a) => ({ number: a.extension, name: a.name ?? null, kind: 'phone' as const })),
        ...(options.queues ?? []).map((q) => ({ number: q.extension, name: q.name ?? null, kind: 'queue' as const })),
      ];
      return { type: 'extensions.known', connectionId, key: `known:${at}:${extensions.map((e) => e.number).join(',')}`, at, extensions };
    },

    notification(message, receivedAt) {
      const envelope = ZNotification.safeParse(message);
      if (!envelope.success) {
        issue({ kind: 'invalid', reason: 'not a JSON-RPC notification', message });
        return [];
      }
      const { topic, data, hasId } = envelope.data;
      if (topic !== LINE_TOPIC) {
        issue({ kind: 'invalid', reason: `topic "${topic}" not subscribed`, message });
        return [];
      }
      if (hasId) issue({ kind: 'deviation', reason: 'notification carries an id (§5.1)', message });
      const parsed = ZLineEvent.safeParse(data);
      if (!parsed.success) {
        const fields = parsed.error.issues.map((i) => i.path.join('.') || i.message).join(', ');
        issue({ kind: 'invalid', reason: `malformed line event: ${fields}`, message });
        return [];
      }
      const ev = parsed.data;
      serverUuid ??= ev.account.serverUuid;
      const receivedMs = receivedAt.getTime();
      // Offset from the latest notification by server time: a late, reordered one keeps its own time.
      if (!clock || ev.serverTime >= clock.latestServerTime) clock = { offsetMs: ev.serverTime - receivedMs, latestServerTime: ev.serverTime };
      const account = accounts.get(ev.account.accountId);
      if (!account) {
        issue({ kind: 'invalid', reason: `account ${ev.account.accountId} is not watched`, message });
        return [];
      }
      return apply(ev, account.extension, message, receivedAt);
    },

    markAllStale() {
      // A PBX restart may have moved its clock: let the next notification set the offset afresh.
      if (clock) clock.latestServerTime = -Infinity;
      return memory.markAllStale();
    },

    subscribed(now) {
      const until = now.getTime() + staleMs;
      memory.startStaleClocks(until);
      boardSweepAt ??= until;
    },

    nextStaleDeadline() {
      const lines = memory.nextStaleDeadline();
      const board = boardSwept ? null : boardSweepAt;
      const next = lines === null ? board : board === null ? lines : Math.min(lines, board);
      return next === null ? null : new Date(next);
    },

    endStale(now) {
      const at = now.toISOString();
      const nowMs = now.getTime();
      const out: PbxEvent[] = [];
      for (const line of memory.lines()) {
        if (line.stale && line.staleUntil !== null && line.staleUntil <= nowMs) out.push(end(line, at, nowMs, { stale: true, uniqueId: line.uniqueId }));
      }
      if (boardSweepAt === null || boardSweepAt > nowMs) return out;
      boardSwept = true;
      const extensions = options.accounts.map((a) => a.extension);
      const legs = memory.lines().map((line) => line.facts);
      out.push({ type: 'extensions.resync', connectionId, key: `resync:${at}:${++resyncs}`, at, extensions, legs });
      return out;
    },

    noteDial(requestId, to) {
      dials.set(requestId, to);
      for (const old of dials.keys()) {
        if (dials.size <= 200) break;
        dials.delete(old);
      }
    },

    serverUuid: () => serverUuid,
    clockOffsetMs: () => clock?.offsetMs ?? null,
  };
}
