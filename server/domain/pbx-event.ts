import type { CallOutcome, Direction, ExtensionKind, LegState, RecordingState } from '@/lib/board';

/** What a normaliser knows about one live leg (one call on one extension). */
export interface LegFacts {
  /** Bare extension number on its connection (no tech prefix). */
  extension: string;
  /** Canonical leg id, stable for the leg's life: `${connectionId}:${extension}:${vendorCallId}`. */
  legId: string;
  vendorCallId: string;
  direction: Direction;
  peer: { number: string; name: string | null };
  state: LegState;
  /**
   * Queue number the leg came through; `null` when not a queue call. A vendor that only flags
   * "came through a queue" without saying which (Noojee `isQueueCall`) uses `QUEUE_UNKNOWN`.
   */
  queueNumber: string | null;
  canAnswer: boolean;
  /**
   * Groups the legs of one call for queue statistics when the vendor gives each leg its own id
   * (Switchvox ring-all: one line per agent). Default: `vendorCallId`.
   */
  callKey?: string;
}

export { QUEUE_UNKNOWN } from '@/lib/board';

interface EventBase {
  connectionId: string;
  /** Idempotency key, unique per vendor fact within a connection: a repeat is dropped. */
  key: string;
  /** When the vendor says (or, lacking that, when we received) the fact happened, ISO-8601. */
  at: string;
  /** The vendor payload this event came from, stored with the event. */
  raw?: unknown;
}

/** Canonical events: the only input of the projector. */
export type PbxEvent = EventBase &
  (
    | { type: 'leg.upsert'; leg: LegFacts }
    | { type: 'leg.end'; extension: string; legId: string; outcome: CallOutcome }
    /** Authoritative state of these extensions (a vendor snapshot): legs not listed have ended. */
    | { type: 'extensions.resync'; extensions: string[]; legs: LegFacts[] }
    /** The extensions this connection monitors (config or vendor discovery). */
    | { type: 'extensions.known'; extensions: { number: string; name: string | null; kind: ExtensionKind }[] }
    /** Recording state changed by a Linesight command (vendors like Noojee never report it). */
    | { type: 'leg.recording'; legId: string; recording: RecordingState }
    /**
     * Where the vendor's stream stands once the events before it are stored (a Noojee `seq`): stored
     * in the same transaction as them, never logged as an event; a restarted connector resumes there.
     */
    | { type: 'stream.position'; position: string }
  );

export type PbxEventType = PbxEvent['type'];
