/**
 * The real VoipNow connector against the simulator's UAPI facade: OAuth, phoneCallEvents registered
 * by the connector itself, hook requests over real HTTP into the real intake, phoneCalls polling and
 * recording actions, through the real pipeline (projector + SQLite).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Board } from '@/lib/board';
import type { TConnectionConfig, TVoipnowConnection } from '@/lib/connection-config';
import type { ConnectorContext } from '@/server/connectors/connector';
import { createConnector } from '@/server/connectors/registry';
import { startPipeline, type Pipeline } from '@/server/pipeline';
import { startSimulator, type RunningSimulator } from '@/server/simulator';
import { startIntakeTestServer } from '@/server/webhooks/intake-test-server';
import { calls } from '@/db/schema';
import { createVoipnowConnector } from './voipnow-connector';

const CONN = 'it-voipnow';
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


async function start(engine?: { ringTimeoutMs: number }) {
  sim = await startSimulator({ noojeeApiKey: 'unused', seed: 11, ...(engine ? { engine } : {}) });
  intake = await startIntakeTestServer(() => pipeline!);
  const publicUrl = intake.url;
  const config: TVoipnowConnection = {
    id: CONN, vendor: 'voipnow', name: 'Integration VoipNow', baseUrl: sim.urls.voipnow,
    clientId: sim.voipnow.clientId, clientSecret: sim.voipnow.clientSecret,
    extensions: sim.voipnow.extensions().filter((e) => e.kind === 'phone').map((e) => e.number), pollIntervalS: 2,
  };
  const create = (c: TConnectionConfig, context: ConnectorContext) =>
    c.vendor === 'voipnow' ? createVoipnowConnector(c, context, { pollIntervalMs: 300, historyIntervalMs: 500 }) : createConnector(c, context);
  pipeline = startPipeline({ databasePath: ':memory:', connections: [config], createConnector: create, publicUrl });
  await expect.poll(() => pipeline!.projector.board(0).connections.find((c) => c.id === CONN)?.status, { timeout: 10_000 }).toBe('live');
  return { sim, pipeline, publicUrl };
}

async function control(path: string, body: unknown = {}) {
  const response = await fetch(`${sim!.urls.control}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.ok, `${path} → ${response.status}`).toBe(true);
  return (await response.json()) as { callId: string };
}

const boardLegs = (board: Board) =>
  board.extensions.filter((e) => e.connectionId === CONN).flatMap((e) => e.calls.map((c) => `${e.number}|${c.state}`)).sort();
const truthLegs = () => sim!.engine.truth().legs.filter((l) => l.site === 'D').map((l) => `${l.extension}|${l.state}`).sort();

async function expectBoardToMatchTruth(p: Pipeline, timeoutMs = 10_000) {
  await expect.poll(() => JSON.stringify(boardLegs(p.projector.board(0))), { timeout: timeoutMs, interval: 50 }).toBe(JSON.stringify(truthLegs()));
}

describe('VoipNow connector against the simulator', () => {
  it('registers one phoneCallEvent per type on each extension, pointing at us', async () => {
    const { sim: s, publicUrl } = await start();
    const response = await fetch(`${s.urls.control}/control/voipnow/events`);
    const { events } = (await response.json()) as { events: { type: string; url: string; extension: string }[] };
    const ours = events.filter((e) => e.url.startsWith(`${publicUrl}/hooks/${CONN}/`));
    const types = (ext: string) => ours.filter((e) => e.extension === ext).map((e) => e.type).sort();
    expect(types('0005*501')).toEqual(expect.arrayContaining(['0', '1', '2']));
    expect(ours.every((e) => new URL(e.url).pathname.endsWith(`/${e.type}`) && new URL(e.url).searchParams.get('ext') === e.extension)).toBe(true);
  });

  it('follows a call from the hooks, with the answer state completed by polling', async () => {
    const { pipeline: p } = await start();
    const { callId } = await control('/control/calls', { from: '0040311112222', to: '503' });
    await expectBoardToMatchTruth(p);
    await control(`/control/calls/${callId}/answer`, { extension: '503' });
    await expectBoardToMatchTruth(p);
    await control(`/control/calls/${callId}/hangup`);
    await expectBoardToMatchTruth(p);
  });

  it('repairs lost hook requests from phoneCalls polling', async () => {
    const { pipeline: p } = await start();
    await control('/control/faults', { target: 'voipnow', kind: 'drop', count: 10 });
    const { callId } = await control('/control/calls', { from: '0040313334444', to: '504' });
    await control(`/control/calls/${callId}/answer`, { extension: '504' });
    await expectBoardToMatchTruth(p);
    await control(`/control/calls/${callId}/hangup`);
    await expectBoardToMatchTruth(p);
  });

  it('a short call whose every hook is lost and that no snapshot caught is learnt from the call history (CDR)', async () => {
    const { pipeline: p } = await start();
    await control('/control/faults', { target: 'voipnow', kind: 'drop', count: 20 });
    // Rings and is given up within a few ms: between two snapshots 300 ms apart.
    const { callId } = await control('/control/calls', { from: '0040317778888', to: '505' });
    await control(`/control/calls/${callId}/hangup`);
    await expect
      .poll(() => p.db.select().from(calls).all().filter((r) => r.extensionId === `${CONN}:505`).map((r) => `${r.peerNumber}|${r.outcome}`), { timeout: 5000 })
      .toEqual(['0040317778888|no_answer']); // CDR disposition 3: NO ANSWER
    await expectBoardToMatchTruth(p);
  });

  for (const lostHooks of [false, true]) {
    it(`a queue ringing the same agent again on one call: round 2 is a leg of its own${lostHooks ? ', even with all its hooks lost' : ''}`, async () => {
      // Only 502 of queue 630's agents can ring, so rrmemory rings it again on the same call (same
      // CallID and PhoneCall) once it misses; the ring timeout is short enough for a test.
      const { pipeline: p } = await start({ ringTimeoutMs: 1500 });
      for (const agent of ['501', '503', '504', '505', '506']) sim!.engine.configurePhone(agent, { registered: false });
      const { callId } = await control('/control/calls', { from: '0040315556666', to: '630' });
      const on502 = () => p.projector.board(0).extensions.find((e) => e.connectionId === CONN && e.number === '502')?.calls ?? [];
      await expect.poll(() => on502().map((c) => c.state), { timeout: 5000 }).toEqual(['ringing']);
      const round1 = on502()[0]!.id;
      if (lostHooks) await control('/control/faults', { target: 'voipnow', kind: 'drop', count: 50 });
      await expect.poll(() => on502().map((c) => `${c.id}|${c.state}`), { timeout: 5000 }).toEqual([`${round1}~r2|ringing`]);
      await control(`/control/calls/${callId}/answer`, { extension: '502' });
      await expectBoardToMatchTruth(p);
      await control(`/control/calls/${callId}/hangup`);
      await expectBoardToMatchTruth(p);
      await expect
        .poll(() => p.db.select().from(calls).all().filter((r) => r.extensionId === `${CONN}:502`).map((r) => `${r.id}|${r.outcome}`).sort())
        .toEqual([`${round1}|no_answer`, `${round1}~r2|answered`].sort());
    });
  }

  it('records through the phoneCalls actions, the tile state taken from the active-call view', async () => {
    const { pipeline: p } = await start();
    const { callId } = await control('/control/calls', { from: '0040315556666', to: '505' });
    await control(`/control/calls/${callId}/answer`, { extension: '505' });
    await expectBoardToMatchTruth(p);
    const leg = () => p.projector.board(0).extensions.find((e) => e.connectionId === CONN && e.number === '505')?.calls[0];
    expect(await p.commands.setRecording(leg()!.id, 'on')).toEqual({ ok: true });
    await expect.poll(() => sim!.engine.truth().legs.find((l) => l.extension === '505')?.recording).toBe(true);
    await expect.poll(() => leg()?.recording, { timeout: 5000 }).toBe('on');
    expect(await p.commands.setRecording(leg()!.id, 'off')).toEqual({ ok: true });
    await expect.poll(() => sim!.engine.truth().legs.find((l) => l.extension === '505')?.recording).toBe(false);
    await expect.poll(() => leg()?.recording, { timeout: 5000 }).toBe('off');
  });
});
