/**
 * The admin side of connections and hooks against the simulator over real sockets: connections
 * added, edited, disabled and deleted start and stop live; "Test connection" names the failed step;
 * hooks are read and written on the PBX itself, vendor refusals land under the right field, and a
 * hook of ours counts the requests it delivers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TConnectionConfig } from '@/lib/connection-config';
import type { THookInput } from '@/lib/hook-admin';
import { startPipeline, type Pipeline } from '@/server/pipeline';
import { startSimulator, type RunningSimulator } from '@/server/simulator';
import { startIntakeTestServer } from '@/server/webhooks/intake-test-server';

let sim: RunningSimulator | null = null;
let pipeline: Pipeline | null = null;
let intake: { url: string; close(): Promise<void> } | null = null;

afterEach(async () => {
  await pipeline?.stop();
  await sim?.close();
  await intake?.close();
  pipeline = sim = intake = null;
});

const NOOJEE_KEY = 'it-noojee-key';

async function start(fixed: (s: RunningSimulator) => TConnectionConfig[] = () => []) {
  sim = await startSimulator({ noojeeApiKey: NOOJEE_KEY, seed: 3 });
  intake = await startIntakeTestServer(() => pipeline!);
  pipeline = startPipeline({ databasePath: ':memory:', connections: [] });
  pipeline.connections.start(
    fixed(sim).map((config) => ({ config, source: 'file', sourceDetail: 'config file /etc/linesight.json' })),
    { publicUrl: intake.url },
  );
  return { sim, pipeline };
}

const telphin = (s: RunningSimulator, over: Record<string, unknown> = {}) => ({
  id: 'branch', vendor: 'telphin', name: 'Branch', baseUrl: s.urls.telphin, clientId: s.telphin.clientId, clientSecret: s.telphin.clientSecret,
  extensions: ['401', '402'], ...over,
});
const voipnow = (s: RunningSimulator, over: Record<string, unknown> = {}) => ({
  id: 'eu', vendor: 'voipnow', name: 'EU', baseUrl: s.urls.voipnow, clientId: s.voipnow.clientId, clientSecret: s.voipnow.clientSecret,
  extensions: ['0005*501', '0005*502'], ...over,
});
const statusOf = (p: Pipeline, id: string) => p.connections.view(id)?.status;
const tilesOf = (p: Pipeline, id: string) => p.projector.board(0).extensions.filter((e) => e.connectionId === id).length;

describe('connections from the admin UI', () => {
  it('add → live, edit keeps the secret, disable stops it, enable restarts it, delete removes it', async () => {
    const { sim, pipeline: p } = await start();
    const created = await p.connections.create(telphin(sim));
    expect(created.ok).toBe(true);
    await expect.poll(() => statusOf(p, 'branch'), { timeout: 10_000 }).toBe('live');
    await expect.poll(() => tilesOf(p, 'branch')).toBe(2);
    const view = p.connections.view('branch')!;
    expect(view).toMatchObject({ source: 'ui', editable: true, enabled: true, secretsSet: ['clientSecret'], manageHooks: true });
    expect(JSON.stringify(p.connections.list())).not.toContain(sim.telphin.clientSecret);

    const edited = await p.connections.update('branch', { ...telphin(sim), name: 'Branch office', clientSecret: '', extensions: ['401'] });
    expect(edited).toMatchObject({ ok: true, value: { name: 'Branch office' } });
    await expect.poll(() => statusOf(p, 'branch'), { timeout: 10_000 }).toBe('live');
    await expect.poll(() => tilesOf(p, 'branch')).toBe(1);

    expect(await p.connections.setEnabled('branch', false)).toMatchObject({ ok: true, value: { status: 'disabled', enabled: false } });
    expect(p.connectors.has('branch')).toBe(false);
    expect(tilesOf(p, 'branch')).toBe(0);
    expect(p.projector.board(0).connections.some((c) => c.id === 'branch')).toBe(false);

    await p.connections.setEnabled('branch', true);
    await expect.poll(() => statusOf(p, 'branch'), { timeout: 10_000 }).toBe('live');

    expect(await p.connections.remove('branch')).toMatchObject({ ok: true });
    expect(p.connections.view('branch')).toBeNull();
    expect(p.connectors.has('branch')).toBe(false);
    expect(tilesOf(p, 'branch')).toBe(0);
  });

  it('survives a restart: saved connections come back from SQLite, disabled ones stay stopped', async () => {
    sim = await startSimulator({ noojeeApiKey: NOOJEE_KEY, seed: 3 });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'linesight-conn-')), 'db.sqlite');
    const first = startPipeline({ databasePath: file, connections: [] });
    first.connections.start([], { publicUrl: 'http://127.0.0.1:9' });
    await first.connections.create({ ...voipnow(sim), enabled: false });
    await first.connections.create(telphin(sim));
    await first.stop();
    pipeline = startPipeline({ databasePath: file, connections: [] });
    pipeline.connections.start([], { publicUrl: 'http://127.0.0.1:9' });
    expect(pipeline.connections.list().map((c) => [c.id, c.enabled, c.source])).toEqual([
      ['branch', true, 'ui'],
      ['eu', false, 'ui'],
    ]);
    expect(statusOf(pipeline, 'eu')).toBe('disabled');
    await expect.poll(() => statusOf(pipeline!, 'branch'), { timeout: 10_000 }).toBe('live');
  });

  it('refuses bad input with field errors, a taken id with 409, and leaves config-file entries alone', async () => {
    const { sim, pipeline: p } = await start((s) => [telphin(s, { id: 'from-file' }) as TConnectionConfig]);
    const bad = await p.connections.create({ vendor: 'telphin', id: 'x y', name: '', baseUrl: 'not a url', clientId: 'a' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(Object.keys(bad.fieldErrors ?? {}).sort()).toEqual(['baseUrl', 'clientSecret', 'id', 'name']);
    const taken = await p.connections.create(telphin(sim, { id: 'from-file' }));
    expect(taken).toMatchObject({ ok: false, status: 409, fieldErrors: { id: [expect.stringContaining('already exists')] } });
    expect(await p.connections.update('from-file', telphin(sim, { id: 'from-file' }))).toMatchObject({ ok: false, status: 409 });
    expect(await p.connections.remove('from-file')).toMatchObject({ ok: false, status: 409 });
    expect(p.connections.view('from-file')).toMatchObject({ source: 'file', editable: false, sourceDetail: 'config file /etc/linesight.json' });
  });
});

describe('Test connection', () => {
  it('passes on every vendor with the right settings', async () => {
    const { sim, pipeline: p } = await start();
    const login = sim.switchvox.accounts().find((a) => a.kind === 'phone' && a.password)!;
    const drafts = [
      { id: 'n', vendor: 'noojee', name: 'N', baseUrl: sim.urls.noojee, apiKey: NOOJEE_KEY, extensions: ['201', '202'] },
      { id: 's', vendor: 'switchvox', name: 'S', url: sim.urls.switchvox, extension: login.extension, password: login.password, accounts: [{ accountId: login.accountId, extension: login.extension }] },
      telphin(sim),
      voipnow(sim),
    ];
    for (const draft of drafts) {
      const result = await p.connections.test(draft);
      expect(result.ok && result.value, String(draft.vendor)).toMatchObject({ ok: true, message: 'Connection works.' });
    }
  });

  it('names the failed step: sign-in, DNS, connect, configuration', async () => {
    const { sim, pipeline: p } = await start();
    const step = async (draft: Record<string, unknown>) => {
      const result = await p.connections.test(draft);
      if (!result.ok) throw new Error(result.error);
      expect(result.value.message).not.toContain('wrong-secret-123');
      return result.value.ok ? 'ok' : result.value.step;
    };
    expect(await step(telphin(sim, { clientSecret: 'wrong-secret-123' }))).toBe('auth');
    expect(await step(voipnow(sim, { clientSecret: 'wrong-secret-123' }))).toBe('auth');
    expect(await step({ id: 'n', vendor: 'noojee', name: 'N', baseUrl: sim.urls.noojee, apiKey: 'wrong-secret-123', extensions: ['201'] })).toBe('auth');
    const login = sim.switchvox.accounts().find((a) => a.kind === 'phone' && a.password)!;
    expect(
      await step({ id: 's', vendor: 'switchvox', name: 'S', url: sim.urls.switchvox, extension: login.extension, password: 'wrong-secret-123', accounts: [{ accountId: login.accountId, extension: login.extension }] }),
    ).toBe('auth');
    expect(await step(telphin(sim, { baseUrl: 'http://no-such-pbx.invalid' }))).toBe('dns');
    expect(await step(telphin(sim, { baseUrl: 'http://127.0.0.1:1' }))).toBe('connect');
    expect(await step(telphin(sim, { extensions: ['499'] }))).toBe('config');
  });

  it('tests a saved connection with its stored secret when the form leaves it empty', async () => {
    const { sim, pipeline: p } = await start();
    await p.connections.create({ ...telphin(sim), enabled: false });
    const result = await p.connections.test({ ...telphin(sim), clientSecret: '' });
    expect(result.ok && result.value.ok).toBe(true);
    expect(await p.connections.testKnown('branch')).toMatchObject({ ok: true, value: { ok: true } });
  });
});

describe('event hooks on the PBX', () => {
  it('Telphin: lists extensions, creates / edits / deletes a hook, maps the vendor error to its field, counts deliveries', async () => {
    const { sim, pipeline: p } = await start((s) => [telphin(s) as TConnectionConfig]);
    await expect.poll(() => statusOf(p, 'branch'), { timeout: 10_000 }).toBe('live');
    const all = await p.hooks.extensions('branch', '');
    expect(all.ok && all.value.length).toBeGreaterThanOrEqual(12);
    const found = await p.hooks.extensions('branch', '403');
    expect(found.ok && found.value.map((e) => [e.label, e.watched])).toEqual([['0003*403', false]]);
    const key = found.ok ? found.value[0]!.key : '';

    const input: THookInput = { vendor: 'telphin', event_type: 'dial-in', method: 'POST', destination: { target: 'linesight' } };
    const created = await p.hooks.create('branch', key, input);
    expect(created).toMatchObject({ ok: true, value: { ours: true, event_type: 'dial-in', delivery: { lastAt: null, lastHour: 0 } } });
    if (!created.ok) return;
    expect(created.value.url).toContain('token=•••');

    await fetch(`${sim.urls.control}/control/calls`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: '+79035550101', to: '403' }) });
    await expect
      .poll(async () => {
        const listed = await p.hooks.list('branch', key);
        return listed.ok ? listed.value.find((h) => h.id === created.value.id)?.delivery?.lastHour : -1;
      }, { timeout: 10_000 })
      .toBe(1);

    const edited = await p.hooks.update('branch', key, created.value.id, { ...input, method: 'GET', destination: { target: 'url', url: 'https://crm.example/hook?id=1' } });
    expect(edited).toMatchObject({ ok: true, value: { method: 'GET', url: 'https://crm.example/hook?id=1', ours: false } });

    const refused = await p.hooks.update('branch', key, created.value.id, { ...input, destination: { target: 'url', url: '/relative' } });
    expect(refused).toMatchObject({ ok: false, status: 400, body: { fieldErrors: { url: [expect.stringContaining('absolute')] } } });

    expect(await p.hooks.remove('branch', key, created.value.id)).toMatchObject({ ok: true });
    const after = await p.hooks.list('branch', key);
    expect(after.ok && after.value.some((h) => h.id === created.value.id)).toBe(false);
    expect(await p.hooks.remove('branch', key, created.value.id)).toMatchObject({ ok: true });
  });

  it('VoipNow: pce_url_invalid under url, pce_note_invalid under note, type immutable', async () => {
    const { pipeline: p } = await start((s) => [voipnow(s) as TConnectionConfig]);
    await expect.poll(() => statusOf(p, 'eu'), { timeout: 10_000 }).toBe('live');
    const ext = '0005*503';
    const base = { vendor: 'voipnow', type: '0', method: '1', note: 'CRM', status: '1' } as const;
    const badUrl = await p.hooks.create('eu', ext, { ...base, destination: { target: 'url', url: 'https://crm.example/a hook' } });
    expect(badUrl).toMatchObject({ ok: false, status: 400, body: { code: 'pce_url_invalid', fieldErrors: { url: [expect.stringContaining('pce_url_invalid')] } } });
    const badNote = await p.hooks.create('eu', ext, { ...base, note: 'x'.repeat(1025), destination: { target: 'url', url: 'https://crm.example/hook' } });
    expect(badNote).toMatchObject({ ok: false, body: { code: 'pce_note_invalid', fieldErrors: { note: [expect.any(String)] } } });

    const created = await p.hooks.create('eu', ext, { ...base, destination: { target: 'url', url: 'https://crm.example/hook' } });
    expect(created).toMatchObject({ ok: true, value: { type: '0', note: 'CRM', ours: false } });
    if (!created.ok) return;
    const edited = await p.hooks.update('eu', ext, created.value.id, { ...base, status: '0', note: 'paused', destination: { target: 'url', url: 'https://crm.example/hook2' } });
    expect(edited).toMatchObject({ ok: true, value: { status: '0', note: 'paused', url: 'https://crm.example/hook2' } });
    const retyped = await p.hooks.update('eu', ext, created.value.id, { ...base, type: '2', destination: { target: 'linesight' } });
    expect(retyped).toMatchObject({ ok: false, status: 400, body: { fieldErrors: { type: [expect.any(String)] } } });
    expect(await p.hooks.remove('eu', ext, created.value.id)).toMatchObject({ ok: true });
    expect(await p.hooks.remove('eu', ext, created.value.id)).toMatchObject({ ok: false, status: 404 });
  });

  it('bulk: "send to Linesight" is safe to run twice, "remove ours" leaves other hooks', async () => {
    const { pipeline: p } = await start((s) => [voipnow(s) as TConnectionConfig]);
    await expect.poll(() => statusOf(p, 'eu'), { timeout: 10_000 }).toBe('live');
    const ext = '0005*504';
    await p.hooks.create('eu', ext, { vendor: 'voipnow', type: '2', method: '0', note: '', status: '1', destination: { target: 'url', url: 'https://crm.example/h' } });
    const first = await p.hooks.ensureOurs('eu', ext);
    expect(first).toMatchObject({ ok: true, value: { ok: true, created: 5, kept: 0 } });
    const second = await p.hooks.ensureOurs('eu', ext);
    expect(second).toMatchObject({ ok: true, value: { ok: true, created: 0, kept: 5, message: '5 already in place.' } });
    const removed = await p.hooks.removeOurs('eu', ext);
    expect(removed).toMatchObject({ ok: true, value: { deleted: 5 } });
    const left = await p.hooks.list('eu', ext);
    expect(left.ok && left.value.map((h) => h.url)).toEqual(['https://crm.example/h']);
  });

  it('refuses hooks on vendors without them and on disabled connections', async () => {
    const { sim, pipeline: p } = await start((s) => [{ id: 'n', vendor: 'noojee', name: 'N', baseUrl: s.urls.noojee, apiKey: NOOJEE_KEY, extensions: ['201'], tech: 'SIP', pollTimeoutS: 25 }]);
    expect(await p.hooks.list('n', '201')).toMatchObject({ ok: false, status: 409 });
    expect(await p.hooks.list('nope', '201')).toMatchObject({ ok: false, status: 404 });
    await p.connections.create({ ...telphin(sim), enabled: false });
    expect(await p.hooks.list('branch', '1')).toMatchObject({ ok: false, status: 409, body: { error: expect.stringContaining('disabled') } });
  });
});
