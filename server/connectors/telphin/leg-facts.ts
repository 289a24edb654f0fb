/**
 * Who is on the other end of a Telphin leg, and how the leg ended (telphin.md §5.2, §11.6). Pure
 * helpers of the normaliser and the reconciler.
 */
import type { CallOutcome, Direction, LegState } from '@/lib/board';
import type { ExtensionDirectory } from './extension-directory';
import { shortNameOf } from './extension-directory';
import type { LegRole } from './leg-memory';
import type { THookParams } from './schema';

export interface Peer {
  number: string;
  name: string | null;
  direction: Direction;
}

/** A name worth showing: not blank, not just the number again (§5.2: the PBX often repeats it). */
export function cleanName(name: string | null | undefined, ...numbers: string[]): string | null {
  const trimmed = name?.trim();
  return trimmed && !numbers.includes(trimmed) ? trimmed : null;
}

/** Extension numbers show as the board's short name; other numbers as given. */
export function displayNumber(number: string, dir: ExtensionDirectory): string {
  return dir.isExtensionNumber(number) ? shortNameOf(number) : number;
}

/**
 * The other party of a leg placed by the owner (`out`): the number dialled; internal when that is
 * an extension of ours, unless the PBX forwarded the call outside (`Transfered=yes`, §6.3).
 */
export function calleePeer(p: THookParams, dir: ExtensionDirectory): Peer {
  const raw = p.CalledNumber ?? p.CalledExtension ?? '';
  const ext = p.CalledExtension || p.CalledExtensionID ? dir.find(p.CalledExtensionID, p.CalledExtension) : undefined;
  const internal = p.Transfered !== 'yes' && (ext !== undefined || dir.isExtensionNumber(raw));
  const number = displayNumber(raw, dir);
  return { number, name: internal ? (ext ?? dir.byShortName(number))?.label ?? null : null, direction: internal ? 'internal' : 'outbound' };
}

/**
 * The other party of a leg the owner receives (`in`): `RemoteNumber` after an internal transfer (the
 * caller shows the transferring extension then, §5.2), else the caller; internal when the caller is
 * one of our extensions and the call did not come in through a DID (§11.6).
 */
export function callerPeer(p: THookParams, dir: ExtensionDirectory): Peer {
  const raw = p.RemoteNumber ?? p.CallerIDNum ?? p.CallerExtension ?? '';
  const internal = !p.CalledDID && dir.isExtensionNumber(raw);
  const number = displayNumber(raw, dir);
  const label = internal ? (dir.byShortName(number)?.label ?? null) : null;
  const name = p.RemoteNumber ? label : (cleanName(p.CallerIDName, raw, number) ?? label);
  return { number, name, direction: internal ? 'internal' : 'inbound' };
}

const byStatus: Record<string, CallOutcome> = {
  ANSWER: 'answered',
  BUSY: 'busy',
  NOANSWER: 'no_answer',
  CANCEL: 'cancelled',
  CONGESTION: 'failed',
  CHANUNAVAIL: 'failed',
};

/** `CallStatus` of a hangup (§5.2) as an outcome; undefined when absent or unknown. */
export function outcomeOfStatus(status: string | undefined): CallOutcome | undefined {
  return status === undefined ? undefined : byStatus[status];
}

/**
 * How a leg ended. Phones and forwards: `CallStatus`. Queue `in` and IVR legs: `Bridged` (§11.6) —
 * the queue or menu answering the caller itself is not a conversation, so without `Bridged=yes`
 * (or, when it is missing, without an agent's answer) the caller hung up unserved.
 */
export function legOutcome(role: LegRole, status: string | undefined, bridged: string | undefined, answeredElsewhere: boolean, rank: number): CallOutcome {
  const byCallStatus = outcomeOfStatus(status);
  if (role === 'phone') return byCallStatus ?? (rank > 0 ? 'answered' : 'cancelled');
  if (bridged === 'yes') return 'answered';
  if (bridged === undefined && answeredElsewhere) return 'answered';
  return byCallStatus && byCallStatus !== 'answered' ? byCallStatus : 'cancelled';
}

/** The end a reconcile gives a leg the PBX no longer lists (no hangup ever came). */
export function guessedOutcome(role: LegRole, rank: number, answeredElsewhere: boolean): CallOutcome {
  if (role === 'ivr') return answeredElsewhere ? 'answered' : 'cancelled';
  return rank > 0 ? 'answered' : 'cancelled';
}

/** The state and rank an event puts a leg in; ranks only ever go up (§11.4). */
export function stateFor(role: LegRole, flow: 'in' | 'out', eventType: string): { state: LegState; rank: number } {
  if (role === 'ivr') return { state: 'talking', rank: 0 };
  if (eventType === 'answer') return { state: 'talking', rank: 1 };
  return { state: flow === 'out' ? 'dialing' : 'ringing', rank: 0 };
}
