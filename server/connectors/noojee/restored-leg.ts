/**
 * A leg a previous process stored (ConnectorContext.storedLiveLegs), back in the normaliser's memory.
 * After a restart (a crash, kill -9) the memory is empty, and a snapshot alone cannot tell which
 * round of a re-rung call (same uniqueCallId, A5) the PBX lists: named as round 1 it would reopen
 * round 1's ended leg and end the live later round. The stored legId says the round.
 */
import type { CallView, LegState } from '@/lib/board';
import type { RememberedLeg } from './leg-memory';
import type { TNoojeeStatus } from './schema';

const statusOf: Record<LegState, TNoojeeStatus> = {
  ringing: 'Ringing',
  dialing: 'Dialing Out',
  talking: 'Connected',
  held: 'Unlinked',
};

/** The remembered leg for a stored live leg, or null when its legId is not one this connection makes. */
export function restoredLeg(connectionId: string, extension: string, call: CallView): RememberedLeg | null {
  const round = Number(/~r(\d+)$/.exec(call.id)?.[1] ?? 1);
  // Only ids built exactly as the normaliser builds them (its legIdFor): anything else is not ours.
  const expected = `${connectionId}:${extension}:${call.vendorCallId}${round > 1 ? `~r${round}` : ''}`;
  if (call.id !== expected || !Number.isInteger(round) || round < 1) return null;
  const status = statusOf[call.state];
  return {
    extension,
    vendorCallId: call.vendorCallId,
    latestVendorCallId: call.vendorCallId,
    legId: call.id,
    round,
    status,
    peer: call.peer.number,
    inbound: call.direction !== 'outbound' && status !== 'Dialing Out',
    direction: call.direction,
    queue: call.queueId !== null,
    canAnswer: call.canAnswer,
    everConnected: call.answeredAt !== null,
    // As a fresh snapshot would count an Unlinked leg: one split so far.
    bridge: status === 'Unlinked' ? 1 : 0,
  };
}
