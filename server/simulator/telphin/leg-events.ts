import type { Clock } from '../engine/clock';
import { hex32, type CallStatus, type TCall, type TLeg } from './legs';
import type { TelphinExtension, TelphinTenant } from './tenant';

/** One event as the PBX generates it, before it is fanned out to the owner's hooks. */
export interface TelphinEvent {
  owner: TelphinExtension;
  params: Record<string, string>;
  uniqueCallId: string;
}

/**
 * Opens, answers and closes Telphin legs and writes the §5.2 parameters of each event: only the ones
 * that apply, all strings, `EventTime` and `Duration` in microseconds.
 */
export class LegEvents {
  private lastUs = 0;

  constructor(
    private readonly clock: Clock,
    readonly tenant: TelphinTenant,
    private readonly sink: (event: TelphinEvent) => void,
    /** Asked once per hangup that has a recording: `true` leaves `RecID` out (telphin.md §5.2). */
    private readonly dropRecId: () => boolean,
  ) {}

  /** Microseconds since the epoch on the engine clock, strictly increasing across the facade. */
  now(): number {
    const us = Math.max(this.clock.now() * 1000, this.lastUs + 1);
    this.lastUs = us;
    return us;
  }

  /** `CallerExtension` / `CalledExtension` with its numeric id. */
  ext(side: 'Caller' | 'Called', ext: TelphinExtension): Record<string, string> {
    return { [`${side}Extension`]: this.tenant.address(ext), [`${side}ExtensionID`]: String(ext.id) };
  }

  /**
   * Opens a leg and sends its opening event: `dial-out` for a leg the owner places, `dial-in` for one it
   * receives and for each agent offer of a queue's `out` thread (telphin.md §6.2). `originating`: the
   * leg that starts the call, whose `SubCallID` reuses the `CallID` hex (§5.2).
   */
  open(tc: TCall, kind: TLeg['kind'], owner: TelphinExtension, flow: 'in' | 'out', fields: Record<string, string>, opts: { originating?: boolean; remoteNumber?: string | null } = {}): TLeg {
    const leg: TLeg = {
      kind, owner, uniqueCallId: tc.engineId, callId: tc.callId, callApiId: tc.callApiId,
      subCallId: `${owner.id}-${opts.originating ? tc.callId : hex32()}`, flow, fields, remoteNumber: opts.remoteNumber ?? null,
      openedAt: this.now(), answeredAt: null, closedAt: null, status: null, recId: null,
    };
    tc.legs.push(leg);
    const type = flow === 'out' && kind !== 'queue-out' ? 'dial-out' : 'dial-in';
    const extra: Record<string, string> = type === 'dial-in' && leg.remoteNumber !== null ? { RemoteNumber: leg.remoteNumber } : {};
    this.send(leg, type, 'CALLING', leg.openedAt, extra);
    return leg;
  }

  /** The leg was answered (never for IVR legs or a queue's `in` thread). Phone legs start recording. */
  answer(leg: TLeg): void {
    if (leg.answeredAt !== null || leg.closedAt !== null) return;
    leg.answeredAt = this.now();
    if (leg.kind === 'phone') leg.recId = `${leg.owner.id}-${hex32()}`;
    this.send(leg, 'answer', 'ANSWER', leg.answeredAt, {});
  }

  /** Closes a leg with its `hangup`; IVR and queue `in` legs carry `Bridged` (talk time from `bridgedAt`). */
  close(leg: TLeg, status: CallStatus, bridgedAt: number | null = null): void {
    if (leg.closedAt !== null) return;
    leg.closedAt = this.now();
    leg.status = status;
    const extra: Record<string, string> = {};
    if (leg.kind === 'ivr' || leg.kind === 'queue-in') {
      extra.Duration = String(bridgedAt === null ? 0 : leg.closedAt - bridgedAt);
      extra.Bridged = bridgedAt === null ? 'no' : 'yes';
    } else extra.Duration = String(leg.answeredAt === null ? 0 : leg.closedAt - leg.answeredAt);
    if (leg.recId !== null && !this.dropRecId()) extra.RecID = leg.recId;
    this.send(leg, 'hangup', status, leg.closedAt, extra);
  }

  private send(leg: TLeg, eventType: string, status: CallStatus, at: number, extra: Record<string, string>): void {
    const params: Record<string, string> = {
      EventType: eventType, CallID: leg.callId, SubCallID: leg.subCallId, CallAPIID: leg.callApiId, EventTime: String(at),
      CallFlow: leg.flow, CallStatus: status, ...leg.fields, ...extra,
    };
    this.sink({ owner: leg.owner, params, uniqueCallId: leg.uniqueCallId });
  }
}
