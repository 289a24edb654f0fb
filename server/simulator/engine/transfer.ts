import type { Call } from './call-state';
import { kindOf } from './directory';
import type { EngineCore } from './engine-core';
import { routeTo } from './routing';
import { EngineError } from './types';

/**
 * Blind transfer by `extension` of its party to `to`. Vendor-visible order (noojee.md §3.4 F):
 * transferer Unlinked → Hungup; the party left behind Unlinked (held); target Ringing; when the
 * target answers, target Connected then the left party Connected.
 */
export function blindTransfer(core: EngineCore, call: Call, extension: string, to: string): void {
  const mine = [call.a, call.b].find((s) => s.kind === 'phone' && !s.leg.ended && s.leg.extension === extension);
  if (!mine || mine.kind !== 'phone' || mine.leg.state !== 'talking') {
    throw new EngineError('conflict', `extension ${extension} is not talking on call ${call.id}`);
  }
  const other = mine === call.a ? call.b : call.a;
  const connected = (other.kind === 'phone' && other.leg.state === 'talking') || (other.kind === 'external' && other.answered);
  if (!connected) throw new EngineError('conflict', `call ${call.id} is not connected to anyone to transfer`);
  if (other.kind !== 'phone' && kindOf(core.directory, to) === null) {
    throw new EngineError('conflict', 'an outside party cannot be transferred to an outside number');
  }
  if (to === extension || (other.kind === 'phone' && other.leg.extension === to)) {
    throw new EngineError('conflict', `${to} is already on call ${call.id}`);
  }
  core.unlink(call, mine.leg);
  if (other.kind === 'phone') {
    other.leg.state = 'held';
    other.leg.peer = to;
    core.unlink(call, other.leg);
  }
  core.endLeg(call, mine.leg, 'hungup');
  call.a = other;
  call.b = { kind: 'pending' };
  core.emit({ type: 'call.progress', call: core.info(call), stage: 'transfer' });
  core.recordingTransition(call);
  routeTo(core, call, to);
}
