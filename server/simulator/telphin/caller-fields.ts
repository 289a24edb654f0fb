import type { Directory } from '../engine/directory';
import type { CallInfo } from '../engine/types';
import type { LegEvents } from './leg-events';
import type { TCall } from './legs';
import type { TelphinExtension } from './tenant';

/** `CallBackID` on every leg of a call started by a callback for other parties (telphin.md §5.2). */
export function callBackField(tc: TCall): Record<string, string> {
  return tc.callBackId === null ? {} : { CallBackID: tc.callBackId };
}

/** `CallerIDName`: an extension's label; an outside caller's name if sent, else the number (§5.2). */
export function callerName(legs: LegEvents, dir: Directory, call: CallInfo, number: string): string {
  const ext = legs.tenant.byNumber(number);
  if (ext) return ext.label ?? ext.name;
  const phone = dir.phones.find((p) => p.number === number);
  if (phone) return phone.name;
  return number === call.from && call.callerName ? call.callerName : number;
}

/**
 * Caller fields of a leg arriving at an extension: the caller `peer` (with `via`, the IVR or queue that
 * passes the call on, as `CallerExtension`); after a blind transfer, the transferer plus `RemoteNumber`
 * (telphin.md §5.2).
 */
export function callerSide(
  legs: LegEvents, dir: Directory, tc: TCall, call: CallInfo, peer: string, via: TelphinExtension | null,
): { fields: Record<string, string>; remoteNumber: string | null } {
  const { tenant } = legs;
  if (tc.transferer !== null) {
    const transferer = tenant.byNumber(tc.transferer);
    return {
      fields: { CallerIDNum: tenant.display(tc.transferer), CallerIDName: callerName(legs, dir, call, tc.transferer), ...(transferer ? legs.ext('Caller', transferer) : {}) },
      remoteNumber: tenant.display(peer),
    };
  }
  const caller = via ?? tenant.byNumber(peer);
  return { fields: { CallerIDNum: tenant.display(peer), CallerIDName: callerName(legs, dir, call, peer), ...(caller ? legs.ext('Caller', caller) : {}) }, remoteNumber: null };
}
