/**
 * The real Switchvox connector (socket.io-client 2.5, websocket) against the simulator's Realtime
 * API facade (socket.io 4, EIO 3 only), through the real pipeline. After every disturbance the
 * board must show exactly the simulator's live lines on site B.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Board } from '@/lib/board';
import type { TConnectionConfig, TSwitchvoxConnection } from '@/lib/connection-config';
import type { ConnectorContext } from '@/server/connectors/connector';
import { createConnector } from '@/server/connectors/registry';
import { startPipeline, type Pipeline } from '@/server/pipeline';
import { startSimulator, type RunningSimulator } from '@/server/simulator';
import { createSwitchvoxConnector } from './switchvox-connector';

const CONN = 'it-switchvox';
let sim: RunningSimulator | null = null;
let pipeline: Pipeline | null = null;

afterEach(async () => {
  await pipeline?.stop();
  await sim?.close();
  pipeline = null;
  sim = null;
});

async function start(options: { initialSnapshot?: boolean; password?: string } = {}) {
  sim = await startSimulator({ noojeeApiKey: 'unused', switchvox: { initialSnapshot: options.initialSnapshot ?? true } });
  const accounts = sim.switchvox.accounts();
  const pick = (kind: 'phone' | 'queue') => accounts.filter((a) => a.kind === kind).map(({ accountId, extension, name }) => ({ accountId, extension, name }));
  const config: TSwitchvoxConnection = {
    id: CONN,
    vendor: 'switchvox',
    name: 'Integration Switchvox',
    url: sim.urls.switchvox,
    extension: '301',
    password: options.password ?? 'pw-301',
    accounts: pick('phone'),
    queues: pick('queue'),
    insecureTls: false,
  };
  const create = (c: TConnectionConfig, context: ConnectorContext) =>
    c.vendor === 'switchvox'
      ? createSwitchvoxConnector(c, { staleAfterResubscribeMs: 300, replayGraceMs: 50, reconnectionDelayMs: 100, reconnectionDelayMaxMs: 500, authBackoff: { baseMs: 60_000, capMs: 60_000 } })
      : createConnector(c, context);
  pipeline = startPipeline({ databasePath: ':memory:', connections: [config], createConnector: create });
  return { sim, pipeline };
}

async function control(path: string, body: unknown = {}) {
  const response = await fetch(`${sim!.urls.control}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.ok, `${path} → ${response.status} ${await response.clone().text()}`).toBe(true);
  return (await response.json()) as { callId: string };
}

const boardLines = (board: Board) =>
  board.extensions.filter((e) => e.connectionId === CONN).flatMap((e) => e.calls.map((c) => `${e.number}|${c.state}`)).sort();
const truthLines = () =>
  sim!.engine
    .truth()
    .legs.filter((l) => l.site === 'B')
    .map((l) => `${l.extension}|${l.state}`)
    .sort();
const status = (p: Pipeline) => p.projector.board(0).connections.find((c) => c.id === CONN);

async function expectBoardToMatchTruth(p: Pipeline, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (status(p)?.status === 'live' && JSON.stringify(boardLines(p.projector.board(0))) === JSON.stringify(truthLines())) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  expect({ status: status(p)?.status, board: boardLines(p.projector.board(0)) }).toEqual({ status: 'live', board: truthLines() });
}

describe('Switchvox connector against the simulator', () => {
  it('shows lines that were up before it connected, then follows ring, answer, hold and hang-up', async () => {
    const { pipeline: p } = await start();
    const early = await control('/control/calls', { from: '0298765432', to: '303', callerName: 'Zoë Fernández' });
    await expectBoardToMatchTruth(p);
    await control(`/control/calls/${early.callId}/answer`, { extension: '303' });
    await expectBoardToMatchTruth(p);
    await control(`/control/calls/${early.callId}/hold`, { extension: '303' });
    await expectBoardToMatchTruth(p);
    const ext = p.projector.board(0).extensions.find((e) => e.number === '303');
    expect(ext).toMatchObject({ state: 'held', name: expect.any(String) });
    expect(ext?.calls[0]?.peer.name).toBe('Zoë Fernández');
    await control(`/control/calls/${early.callId}/hangup`);
    await expectBoardToMatchTruth(p);
  });

  it('shows a ring-all queue call on every agent and in the queue panel', async () => {
    const { pipeline: p } = await start();
    await expectBoardToMatchTruth(p);
    const { callId } = await control('/control/calls', { from: '0411222333', to: '610' });
    await expectBoardToMatchTruth(p);
    const queue = p.projector.board(0).queues.find((q) => q.number === '610');
    expect(queue?.agents.length).toBeGreaterThanOrEqual(2);
    await control(`/control/calls/${callId}/answer`, { extension: '302' });
    await expectBoardToMatchTruth(p);
    expect(p.projector.board(0).queues.find((q) => q.number === '610')?.today).toMatchObject({ offered: 1, answered: 1 });
  });

  it('converges after the transport drops (the PBX replays live lines on subscribe)', async () => {
    const { pipeline: p } = await start();
    const a = await control('/control/calls', { from: '0299001111', to: '304' });
    const b = await control('/control/calls', { from: '305', to: '306' });
    await control(`/control/calls/${b.callId}/answer`, { extension: '306' });
    await expectBoardToMatchTruth(p);
    await control('/control/faults', { target: 'switchvox', kind: 'drop' });
    // While the connector is away, one call ends and another starts: no notification tells it.
    await control(`/control/calls/${a.callId}/hangup`);
    await control('/control/calls', { from: '0299002222', to: '307' });
    await expectBoardToMatchTruth(p);
  });

  it('without a replay on subscribe, lines not heard of again are ended after the stale timeout (§11.5)', async () => {
    const { pipeline: p } = await start({ initialSnapshot: false });
    await expectBoardToMatchTruth(p);
    const a = await control('/control/calls', { from: '0299001111', to: '304' });
    await expectBoardToMatchTruth(p);
    await control('/control/faults', { target: 'switchvox', kind: 'drop' });
    await control(`/control/calls/${a.callId}/hangup`);
    // The idle for 304 was lost with the transport; only the stale sweep can end that line.
    await expectBoardToMatchTruth(p);
    expect(boardLines(p.projector.board(0))).toEqual([]);
    await control('/control/calls', { from: '0299002222', to: '307' });
    await expectBoardToMatchTruth(p);
    expect(boardLines(p.projector.board(0))).toEqual(['307|ringing']);
  });

  it('survives duplicated and reordered notifications', async () => {
    const { pipeline: p } = await start();
    await expectBoardToMatchTruth(p);
    await control('/control/faults', { target: 'switchvox', kind: 'duplicate', count: 3 });
    await control('/control/faults', { target: 'switchvox', kind: 'reorder' });
    const { callId } = await control('/control/calls', { from: '0299003333', to: '308' });
    await control(`/control/calls/${callId}/answer`, { extension: '308' });
    await expectBoardToMatchTruth(p);
    await control(`/control/calls/${callId}/hangup`);
    await expectBoardToMatchTruth(p);
  });

  it('a missing permission makes the connection degraded with the reason, not a crash loop', async () => {
    const { pipeline: p } = await start();
    await expectBoardToMatchTruth(p);
    await control('/control/faults', { target: 'switchvox', kind: 'revokeVisibility', accountId: 1301 });
    await control('/control/faults', { target: 'switchvox', kind: 'drop' });
    await expect.poll(() => status(p)?.status, { timeout: 8000 }).toBe('degraded');
    expect(status(p)?.error).toMatch(/30[2-9]|31[0-2]/);
  });

  it('a wrong password shows the connection down without logging the password', async () => {
    const { pipeline: p } = await start({ password: 'wrong-password-9z' });
    await expect.poll(() => status(p)?.status, { timeout: 8000 }).toBe('down');
    expect(status(p)?.error ?? '').not.toContain('wrong-password-9z');
  });

  it('click-to-dial rings the logged-in extension first', async () => {
    const { pipeline: p } = await start();
    await expectBoardToMatchTruth(p);
    expect(await p.commands.dial(CONN, null, '0388001234')).toEqual({ ok: true });
    await expectBoardToMatchTruth(p);
    expect(truthLines()).toContain('301|ringing');
    expect(await p.commands.dial(CONN, '302', '0388001234')).toMatchObject({ ok: false, status: 409 });
  });
});
