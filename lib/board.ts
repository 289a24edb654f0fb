/**
 * The canonical board model (DESIGN.md §3, a contract). Shared by the server and the browser, so this
 * file must stay free of Node-only imports.
 */
export type Vendor = 'noojee' | 'switchvox' | 'telphin' | 'voipnow';
export type ConnectionStatus = 'connecting' | 'live' | 'degraded' | 'down';
export type ExtensionKind = 'phone' | 'queue' | 'ivr' | 'conference' | 'other';
export type ExtensionState = 'idle' | 'ringing' | 'dialing' | 'talking' | 'held' | 'offline' | 'unknown';
export type LegState = 'ringing' | 'dialing' | 'talking' | 'held';
export type Direction = 'inbound' | 'outbound' | 'internal';
export type RecordingState = 'off' | 'starting' | 'on' | 'stopping';
export type CallOutcome = 'answered' | 'busy' | 'no_answer' | 'cancelled' | 'failed';

/**
 * Number of the stand-in queue for a vendor that only flags "came through a queue" without saying
 * which one (Noojee `isQueueCall`).
 */
export const QUEUE_UNKNOWN = 'queue';

export interface Capabilities {
  record: boolean;
  answer: boolean;
  dial: boolean;
  hooks: boolean;
}

export interface ConnectionView {
  id: string;
  vendor: Vendor;
  name: string;
  status: ConnectionStatus;
  lastEventAt: string | null;
  error: string | null;
  capabilities: Capabilities;
}

export interface CallView {
  id: string;
  vendorCallId: string;
  direction: Direction;
  peer: { number: string; name: string | null };
  state: LegState;
  startedAt: string;
  answeredAt: string | null;
  queueId: string | null;
  recording: RecordingState;
  /** Extension field: the vendor says this ringing leg may be answered remotely. */
  canAnswer: boolean;
  /** Extension field: legs of one call share it (queue statistics count calls, not legs). */
  callKey?: string;
}

export interface ExtensionView {
  id: string;
  connectionId: string;
  number: string;
  name: string | null;
  kind: ExtensionKind;
  state: ExtensionState;
  since: string;
  calls: CallView[];
}

export interface QueueWaiting {
  callId: string;
  caller: string;
  since: string;
}

export interface QueueAgent {
  extensionId: string;
  callId: string;
  state: 'ringing' | 'talking';
  since: string;
}

export interface QueueToday {
  offered: number;
  answered: number;
  abandoned: number;
  longestWaitS: number;
  serviceLevelPct: number | null;
}

export interface QueueView {
  id: string;
  connectionId: string;
  number: string;
  name: string | null;
  waiting: QueueWaiting[];
  agents: QueueAgent[];
  today: QueueToday;
}

/**
 * The server's own health as the board must show it (an addition to DESIGN.md §3): a database that
 * refuses writes (full disk, read-only file) is a visible error, never silent loss.
 */
export interface BoardHealth {
  storage: {
    ok: boolean;
    /** Plain words, e.g. `database or disk is full`; null when ok. */
    error: string | null;
    /** Canonical events received but not yet stored (held in memory and retried). */
    pendingEvents: number;
    /** Events given up after the in-memory limit was reached. */
    droppedEvents: number;
    since: string | null;
  };
}

export const HEALTHY: BoardHealth = { storage: { ok: true, error: null, pendingEvents: 0, droppedEvents: 0, since: null } };

export interface Board {
  seq: number;
  connections: ConnectionView[];
  extensions: ExtensionView[];
  queues: QueueView[];
  /** Absent from servers that predate it: read as healthy. */
  health?: BoardHealth;
}

/** State precedence on an extension with several legs (DESIGN.md §3). */
const precedence: LegState[] = ['talking', 'held', 'ringing', 'dialing'];

/** The extension state its live legs imply. */
export function extensionStateOf(calls: readonly CallView[]): ExtensionState {
  for (const state of precedence) if (calls.some((c) => c.state === state)) return state;
  return 'idle';
}
