/**
 * The real Noojee connector against the simulator over real HTTP, through the real pipeline
 * (projector + SQLite + hub). After every disturbance the board must equal the simulator's truth.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { calls, events } from '@/db/schema';
import type { Board } from '@/lib/board';
import type { TNoojeeConnection } from '@/lib/connection-config';
import { startPipeline, type Pipeline } from '@/server/pipeline';
import { startSimulator, type RunningSimulator, type Truth } from '@/server/simulator';

const CONN = 'it-noojee';
const API_KEY = 'integration-key-0f5b';
let sim: RunningSimulator;
let pipeline: Pipeline | null = null;

beforeEach(async () => {
  sim = await startSimulator({ noojeeApiKey: API_KEY, noojeeMinReplyMs: 5 });
});

afterEach(async () => {
  await pipeline?.stop();
  pipeline = null;
  await sim.close();
});

/** `databasePath`: a file shared by two pipelines stands for a Linesight restart on the same DB. */
function connect(databasePath = ':memory:'): Pipeline {
  const config: TNoojeeConnection = {
    id: CONN,
    vendor: 'noojee',
    name: 'Integration',
    baseUrl: sim.urls.noojee,
    apiKey: API_KEY,
    extensions: sim.directory.phones.filter((p) => p.site === 'A').map((p) => p.number),
    tech: 'SIP',
    pollTimeoutS: 2,
  };
  // The registry's connector, with what a previous process stored (legs, ended rounds, stream position).
  pipeline = startPipeline({ databasePath, connections: [config] });
  return pipeline;
}

