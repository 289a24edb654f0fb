import { logger } from '@/server/log';
import type { CallEngine } from './call-engine';
import { kindOf } from './directory';
import { EngineError } from './types';

/** The multi-party examples of noojee.md §3.4, by letter. */
export const SCENARIOS = {
  A: 'answered',
  B: 'busy',
  C: 'no-answer',
  D: 'two-rejected',
  E: 'click-to-dial',
  F: 'blind-transfer',
  G: 'external',
} as const;

export type ScenarioLetter = keyof typeof SCENARIOS;

/** A, B, C of §3.4 mapped onto our phones, plus the outside caller X of scenario G. */
export interface ScenarioParties {
  a: string;
  b: string;
  c: string;
  external: string;
}

/** Phones outside both queues, so queue traffic never rings them in the middle of a scenario. */
export const DEFAULT_PARTIES: ScenarioParties = { a: '213', b: '214', c: '215', external: '0412555019' };

/** Accepts a letter (`a`…`g`) or a name (`blind-transfer`), case-insensitively. */
export function resolveScenario(name: string): ScenarioLetter | null {
  const wanted = name.toLowerCase();
  for (const [letter, label] of Object.entries(SCENARIOS)) {
    if (letter.toLowerCase() === wanted || label === wanted) return letter as ScenarioLetter;
  }
  return null;
}

type Script = (e: CallEngine, p: ScenarioParties, at: (ms: number, step: () => void) => void) => string[];

const scripts: Record<ScenarioLetter, Script> = {
  A: (e, p, at) => {
    const call = e.placeCall(p.a, p.b, { source: 'scenario' }).callId;
    at(2_000, () => e.answer(call, p.b));
    at(6_000, () => e.hangup(call, p.a));
    return [call];
  },
  B: (e, p, at) => {
    const busyMaker = e.placeCall(p.c, p.b, { source: 'scenario' }).callId;
    e.answer(busyMaker, p.b);
    const call = e.newCallId();
    at(1_000, () => e.placeCall(p.a, p.b, { id: call, source: 'scenario' }));
    at(4_000, () => e.hangup(busyMaker, p.c));
    return [busyMaker, call];
  },
  // Ends by the engine's ring timeout: B No Answer, A Hungup.
  C: (e, p) => [e.placeCall(p.a, p.b, { source: 'scenario' }).callId],
  D: (e, p, at) => {
    const first = e.placeCall(p.a, p.b, { source: 'scenario' }).callId;
    const second = e.newCallId();
    at(1_000, () => e.placeCall(p.a, p.b, { id: second, source: 'scenario' }));
    at(3_000, () => {
      e.hangup(first, p.b);
      e.hangup(second, p.b);
    });
    return [first, second];
  },
  E: (e, p, at) => {
    const call = e.clickToDial(p.a, '0383208100', { source: 'scenario', agentAnswerMs: null, farEnd: { outcome: 'answer', afterMs: null } }).callId;
    at(1_500, () => e.answer(call, p.a));
    at(4_000, () => e.answer(call));
    at(9_000, () => e.hangup(call, p.a));
    return [call];
  },
  F: (e, p, at) => {
    const call = e.placeCall(p.a, p.b, { source: 'scenario' }).callId;
    at(2_000, () => e.answer(call, p.b));
    at(4_000, () => e.transfer(call, p.b, p.c));
    at(6_000, () => e.answer(call, p.c));
    at(10_000, () => e.hangup(call, p.a));
    return [call];
  },
  G: (e, p, at) => {
    const call = e.placeCall(p.external, p.b, { source: 'scenario' }).callId;
    at(3_000, () => e.answer(call, p.b));
    at(8_000, () => e.hangup(call));
    return [call];
  },
};

/** How long a scenario takes on the engine clock, so tests know how far to advance. */
export const SCENARIO_DURATION_MS = 16_000;

/** Starts a scripted scenario on the engine clock; returns the ids of every call it will place. */
export function runScenario(engine: CallEngine, letter: ScenarioLetter, parties: Partial<ScenarioParties> = {}): { callIds: string[] } {
  const p = { ...DEFAULT_PARTIES, ...parties };
  const phones = [p.a, p.b, p.c];
  if (new Set(phones).size !== 3 || phones.some((n) => kindOf(engine.directory, n) !== 'phone')) {
    throw new EngineError('invalid', 'scenario parties a, b, c must be three different phones');
  }
  if (kindOf(engine.directory, p.external) !== null) throw new EngineError('invalid', 'scenario external must be an outside number');
  const log = logger.child({ component: 'simulator', scenario: letter });
  const at = (ms: number, step: () => void) =>
    engine.schedule(ms, () => {
      try {
        step();
      } catch (err) {
        // Traffic or a test may have changed the call meanwhile; the scenario just stops short.
        log.warn({ err }, 'scenario step skipped');
      }
    });
  return { callIds: scripts[letter](engine, p, at) };
}
