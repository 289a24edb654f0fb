import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '@/server/simulator';
import { TruthRecorder, truthTileStates } from './truth-recorder';

let sim: RunningSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function control(path: string, body: unknown = {}) {
  const response = await fetch(`${sim!.urls.control}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.ok, `${path} → ${response.status}`).toBe(true);
  return (await response.json()) as { callId: string };
}

describe('chaos ground truth', () => {
  it("a Telphin phone's call forwarded outside is a leg of that phone, as the PBX reports it (telphin.md §6.3)", async () => {
    sim = await startSimulator({ noojeeApiKey: 'unused', seed: 3, engine: { ringTimeoutMs: 300 } });
    const recorder = new TruthRecorder(sim);
    // 410 forwards unanswered calls to +79035550000 (the simulator's site C directory).
    const { callId } = await control('/control/calls', { from: '408', to: '410' });
    await expect.poll(() => recorder.liveForwards().map((l) => `${l.extension} ${l.peers.join()}`), { timeout: 3000 }).toEqual(['410 +79035550000']);
    expect(truthTileStates(sim, recorder.liveForwards()).get('410')).toBe('dialing');
    await control(`/control/calls/${callId}/hangup`);
    expect(recorder.liveForwards()).toEqual([]);
    expect([...recorder.legs.values()].filter((l) => l.extension === '410').map((l) => l.endedAt !== null)).toEqual([true, true]);
    recorder.stop();
  });
});
