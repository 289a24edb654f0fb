import type { CallEngine } from './call-engine';
import type { EngineEvent } from './types';

/** Test helper: leg events as short lines (`202 ringing`, `202 talking`, `202 end:no_answer`, `202 unlinked`). */
export function traceLegs(engine: CallEngine): string[] {
  const lines: string[] = [];
  engine.on((e: EngineEvent) => {
    if (e.type === 'leg.created' || e.type === 'leg.state') lines.push(`${e.leg.extension} ${e.leg.state}`);
    if (e.type === 'leg.unlinked') lines.push(`${e.leg.extension} unlinked`);
    if (e.type === 'leg.ended') lines.push(`${e.leg.extension} end:${e.reason}`);
  });
  return lines;
}
