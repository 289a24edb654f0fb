/**
 * The Telphin normaliser's small memory (DESIGN.md §2): live legs by (extension, SubCallID), legs
 * first learnt from `current_calls` (which names no SubCallID) until a hook request adopts them,
 * tombstones so a late or repeated request never reopens an ended leg (§11.4–§11.5), and which queue
 * calls were bridged. Bounded in age and size so a long-running connector does not grow.
 */
import type { LegFacts } from '@/server/domain/pbx-event';
import { ExpiringMarks } from '../expiring-marks';

/** How a leg's end is judged: by `CallStatus` (phones, forwards) or by `Bridged` (queue `in`, IVR; §11.6). */
export type LegRole = 'phone' | 'queue-in' | 'ivr';

export interface LiveLeg {
  /** `${extension}\0${SubCallID}`, or `${extension}\0api:${CallAPIID}` for a leg learnt from current_calls. */
  key: string;
  extension: string;
  role: LegRole;
  facts: LegFacts;
  /** 0 opened, 1 answered or bridged: requests never move a leg back (§11.4). */
  rank: number;
  callId: string | null;
  callApiId: string | null;
  /** Receive time of the latest request (or reconcile) that vouched for the leg, epoch ms. */
  lastSeenMs: number;
  /** Learnt from current_calls and not yet matched by a hook request. */
  synthetic: boolean;
  /** When a reconcile first missed the leg's call (its request time, epoch ms); null while listed. */
  missingSinceMs: number | null;
  /** Memory keys of the SubCallIDs that adopted this leg. */
  aliases: string[];
}

const sep = '\u0000';
export const legKey = (extension: string, subCallId: string) => `${extension}${sep}${subCallId}`;
/** The memory key of a leg learnt from current_calls, and the tombstone of a call on an extension. */
export const apiKey = (extension: string, callApiId: string) => `${extension}${sep}api:${callApiId}`;
const callKey = (extension: string, callId: string) => `${extension}${sep}call:${callId}`;

export class LegMemory {
  private readonly live = new Map<string, LiveLeg>();
  private readonly aliasMap = new Map<string, string>();
  /** Ended keys (their end time is the mark's). */
  private readonly tombstones: ExpiringMarks<true>;
  /** `${queue}\0${CallID}` → EventTime (µs) of the bridging `answer`. */
  private readonly bridged: ExpiringMarks<number>;
  /** CallIDs some phone answered. */
  private readonly answered: ExpiringMarks<true>;

  constructor(
    /** Tombstone life; §9 #11: requests of one call arrive within seconds, an hour is ample. */
    tombstoneMs = 60 * 60_000,
    limit = 50_000,
  ) {
    this.tombstones = new ExpiringMarks(tombstoneMs, limit);
    this.answered = new ExpiringMarks(tombstoneMs, limit);
    // Bridged marks are read within seconds of being set; their number alone bounds them.
    this.bridged = new ExpiringMarks(Infinity, limit / 5);
  }

  /** The key a request for (extension, SubCallID) is remembered by, following an adoption. */
  resolve(extension: string, subCallId: string): string {
    const key = legKey(extension, subCallId);
    return this.aliasMap.get(key) ?? key;
  }

  get(key: string): LiveLeg | undefined {
    return this.live.get(key);
  }

  set(leg: LiveLeg): void {
    this.live.set(leg.key, leg);
  }

  legs(): LiveLeg[] {
    return [...this.live.values()];
  }

  /** A leg learnt from current_calls on `extension` for this call, waiting to be adopted. */
  syntheticFor(extension: string, callApiId: string | undefined): LiveLeg | undefined {
    if (!callApiId) return undefined;
    const leg = this.live.get(apiKey(extension, callApiId));
    return leg?.synthetic ? leg : undefined;
  }

  /** A leg a previous process stored, under its own key (see the normaliser's `restore`). */
  restore(leg: LiveLeg): void {
    if (!this.live.has(leg.key) && !this.tombstones.has(leg.key)) this.live.set(leg.key, leg);
  }

  /** From now on, requests for (extension, SubCallID) update `leg`. */
  adopt(extension: string, subCallId: string, leg: LiveLeg): void {
    const key = legKey(extension, subCallId);
    this.aliasMap.set(key, leg.key);
    leg.aliases.push(key);
    leg.synthetic = false;
  }

  /** Forgets a live leg and keeps tombstones for it, its SubCallIDs and its call on that extension. */
  end(leg: LiveLeg, nowMs: number): void {
    this.live.delete(leg.key);
    const keys = [leg.key, ...leg.aliases];
    for (const alias of leg.aliases) this.aliasMap.delete(alias);
    if (leg.callApiId) keys.push(apiKey(leg.extension, leg.callApiId));
    if (leg.callId) keys.push(callKey(leg.extension, leg.callId));
    for (const key of keys) this.tombstones.set(key, true, nowMs);
  }

  isEnded(key: string, nowMs: number): boolean {
    this.tombstones.prune(nowMs);
    return this.tombstones.has(key);
  }

  /** Whether a leg of this call already lived and ended on `extension` (reconcile must not revive it). */
  callEndedOn(extension: string, callApiId: string | null, callId: string | null, nowMs: number): boolean {
    this.tombstones.prune(nowMs);
    return (callApiId !== null && this.tombstones.has(apiKey(extension, callApiId))) || (callId !== null && this.tombstones.has(callKey(extension, callId)));
  }

  /**
   * `extension`'s live leg of this call, if it has one; its latest round when it has several. A queue
   * ringing the phone again on the same call makes a new leg, and the earlier round is still here
   * when its hangup was lost: the call's state (its answer) is the latest round's (chaos C 403).
   */
  liveCall(extension: string, callApiId: string | null, callId: string | null): LiveLeg | undefined {
    // Insertion order: a leg keeps its place when updated, so the last match is the latest opened.
    return this.legs().findLast(
      (leg) => leg.extension === extension && ((callApiId !== null && leg.callApiId === callApiId) || (callId !== null && leg.callId === callId)),
    );
  }

  /** Whether `extension` has a live leg of this call. */
  hasLiveCall(extension: string, callApiId: string | null, callId: string | null): boolean {
    return this.liveCall(extension, callApiId, callId) !== undefined;
  }

  noteBridged(queue: string, callId: string, eventTimeUs: number, nowMs: number): void {
    const key = `${queue}${sep}${callId}`;
    if (!this.bridged.has(key)) this.bridged.set(key, eventTimeUs, nowMs);
    this.answered.set(callId, true, nowMs);
  }

  /** EventTime (µs) at which an agent of `queue` answered this call, if one did. */
  bridgedAt(queue: string, callId: string): number | undefined {
    return this.bridged.get(`${queue}${sep}${callId}`);
  }

  noteAnswered(callId: string, nowMs: number): void {
    this.answered.set(callId, true, nowMs);
  }

  /** Whether some phone (or a queue agent) answered this call. */
  wasAnswered(callId: string): boolean {
    return this.answered.has(callId);
  }
}
