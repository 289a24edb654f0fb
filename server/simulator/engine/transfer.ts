import { liveLegs, sideNumber, type Call, type Leg, type Side } from './call-state';
import { kindOf } from './directory';
import type { EngineCore } from './engine-core';
import { routeTo } from './routing';
import { EngineError } from './types';

type PhoneSide = Extract<Side, { kind: 'phone' }>;

const connected = (side: Side) =>
  (side.kind === 'phone' && (side.leg.state === 'talking' || side.leg.hold)) || (side.kind === 'external' && side.answered);

function phoneSideOf(call: Call, extension: string): PhoneSide | null {
  const side = [call.a, call.b].find((s) => s.kind === 'phone' && !s.leg.ended && s.leg.extension === extension);
  return side?.kind === 'phone' ? side : null;
}

/**
 * Blind transfer by `extension` of its party to `to`. Vendor-visible order (noojee.md §3.4 F):
 * transferer Unlinked → Hungup; the party left behind Unlinked (held); target Ringing; when the
 * target answers, target Connected then the left party Connected. A transferer may be on hold.
 */
export function blindTransfer(core: EngineCore, call: Call, extension: string, to: string): void {
  const mine = phoneSideOf(call, extension);
  if (!mine || !(mine.leg.state === 'talking' || mine.leg.hold)) {
    throw new EngineError('conflict', `extension ${extension} is not talking on call ${call.id}`);
  }
  const other = mine === call.a ? call.b : call.a;
  if (!connected(other)) throw new EngineError('conflict', `call ${call.id} is not connected to anyone to transfer`);
  if (other.kind !== 'phone' && kindOf(core.directory, to) === null) {
    throw new EngineError('conflict', 'an outside party cannot be transferred to an outside number');
  }
  if (to === extension || (other.kind === 'phone' && other.leg.extension === to)) {
    throw new EngineError('conflict', `${to} is already on call ${call.id}`);
  }
  core.unlink(call, mine.leg);
  if (other.kind === 'phone') {
    other.leg.state = 'held';
    other.leg.hold = false;
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

/** Attended transfer, step 1: `extension` holds its line on `call` (if not held yet) before consulting. */
export function holdForConsult(core: EngineCore, call: Call, extension: string): Leg {
  const mine = phoneSideOf(call, extension);
  if (!mine || !(mine.leg.state === 'talking' || mine.leg.hold)) {
    throw new EngineError('conflict', `extension ${extension} is not talking on call ${call.id}`);
  }
  core.setHold(call, mine.leg, true);
  return mine.leg;
}

/**
 * Attended transfer, completion (switchvox.md §7.2): the transferer T talks to X on `original` (held)
 * and to Y on `consult`. X and Y are bridged on `original`; Y's leg moves over with its identity, both of
 * T's legs end (original first), and `consult` ends with no legs left.
 */
export function completeAttended(core: EngineCore, original: Call, consult: Call): void {
  if (consult.a.kind !== 'phone' || consult.a.leg.ended) throw new EngineError('conflict', `call ${consult.id} is not a consultation`);
  const transferer = consult.a.leg;
  const t1 = phoneSideOf(original, transferer.extension);
  if (!t1) throw new EngineError('conflict', `${transferer.extension} is not on call ${original.id}`);
  const x = t1 === original.a ? original.b : original.a;
  const y = consult.b;
  if (!connected(x)) throw new EngineError('conflict', `call ${original.id} is not connected to anyone to transfer`);
  if (!connected(y)) throw new EngineError('conflict', `consultation ${consult.id} is not answered; use a blind transfer`);
  if (x.kind !== 'phone' && y.kind !== 'phone') throw new EngineError('conflict', 'two outside parties cannot be bridged');
  if (t1 === original.a) original.a = y;
  else original.b = y;
  consult.b = { kind: 'pending' };
  if (y.kind === 'phone') y.leg.peer = sideNumber(x);
  if (x.kind === 'phone') x.leg.peer = sideNumber(y);
  core.endLeg(original, t1.leg, 'hungup');
  core.endLeg(consult, transferer, 'hungup');
  core.emit({ type: 'call.progress', call: core.info(original), stage: 'transfer' });
  core.recordingTransition(original);
  if (liveLegs(consult).length === 0) core.finish(consult, 'answered');
}
