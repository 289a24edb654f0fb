import { sideNumber, type Call, type Leg } from './call-state';
import type { EngineCore } from './engine-core';
import { enterQueue } from './queue-hunt';
import { kindOf, type ForwardRule } from './directory';
import { EngineError } from './types';

/** Sends the call's `a` side on to `target`: a phone, a queue, an IVR or an outside number. */
export function routeTo(core: EngineCore, call: Call, target: string): void {
  switch (kindOf(core.directory, target)) {
    case 'phone':
      return ringPhone(core, call, target);
    case 'queue':
      return enterQueue(core, call, target);
    case 'ivr':
      return enterIvr(core, call, target);
    case 'conference':
      return joinConference(core, call, target);
    default:
      return dialExternal(core, call, target);
  }
}

/**
 * Direct ring; a busy phone rejects at once, an unregistered one fails at once, an unanswered one times
 * out (or forwards, by its `no_answer` rule). An intercom call is answered by the handset itself, so its
 * leg starts connected (switchvox.md §7.2); it needs an idle handset.
 */
function ringPhone(core: EngineCore, call: Call, extension: string): void {
  const peer = call.callerIdOverride ?? sideNumber(call.a);
  if (!core.isRegistered(extension)) {
    core.rejectBusy(call, extension, peer, 'unavailable');
    core.finish(call, 'failed');
    return;
  }
  if (call.intercom ? !core.isIdle(extension) : core.isBusy(extension)) {
    core.rejectBusy(call, extension, peer);
    core.finish(call, 'busy');
    return;
  }
  const rule = call.intercom || call.forwardedBy !== null ? undefined : core.directory.phones.find((p) => p.number === extension)?.forward;
  if (rule?.when === 'always') return forward(core, call, extension, rule);
  if (call.intercom) {
    core.createLeg(call, { extension, role: 'callee', state: 'talking', peer, dialed: null, queue: null }, (l) => {
      call.b = { kind: 'phone', leg: l };
    });
    if (call.a.kind === 'phone') {
      call.a.leg.peer = extension;
      core.setState(call, call.a.leg, 'talking');
    }
    core.markAnswered(call);
    return;
  }
  const leg = core.createLeg(call, { extension, role: 'callee', state: 'ringing', peer, dialed: null, queue: null }, (l) => {
    call.b = { kind: 'phone', leg: l };
  });
  leg.timer = core.after(call, core.timings.ringTimeoutMs, () => {
    leg.timer = null;
    core.endLeg(call, leg, 'no_answer');
    if (rule) forward(core, call, extension, rule);
    else core.finish(call, 'no_answer');
  });
}

/** An incoming-call rule sends the call on (telphin.md §6.3); only once per call, so rules cannot loop. */
function forward(core: EngineCore, call: Call, extension: string, rule: ForwardRule): void {
  call.forwardedBy = extension;
  call.b = { kind: 'pending' };
  core.emit({ type: 'call.progress', call: core.info(call), stage: 'forward' });
  if (kindOf(core.directory, rule.to) !== null) return routeTo(core, call, rule.to);
  call.farEnd = rule.farEnd ?? null;
  dialExternal(core, call, rule.to);
}

/** The IVR answers, plays its menu for `ivrHoldMs`, then sends the caller to one of its queues. */
function enterIvr(core: EngineCore, call: Call, number: string): void {
  const side = { kind: 'ivr' as const, number };
  call.b = side;
  core.emit({ type: 'call.progress', call: core.info(call), stage: 'ivr' });
  if (call.a.kind === 'phone' && call.a.leg.state !== 'talking') core.setState(call, call.a.leg, 'talking');
  const routes = core.directory.ivrs.find((i) => i.number === number)?.routes ?? [];
  core.after(call, core.timings.ivrHoldMs, () => {
    if (call.b !== side) return;
    if (routes.length === 0) core.finish(call, 'failed');
    else routeTo(core, call, core.rng.pick(routes));
  });
}

/** The bridge answers at once; the call stays in the room until someone hangs up. */
function joinConference(core: EngineCore, call: Call, number: string): void {
  call.b = { kind: 'conference', number };
  if (call.a.kind === 'phone') core.setState(call, call.a.leg, 'talking');
  core.emit({ type: 'call.progress', call: core.info(call), stage: 'conference' });
  core.markAnswered(call);
}

/** Outside number: the handset shows dialing until the far end answers (noojee.md §3.3 outbound). */
function dialExternal(core: EngineCore, call: Call, number: string): void {
  // Only the PBX's own forwarding may join two outside parties (telphin.md §6.3).
  if (call.a.kind !== 'phone' && call.forwardedBy === null) throw new EngineError('invalid', 'an outside party cannot call an outside number');
  const side = { kind: 'external' as const, number, answered: false };
  call.b = side;
  core.emit({ type: 'call.progress', call: core.info(call), stage: 'remote-ringing' });
  const plan = call.farEnd ?? { outcome: 'answer' as const, afterMs: core.timings.externalAnswerMs };
  call.farEnd = null;
  if (plan.afterMs === null) return;
  core.after(call, plan.afterMs, () => {
    if (call.b !== side) return;
    if (plan.outcome === 'answer') remoteAnswer(core, call);
    else core.finish(call, plan.outcome);
  });
}

/** The outside number picked up. */
export function remoteAnswer(core: EngineCore, call: Call): void {
  if (call.b.kind !== 'external' || call.b.answered) throw new EngineError('conflict', 'no outside number is ringing');
  call.b.answered = true;
  if (call.a.kind === 'phone') core.setState(call, call.a.leg, 'talking');
  core.markAnswered(call);
}

/**
 * A ringing callee answers: callee first, then the other side (noojee.md §3.4 A: B then A Connected).
 * In a ring-all queue the other agents stop ringing (switchvox.md §7.2: first answer wins).
 */
export function answerRinging(core: EngineCore, call: Call, leg: Leg): void {
  core.clearLegTimer(call, leg);
  let losers: Leg[] = [];
  if (call.b.kind === 'queue') {
    losers = call.b.ringing.filter((l) => l !== leg);
    call.b = { kind: 'phone', leg };
  }
  core.holdOtherLines(leg.extension, call);
  core.setState(call, leg, 'talking');
  if (call.a.kind === 'phone') {
    call.a.leg.peer = leg.extension;
    core.setState(call, call.a.leg, 'talking');
  }
  for (const loser of losers) core.endLeg(call, loser, 'cancelled');
  core.markAnswered(call);
}

/** The click-to-dial agent picked up: now the PBX dials the number (noojee.md §3.4 E). */
export function pickUpClickToDial(core: EngineCore, call: Call, leg: Leg): void {
  core.clearLegTimer(call, leg);
  core.holdOtherLines(leg.extension, call);
  core.setState(call, leg, 'dialing');
  routeTo(core, call, call.to);
}