async function control(path: string, body: unknown = {}) {
  const response = await fetch(`${sim.urls.control}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.ok, `${path} → ${response.status}`).toBe(true);
  return (await response.json()) as { callId: string };
}

/** Faults still waiting to fire: a test that injected one must see it consumed, or it proved nothing. */
async function pendingFaults(): Promise<unknown[]> {
  const response = await fetch(`${sim.urls.control}/control/faults`);
  return ((await response.json()) as { noojee: unknown[] }).noojee;
}

const boardLegs = (board: Board) =>
  board.extensions
    .filter((e) => e.connectionId === CONN)
    .flatMap((e) => e.calls.map((c) => `${e.number}|${c.vendorCallId}|${c.state}`))
    .sort();

const truthLegs = (truth: Truth) => truth.legs.filter((l) => l.site === 'A').map((l) => `${l.extension}|${l.uniqueCallId}|${l.state}`).sort();

/** Waits until the board shows exactly the simulator's live legs (and the connection is live). */
async function expectBoardToMatchTruth(p: Pipeline, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let board = p.projector.board(0);
  let truth = sim.engine.truth();
  while (Date.now() < deadline) {
    board = p.projector.board(0);
    truth = sim.engine.truth();
    const live = board.connections.find((c) => c.id === CONN)?.status === 'live';
    if (live && JSON.stringify(boardLegs(board)) === JSON.stringify(truthLegs(truth))) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  expect(boardLegs(board)).toEqual(truthLegs(truth));
}

/**
 * After a restart on the same database, round 2 of the queue call on 211 shows ringing, is answered
 * and hung up; the rounds end no_answer and answered, and round 1's row is exactly what the first
 * process wrote (final: never reopened by the restart).
 */
async function round2AfterRestart(p: Pipeline, callId: string, round1Before: unknown): Promise<void> {
  const round1 = `${CONN}:211:${callId}`;
  const round2 = `${round1}~r2`;
  const on211 = () => (p.projector.board(0).extensions.find((e) => e.connectionId === CONN && e.number === '211')?.calls ?? []).map((c) => `${c.id}|${c.state}`);
  await expectBoardToMatchTruth(p);
  expect(on211()).toEqual([`${round2}|ringing`]);
  await control(`/control/calls/${callId}/answer`, { extension: '211' });
  await expectBoardToMatchTruth(p);
  expect(on211()).toEqual([`${round2}|talking`]);
  await control(`/control/calls/${callId}/hangup`);
  await expectBoardToMatchTruth(p);
  await expect
    .poll(() => p.db.select().from(calls).all().filter((r) => r.vendorCallId === callId).map((r) => `${r.id}|${r.outcome}`).sort())
    .toEqual([`${round1}|no_answer`, `${round2}|answered`]);
  expect(p.db.select().from(calls).all().find((r) => r.id === round1)).toEqual(round1Before);
}


async function busyFloor(): Promise<string[]> {
  const ids: string[] = [];
  ids.push((await control('/control/calls', { from: '0298765432', to: '201' })).callId);
  const internal = (await control('/control/calls', { from: '202', to: '203' })).callId;
  await control(`/control/calls/${internal}/answer`, { extension: '203' });
  ids.push(internal, (await control('/control/calls', { from: '204', to: '0355501234' })).callId);
  return ids;
}

describe('Noojee connector against the simulator', () => {
  it('starts from the snapshot: calls already up before it connects are on the board', async () => {
    await busyFloor();
    const p = connect();
    await expectBoardToMatchTruth(p);
    expect(truthLegs(sim.engine.truth()).length).toBeGreaterThanOrEqual(4);
  });

  it('follows events in order: ring, answer, hang up', async () => {
    const p = connect();
    await expectBoardToMatchTruth(p);
    const { callId } = await control('/control/calls', { from: '0411222333', to: '205' });
    await expectBoardToMatchTruth(p);
    await control(`/control/calls/${callId}/answer`, { extension: '205' });
    await expectBoardToMatchTruth(p);
    expect(p.projector.board(0).extensions.find((e) => e.number === '205')?.state).toBe('talking');
    await control(`/control/calls/${callId}/hangup`);
    await expectBoardToMatchTruth(p);
    const row = p.db.select().from(calls).all().find((c) => c.vendorCallId === callId);
    expect(row).toMatchObject({ outcome: 'answered' });
    expect(row?.endedAt).not.toBeNull();
  });

  it('duplicated and replayed entries are harmless', async () => {
    const p = connect();
    await expectBoardToMatchTruth(p);
    await control('/control/faults', { target: 'noojee', kind: 'duplicate', count: 1 });
    await control('/control/faults', { target: 'noojee', kind: 'replay', count: 1 });
    const [, internal] = await busyFloor();
    await expectBoardToMatchTruth(p);
    await control(`/control/calls/${internal}/hangup`);
    await expectBoardToMatchTruth(p);
    await control('/control/calls', { from: '0299990000', to: '208' });
    await expectBoardToMatchTruth(p);
    await expect.poll(pendingFaults).toEqual([]);
    await expectBoardToMatchTruth(p);
    const rows = p.db.select().from(calls).all();
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(rows.filter((r) => r.vendorCallId === internal).every((r) => r.outcome === 'answered')).toBe(true);
  });

  for (const kind of ['drop', 'http500', 'nonjson'] as const) {
    it(`recovers from a ${kind} fault and converges to the truth`, async () => {
      const p = connect();
      await expectBoardToMatchTruth(p);
      await control('/control/faults', { target: 'noojee', kind, count: 1, delayMs: kind === 'drop' ? 50 : undefined });
      const ids = await busyFloor();
      await control(`/control/calls/${ids[0]}/answer`, { extension: '201' });
      await expectBoardToMatchTruth(p);
      await control(`/control/calls/${ids[1]}/hangup`);
      await expectBoardToMatchTruth(p);
      expect(await pendingFaults()).toEqual([]);
    });
  }

  it('resynchronises from a snapshot when the PBX restarts its seq, and converges', async () => {
    const p = connect();
    const ids = await busyFloor();
    await expectBoardToMatchTruth(p);
    await control('/control/faults', { target: 'noojee', kind: 'seqReset' });
    // The waiting poll is answered with a seq below the one it sent: that is how a restart shows.
    await expect.poll(() => p.db.select().from(events).all().filter((e) => e.type === 'extensions.resync').length).toBe(2);
    await control(`/control/calls/${ids[0]}/answer`, { extension: '201' });
    await control(`/control/calls/${ids[1]}/hangup`);
    await control('/control/calls', { from: '0299990000', to: '208' });
    await expectBoardToMatchTruth(p);
  });

  it('a queue ringing the same agent twice on one call: the second round shows talking, a replay changes nothing', async () => {
    // A ring timeout short enough for a test; only 211 of queue 601's agents can ring, so rrmemory
    // rings it again on the same call (same uniqueCallId, noojee.md A5) as soon as it misses.
    await sim.close();
    // Rounds a ring timeout apart: one shorter than the subscribe loop's replay window (3 s) would make
    // round 2's No Answer look like round 1's resent, and the rounds would merge (subscribe-loop.ts).
    sim = await startSimulator({ noojeeApiKey: API_KEY, noojeeMinReplyMs: 5, engine: { ringTimeoutMs: 3500 } });
    for (const agent of ['207', '208', '209', '210', '212']) sim.engine.configurePhone(agent, { registered: false });
    const p = connect();
    await expectBoardToMatchTruth(p);
    const { callId } = await control('/control/calls', { from: '0412000111', to: '601' });
    const round1 = `${CONN}:211:${callId}`;
    const round2 = `${round1}~r2`;
    const callsOn211 = () => p.projector.board(0).extensions.find((e) => e.connectionId === CONN && e.number === '211')?.calls ?? [];
    await expect.poll(() => callsOn211().map((c) => `${c.id}|${c.state}`), { timeout: 5000 }).toEqual([`${round1}|ringing`]);
    // Round 1 times out (No Answer) and the queue rings 211 again.
    await expect.poll(() => callsOn211().map((c) => `${c.id}|${c.state}`), { timeout: 5000 }).toEqual([`${round2}|ringing`]);
    await control(`/control/calls/${callId}/answer`, { extension: '211' });
    await expectBoardToMatchTruth(p);
    expect(p.projector.board(0).extensions.find((e) => e.connectionId === CONN && e.number === '211')?.state).toBe('talking');
    expect(callsOn211().map((c) => `${c.id}|${c.state}`)).toEqual([`${round2}|talking`]);

    // The replay fault resends the call's whole history (both rounds): nothing may change.
    const rowsBefore = JSON.stringify(p.db.select().from(calls).all());
    await control('/control/faults', { target: 'noojee', kind: 'replay', count: 1 });
    await expect.poll(pendingFaults, { timeout: 6000 }).toEqual([]);
    await expectBoardToMatchTruth(p);
    expect(callsOn211().map((c) => `${c.id}|${c.state}`)).toEqual([`${round2}|talking`]);
    expect(JSON.stringify(p.db.select().from(calls).all())).toBe(rowsBefore);

    await control(`/control/calls/${callId}/hangup`);
    await expectBoardToMatchTruth(p);
    await expect
      .poll(() => p.db.select().from(calls).all().filter((r) => r.vendorCallId === callId).map((r) => `${r.id}|${r.outcome}`).sort())
      .toEqual([`${round1}|no_answer`, `${round2}|answered`]);
  });

  it('the queue misses 211 twice and rings it a third time: each round ends no_answer in its own row, ~r3 rings', async () => {
    await sim.close();
    // Rounds a ring timeout apart: one shorter than the subscribe loop's replay window (3 s) would make
    // round 2's No Answer look like round 1's resent, and the rounds would merge (subscribe-loop.ts).
    sim = await startSimulator({ noojeeApiKey: API_KEY, noojeeMinReplyMs: 5, engine: { ringTimeoutMs: 3500 } });
    for (const agent of ['207', '208', '209', '210', '212']) sim.engine.configurePhone(agent, { registered: false });
    const p = connect();
    await expectBoardToMatchTruth(p);
    const { callId } = await control('/control/calls', { from: '0412000111', to: '601' });
    const round1 = `${CONN}:211:${callId}`;
    const callsOn211 = () => p.projector.board(0).extensions.find((e) => e.connectionId === CONN && e.number === '211')?.calls ?? [];
    // Round 2's No Answer and round 3's Ringing come in one long-poll reply.
    await expect.poll(() => callsOn211().map((c) => `${c.id}|${c.state}`), { timeout: 15_000 }).toEqual([`${round1}~r3|ringing`]);
    expect(p.db.select().from(calls).all().filter((r) => r.vendorCallId === callId).map((r) => `${r.id}|${r.outcome}`).sort()).toEqual([
      `${round1}|no_answer`,
      `${round1}~r2|no_answer`,
      `${round1}~r3|null`,
    ]);
  });

  it('a Linesight restart during a queue re-ring round keeps that round; round 1 keeps its outcome (chaos A 201/203/204/207)', async () => {
    await sim.close();
    sim = await startSimulator({ noojeeApiKey: API_KEY, noojeeMinReplyMs: 5, engine: { ringTimeoutMs: 3000 } });
    for (const agent of ['207', '208', '209', '210', '212']) sim.engine.configurePhone(agent, { registered: false });
    const dir = mkdtempSync(join(tmpdir(), 'linesight-noojee-restart-'));
    try {
      const databasePath = join(dir, 'linesight.db');
      let p = connect(databasePath);
      await expectBoardToMatchTruth(p);
      const { callId } = await control('/control/calls', { from: '0412000111', to: '601' });
      const round1 = `${CONN}:211:${callId}`;
      const round2 = `${round1}~r2`;
      const callsOn211 = () => p.projector.board(0).extensions.find((e) => e.connectionId === CONN && e.number === '211')?.calls ?? [];
      await expect.poll(() => callsOn211().map((c) => `${c.id}|${c.state}`), { timeout: 5000 }).toEqual([`${round2}|ringing`]);
      const round1Row = () => p.db.select().from(calls).all().find((r) => r.id === round1);
      const round1Before = round1Row();
      expect(round1Before).toMatchObject({ outcome: 'no_answer' });

      // The process goes away with round 2 ringing; a new one starts on the same database.
      await p.stop();
      p = connect(databasePath);
      await round2AfterRestart(p, callId, round1Before);
    } finally {
      await pipeline?.stop();
      pipeline = null;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('round 1 ends before a Linesight restart and the queue re-rings the agent while it is down: the restart opens ~r2', async () => {
    await sim.close();
    sim = await startSimulator({ noojeeApiKey: API_KEY, noojeeMinReplyMs: 5, engine: { ringTimeoutMs: 3000, queueRetryMs: 200 } });
    for (const agent of ['207', '208', '209', '210', '212']) sim.engine.configurePhone(agent, { registered: false });
    const dir = mkdtempSync(join(tmpdir(), 'linesight-noojee-outage-round-'));
    try {
      const databasePath = join(dir, 'linesight.db');
      let p = connect(databasePath);
      await expectBoardToMatchTruth(p);
      const { callId } = await control('/control/calls', { from: '0412000111', to: '601' });
      const round1 = `${CONN}:211:${callId}`;
      const callsOn211 = () => p.projector.board(0).extensions.find((e) => e.connectionId === CONN && e.number === '211')?.calls ?? [];
      await expect.poll(() => callsOn211().map((c) => `${c.id}|${c.state}`), { timeout: 5000 }).toEqual([`${round1}|ringing`]);
      // With 211 unregistered the queue finds nobody once round 1 times out and keeps the caller waiting.
      sim.engine.configurePhone('211', { registered: false });
      const round1Row = () => p.db.select().from(calls).all().find((r) => r.id === round1);
      await expect.poll(() => round1Row()?.outcome, { timeout: 6000 }).toBe('no_answer');
      const round1Before = round1Row();

      // Linesight goes away; meanwhile 211 registers again and the queue rings it on the same call.
      await p.stop();
      sim.engine.configurePhone('211', { registered: true });
      await expect.poll(() => truthLegs(sim.engine.truth()).filter((l) => l.startsWith('211|')), { timeout: 3000 }).toEqual([`211|${callId}|ringing`]);

      p = connect(databasePath);
      await round2AfterRestart(p, callId, round1Before);
    } finally {
      await pipeline?.stop();
      pipeline = null;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('calls answered and ended while Linesight was down keep their outcome: the restart replays from the stored seq', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linesight-noojee-resume-'));
    try {
      const databasePath = join(dir, 'linesight.db');
      let p = connect(databasePath);
      await expectBoardToMatchTruth(p);
      const ringing = (await control('/control/calls', { from: '0298765432', to: '201' })).callId;
      await expectBoardToMatchTruth(p);
      const storedSeq = () => JSON.parse(p.projector.streamPosition(CONN)?.position ?? '{}') as { seq?: number };
      await expect.poll(() => storedSeq().seq ?? 0).toBeGreaterThan(0);

      // Down: the ringing call is answered and ends, and a whole call comes and goes.
      await p.stop();
      await control(`/control/calls/${ringing}/answer`, { extension: '201' });
      await control(`/control/calls/${ringing}/hangup`);
      const unseen = (await control('/control/calls', { from: '0355501234', to: '202' })).callId;
      await control(`/control/calls/${unseen}/answer`, { extension: '202' });
      await control(`/control/calls/${unseen}/hangup`);

      const seqBefore = storedSeq().seq;
      p = connect(databasePath);
      await expectBoardToMatchTruth(p);
      const rows = () =>
        p.db.select().from(calls).all().filter((r) => r.vendorCallId === ringing || r.vendorCallId === unseen).map((r) => `${r.id}|${r.outcome}|${r.answeredAt !== null}`).sort();
      // A snapshot could only end the first as cancelled and never learn of the second.
      await expect.poll(rows).toEqual([`${CONN}:201:${ringing}|answered|true`, `${CONN}:202:${unseen}|answered|true`].sort());
      expect(storedSeq().seq).toBeGreaterThan(seqBefore ?? 0);
    } finally {
      await pipeline?.stop();
      pipeline = null;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('click-to-dial rings the agent first, then the number', async () => {
    const p = connect();
    await expectBoardToMatchTruth(p);
    expect(await p.commands.dial(CONN, '207', '0388001234')).toEqual({ ok: true });
    await expectBoardToMatchTruth(p);
    const leg = sim.engine.truth().legs.find((l) => l.extension === '207');
    expect(leg).toMatchObject({ state: 'ringing' });
    expect(await p.commands.dial(CONN, null, '0388001234')).toMatchObject({ ok: false, status: 409 });
  });

  it('records a live call through the PBX and the simulator confirms it', async () => {
    const p = connect();
    const { callId } = await control('/control/calls', { from: '0433444555', to: '206' });
    await control(`/control/calls/${callId}/answer`, { extension: '206' });
    await expectBoardToMatchTruth(p);
    const legId = `${CONN}:206:${callId}`;
    expect(await p.commands.setRecording(legId, 'on')).toEqual({ ok: true });
    expect(sim.engine.truth().legs.find((l) => l.uniqueCallId === callId)?.recording).toBe(true);
    expect(p.projector.findLeg(legId)?.call.recording).toBe('on');
    expect(await p.commands.setRecording(legId, 'off')).toEqual({ ok: true });
    expect(sim.engine.truth().legs.find((l) => l.uniqueCallId === callId)?.recording).toBe(false);
    expect(p.projector.findLeg(legId)?.call.recording).toBe('off');
  });
});
