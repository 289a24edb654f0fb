import { describe, expect, it } from 'vitest';
import { CallEngine } from './call-engine';
import { ManualClock } from './clock';
import { resolveScenario, runScenario, SCENARIO_DURATION_MS, SCENARIOS, type ScenarioLetter } from './scenarios';
import { traceLegs } from './test-trace';

const expected: Record<ScenarioLetter, string[]> = {
  A: ['213 dialing', '214 ringing', '214 talking', '213 talking', '213 end:hungup', '214 end:hungup'],
  B: ['215 dialing', '214 ringing', '214 talking', '215 talking', '213 dialing', '214 end:busy', '213 end:hungup', '215 end:hungup', '214 end:hungup'],
  C: ['213 dialing', '214 ringing', '214 end:no_answer', '213 end:hungup'],
  D: ['213 dialing', '214 ringing', '213 dialing', '214 ringing', '214 end:hungup', '213 end:hungup', '214 end:hungup', '213 end:hungup'],
  E: ['213 ringing', '213 dialing', '213 talking', '213 end:hungup'],
  F: ['213 dialing', '214 ringing', '214 talking', '213 talking', '214 unlinked', '213 unlinked', '214 end:hungup', '215 ringing', '215 talking', '213 talking', '213 end:hungup', '215 end:hungup'],
  G: ['214 ringing', '214 talking', '214 end:hungup'],
};

describe('scenarios (noojee.md §3.4)', () => {
  for (const letter of Object.keys(SCENARIOS) as ScenarioLetter[]) {
    it(`${letter} (${SCENARIOS[letter]}) runs its script and leaves no call behind`, () => {
      const clock = new ManualClock();
      const engine = new CallEngine({ clock });
      const trace = traceLegs(engine);
      const { callIds } = runScenario(engine, letter);
      expect(callIds.length).toBeGreaterThan(0);
      clock.advance(SCENARIO_DURATION_MS);
      expect(trace).toEqual(expected[letter]);
      expect(engine.calls()).toEqual([]);
    });
  }

  it('resolves letters and names; refuses bad parties', () => {
    expect(resolveScenario('f')).toBe('F');
    expect(resolveScenario('blind-transfer')).toBe('F');
    expect(resolveScenario('nope')).toBeNull();
    const engine = new CallEngine({ clock: new ManualClock() });
    expect(() => runScenario(engine, 'A', { b: '213' })).toThrow(/three different phones/);
  });
});
