/**
 * The real Telphin connector against the simulator's Telphin facade: OAuth, extension discovery,
 * hooks registered by the connector itself, webhook delivery over real HTTP into the real intake,
 * reconciliation with current_calls, through the real pipeline (projector + SQLite).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Board } from '@/lib/board';
import type { TConnectionConfig, TTelphinConnection } from '@/lib/connection-config';
import type { ConnectorContext } from '@/server/connectors/connector';
import { createConnector } from '@/server/connectors/registry';
import { startPipeline, type Pipeline } from '@/server/pipeline';
import { startSimulator, type RunningSimulator } from '@/server/simulator';
import { startIntakeTestServer } from '@/server/webhooks/intake-test-server';
import { createTelphinConnector } from './telphin-connector';

const CONN = 'it-telphin';
let sim: RunningSimulator | null = null;
let pipeline: Pipeline | null = null;
let intake: { url: string; close(): Promise<void> } | null = null;

afterEach(async () => {
  await pipeline?.stop();
  await sim?.close();
  await intake?.close();
  pipeline = null;
  sim = null;
  intake = null;
});


async function start() {
  sim = await startSimulator({ noojeeApiKey: 'unused', seed: 7 });
  intake = await startIntakeTestServer(() => pipeline!);
  const publicUrl = intake.url;
  const config: TTelphinConnection = {
    id: CONN, vendor: 'telphin', name: 'Integration Telphin', baseUrl: sim.urls.telphin,
    clientId: sim.telphin.clientId, clientSecret: sim.telphin.clientSecret, reconcileIntervalS: 60,
  };
  const create = (c: TConnectionConfig, context: ConnectorContext) =>
    c.vendor === 'telphin'
      ? createTelphinConnector(c, context, { reconcileIntervalMs: 700, confirmMissingMs: 300, minReconcileGapMs: 200 })
      : createConnector(c, context);
  pipeline = startPipeline({ databasePath: ':memory:', connections: [config], createConnector: create, publicUrl });
  await expect.poll(() => status(pipeline!), { timeout: 10_000 }).toBe('live');
  return { sim, pipeline, publicUrl };
}

const status = (p: Pipeline) => p.projector.board(0).connections.find((c) => c.id === CONN)?.status;

async function control(path: string, body: unknown = {}) {
  const response = await fetch(`${sim!.urls.control}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.ok, `${path} → ${response.status}`).toBe(true);
  return (await response.json()) as { callId: string };
}

/** Phone legs as ext|state, plus how many wait in queue 620: the board and the simulator's truth. */
function boardView(board: Board) {
  const phones = new Set(board.extensions.filter((e) => e.connectionId === CONN && e.kind === 'phone').map((e) => e.id));
  const legs = board.extensions.filter((e) => phones.has(e.id)).flatMap((e) => e.calls.map((c) => `${e.number}|${c.state}`)).sort();
  const waiting = board.queues.find((q) => q.id === `${CONN}:620`)?.waiting.length ?? 0;
  return { legs, waiting };
}
function truthView() {
  const truth = sim!.engine.truth();
  const legs = truth.legs.filter((l) => l.site === 'C').map((l) => `${l.extension}|${l.state}`).sort();
  return { legs, waiting: truth.queueWaiting.filter((w) => w.queue === '620').length };
}

async function expectBoardToMatchTruth(p: Pipeline, timeoutMs = 10_000) {
  await expect.poll(() => JSON.stringify(boardView(p.projector.board(0))), { timeout: timeoutMs, interval: 50 }).toBe(JSON.stringify(truthView()));
}

