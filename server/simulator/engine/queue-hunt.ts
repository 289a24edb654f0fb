import { sideNumber, type Call, type Leg, type Side } from './call-state';
import type { EngineCore } from './engine-core';

type QueueSide = Extract<Side, { kind: 'queue' }>;

/** The caller waits in the queue while agents are rung one at a time (DESIGN.md §7). */
export function enterQueue(core: EngineCore, call: Call, queue: string): void {
  const side: QueueSide = { kind: 'queue', number: queue, ringing: null, since: core.clock.now() };
  call.b = side;
  call.lastQueue = queue;
  core.emit({ type: 'call.progress', call: core.info(call), stage: 'queued' });
  core.recordingTransition(call);
  hunt(core, call, side);
}

/**
 * Rings the next idle agent after the last one rung (round-robin with memory); an agent on any call,
 * even a ringing one, is skipped. With nobody free the queue looks again after `queueRetryMs`.
 */
export function hunt(core: EngineCore, call: Call, side: QueueSide): void {
  if (call.ended || call.b !== side || (side.ringing && !side.ringing.ended)) return;
  const agents = core.directory.queues.find((q) => q.number === side.number)?.agents ?? [];
  const start = core.queueCursor.get(side.number) ?? 0;
  for (let i = 0; i < agents.length; i++) {
    const index = (start + i) % agents.length;
    const agent = agents[index];
    if (agent === undefined || !core.isIdle(agent)) continue;
    core.queueCursor.set(side.number, (index + 1) % agents.length);
    const leg = core.createLeg(
      call,
      { extension: agent, role: 'callee', state: 'ringing', peer: call.callerIdOverride ?? sideNumber(call.a), dialed: null, queue: side.number },
      (l) => {
        side.ringing = l;
      },
    );
    leg.timer = core.after(call, core.timings.ringTimeoutMs, () => agentMissed(core, call, side, leg, 'no_answer'));
    return;
  }
  core.after(call, core.timings.queueRetryMs, () => hunt(core, call, side));
}

/** The rung agent did not take the call (ring timeout or rejected): the caller stays queued. */
export function agentMissed(core: EngineCore, call: Call, side: QueueSide, leg: Leg, reason: 'no_answer' | 'hungup'): void {
  leg.timer = null;
  core.endLeg(call, leg, reason);
  side.ringing = null;
  // After a timeout the next agent rings at once; after a reject Asterisk pauses before re-hunting.
  if (reason === 'no_answer') hunt(core, call, side);
  else core.after(call, core.timings.queueRetryMs, () => hunt(core, call, side));
}
