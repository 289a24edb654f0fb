import type { Capabilities, ConnectionStatus, ExtensionView, Vendor } from '@/lib/board';
import type { PbxEvent } from '@/server/domain/pbx-event';
import type { HookAdmin } from './hook-admin';

/** Where a connector delivers what it learns. */
export interface ConnectorSink {
  /** One batch of canonical events, applied by the projector in one transaction. */
  events(batch: PbxEvent[]): void;
  status(status: ConnectionStatus, error?: string | null): void;
}

/** The leg a command targets, as the vendor knows it. */
export interface LegRef {
  extension: string;
  vendorCallId: string;
}

/** A command the PBX refused or could not be reached for; `message` is shown to the user. */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly reason: 'unsupported' | 'rejected' | 'unreachable',
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

/** One running link to one PBX. Transport only: normalising is done by the vendor's normaliser. */
export interface Connector {
  readonly id: string;
  readonly vendor: Vendor;
  readonly name: string;
  readonly capabilities: Capabilities;
  /** Starts the connection loop; it reconnects by itself and never gives up until `stop`. */
  start(sink: ConnectorSink): void;
  stop(): Promise<void>;
  /**
   * The PBX itself reports whether a call is being recorded (VoipNow's active-call view): after a
   * successful start/stop the tile waits for that report instead of assuming the new state.
   */
  readonly reportsRecording?: boolean;
  startRecording?(leg: LegRef): Promise<void>;
  stopRecording?(leg: LegRef): Promise<void>;
  answer?(leg: LegRef): Promise<void>;
  /**
   * Click-to-dial: ring `from` (an extension of this PBX; null = the connection's own, e.g. the
   * Switchvox login extension) and, once answered, connect it to `to` (an extension or a number).
   * Resolves when the PBX accepted the request, not when anyone answered.
   */
  dial?(request: DialRequest): Promise<void>;
  /**
   * For vendors that push events to us over HTTP (Telphin, VoipNow): the secret our hook URLs carry
   * as `?token=` (compared in constant time by the intake before anything is stored).
   */
  readonly webhookToken?: string;
  /**
   * One webhook request, already authenticated and stored raw by the intake, which has answered 200.
   * Must not throw: bad input is logged and dropped.
   */
  receiveWebhook?(request: WebhookRequest): void;
  /** Live management of each extension's hooks on the PBX, for the admin forms. */
  readonly hookAdmin?: HookAdmin;
}

export interface WebhookRequest {
  /** The `{event}` path segment of `/hooks/{connectionId}/{event}`. */
  event: string;
  /** Query (GET) or form/JSON body (POST) parameters as strings, without our `token`. */
  params: Record<string, string>;
  receivedAt: Date;
}

/** What a connector learns from the server that runs it. */
export interface ConnectorContext {
  /** Base URL a PBX can reach us at (PUBLIC_URL, or the listening URL in demo mode). */
  publicUrl: string;
  /**
   * The connection's extensions with the live legs a previous process stored (after a restart or a
   * crash): a connector whose vendor names legs in several ways can adopt them instead of ending them
   * and opening the same calls again under other ids.
   */
  storedLiveLegs?: () => ExtensionView[];
  /**
   * When a stored leg ended (`null`: live or never stored). After a restart the connector's memory of
   * ended legs is gone; a vendor that reuses a call id for a new round of the same leg needs it to
   * tell "round 1 again" (final, ignored) from "round 2".
   */
  storedLegEndedAt?: (legId: string) => Date | null;
  /**
   * The stream position (a `stream.position` event) stored with the last batch a previous process
   * committed, and when: a vendor whose server replays from a position (Noojee `seq`) resumes there
   * after a restart and gets what happened while we were down, instead of a snapshot's guess.
   */
  storedStreamPosition?: () => { position: string; at: Date } | null;
}

export interface DialRequest {
  from: string | null;
  to: string;
}