describe('Telphin connector against the simulator', () => {
  it('registers its own hooks on every phone, queue and IVR, pointing at us', async () => {
    const { sim: s, publicUrl } = await start();
    const hooks = s.telphin.hooks() as { url: string; event_type: string; extension: string }[];
    const ours = hooks.filter((h) => h.url.startsWith(`${publicUrl}/hooks/${CONN}/`));
    const events = (ext: string) => ours.filter((h) => h.extension === ext).map((h) => h.event_type).sort();
    expect(events('0003*401')).toEqual(['answer', 'dial-in', 'dial-out', 'hangup']);
    expect(events('0003*620')).toEqual(expect.arrayContaining(['dial-in', 'hangup']));
    expect(events('0003*720')).toEqual(expect.arrayContaining(['dial-in', 'hangup']));
    expect(ours.every((h) => new URL(h.url).searchParams.get('token'))).toBe(true);
  });

  it('shows a queue caller waiting, then the agent thread ringing and talking', async () => {
    const { pipeline: p } = await start();
    const { callId } = await control('/control/calls', { from: '+79031234567', to: '620' });
    await expectBoardToMatchTruth(p);
    const queue = () => p.projector.board(0).queues.find((q) => q.id === `${CONN}:620`)!;
    expect(queue().waiting).toHaveLength(1);
    expect(queue().waiting[0]?.caller).toContain('79031234567');
    await expect.poll(() => queue().agents.map((a) => a.state)).toEqual(['ringing']);
    const agent = queue().agents[0]!.extensionId.split(':').at(-1)!;
    await control(`/control/calls/${callId}/answer`, { extension: agent });
    await expectBoardToMatchTruth(p);
    expect(queue().agents.map((a) => a.state)).toEqual(['talking']);
    expect(queue().waiting).toEqual([]);
    await control(`/control/calls/${callId}/hangup`);
    await expectBoardToMatchTruth(p);
    expect(queue().today).toMatchObject({ offered: 1, answered: 1, abandoned: 0 });
  });

  it('repairs dropped deliveries by reconciling with current_calls', async () => {
    const { pipeline: p } = await start();
    const { callId } = await control('/control/calls', { from: '+79035550101', to: '403' });
    await control(`/control/calls/${callId}/answer`, { extension: '403' });
    await expectBoardToMatchTruth(p);
    await control('/control/faults', { target: 'telphin', kind: 'drop', count: 5 });
    await control(`/control/calls/${callId}/hangup`);
    // The hangup never reached us: only reconciliation can end that leg.
    await expectBoardToMatchTruth(p);
    expect(boardView(p.projector.board(0)).legs).toEqual([]);
  });

  it("repairs a caller's outbound leg whose answer request was dropped", async () => {
    const { pipeline: p } = await start();
    const { callId } = await control('/control/calls', { from: '401', to: '+79031234567', farEnd: { outcome: 'answer', afterMs: null } });
    await expectBoardToMatchTruth(p);
    expect(boardView(p.projector.board(0)).legs).toEqual(['401|dialing']);
    // The far end's pick-up sends exactly one request, 401's `answer`: it never reaches us.
    await control('/control/faults', { target: 'telphin', kind: 'drop', count: 1 });
    await control(`/control/calls/${callId}/answer`);
    await expectBoardToMatchTruth(p);
    expect(boardView(p.projector.board(0)).legs).toEqual(['401|talking']);
    const leg = p.projector.board(0).extensions.find((e) => e.id === `${CONN}:401`)!.calls[0]!;
    const truth = sim!.engine.truth().legs.find((l) => l.extension === '401')!;
    // answeredAt is the PBX's answer time (current_calls gives whole seconds), not when we noticed.
    expect(Date.parse(leg.answeredAt!)).toBe(Math.floor(Date.parse(truth.answeredAt!) / 1000) * 1000);
  });

  it('equals the simulator ground truth at the end of a seeded busy spell with imperfect delivery', async () => {
    const { pipeline: p } = await start();
    await control('/control/faults', { target: 'telphin', kind: 'duplicate', count: 10 });
    await control('/control/faults', { target: 'telphin', kind: 'reorder', count: 4 });
    await control('/control/traffic', { callsPerMinute: 240, seed: 42, sites: ['C'] });
    await new Promise((resolve) => setTimeout(resolve, 6000));
    await fetch(`${sim!.urls.control}/control/traffic`, { method: 'DELETE' });
    await expectBoardToMatchTruth(p, 15_000);
  }, 40_000);
});
