import { sideNumber, type Call, type Leg, type Side } from './call-state';
import type { EngineCore } from './engine-core';

type QueueSide = Extract<Side, { kind: 'queue' }>;

/** The caller waits in the queue while agents are rung (DESIGN.md §7). */
export function enterQueue(core: EngineCore, call: Call, queue: string): void {
  const side: QueueSide = { kind: 'queue', number: queue, ringing: [], since: core.clock.now(), cursor: 0 };
  call.b = side;
  call.lastQueue = queue;
  core.emit({ type: 'call.progress', call: core.info(call), stage: 'queued' });
  core.recordingTransition(call);
  hunt(core, call, side);
}

/**
 * `rrmemory`: rings the next idle agent after the last one rung (round-robin with memory). `topdown`:
 * each call starts at the first agent and moves down the list, one at a time (Telphin `top-down`). `ringall`:
 * rings every idle agent at once; the first to answer wins (switchvox.md §7.2). An agent on any call,
 * even a ringing one, is skipped. With nobody free the queue looks again after `queueRetryMs`.
 */
export function hunt(core: EngineCore, call: Call, side: QueueSide): void {
  if (call.ended || call.b !== side || side.ringing.some((l) => !l.ended)) return;
  const queue = core.directory.queues.find((q) => q.number === side.number);
  const agents = queue?.agents ?? [];
  const ring = (agent: string) => {
    const peer = call.callerIdOverride ?? sideNumber(call.a);
    const leg = core.createLeg(call, { extension: agent, role: 'callee', state: 'ringing', peer, dialed: null, queue: side.number }, (l) => {
      side.ringing.push(l);
    });
    leg.timer = core.after(call, core.timings.ringTimeoutMs, () => agentMissed(core, call, side, leg, 'no_answer'));
  };
  if (queue?.strategy === 'ringall') {
    const idle = agents.filter((agent) => core.isIdle(agent) && core.isRegistered(agent));
    if (idle.length > 0) return idle.forEach(ring);
  } else {
    const topdown = queue?.strategy === 'topdown';
    const start = topdown ? side.cursor : (core.queueCursor.get(side.number) ?? 0);
    for (let i = 0; i < agents.length; i++) {
      const index = (start + i) % agents.length;
      const agent = agents[index];
      if (agent === undefined || !core.isIdle(agent) || !core.isRegistered(agent)) continue;
      if (topdown) side.cursor = (index + 1) % agents.length;
      else core.queueCursor.set(side.number, (index + 1) % agents.length);
      return ring(agent);
    }
  }
  core.after(call, core.timings.queueRetryMs, () => hunt(core, call, side));
}

/**
 * A rung agent did not take the call (ring timeout or rejected): the caller stays queued. The queue
 * hunts again once no agent is ringing any more.
 */
export function agentMissed(core: EngineCore, call: Call, side: QueueSide, leg: Leg, reason: 'no_answer' | 'hungup'): void {
  leg.timer = null;
  core.endLeg(call, leg, reason);
  side.ringing = side.ringing.filter((l) => l !== leg);
  if (side.ringing.length > 0) return;
  // After a timeout the next agent rings at once; after a reject Asterisk pauses before re-hunting.
  if (reason === 'no_answer') hunt(core, call, side);
  else core.after(call, core.timings.queueRetryMs, () => hunt(core, call, side));
}
