import { afterEach, describe, expect, it } from 'vitest';
import { webhookUrl } from '@/server/connectors/webhook-token';
import { createVoipnowClient } from './client';
import { captureLogger, FAKE_CLIENT_ID, FAKE_CLIENT_SECRET, json, startFakeVoipnow, type FakeVoipnowOptions } from './fake-voipnow-server';
import { describeHookProblems, ensureHooks } from './hook-hygiene';

const publicUrl = 'https://linesight.example';
const token = 'tok-current';
const url = (type: string, t = token, ext = '0003*210') => webhookUrl(publicUrl, 'vn', type, t, ext);

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(fake: FakeVoipnowOptions = {}) {
  const server = await startFakeVoipnow(fake);
  cleanups.push(() => server.close());
  const { logger } = captureLogger();
  const client = createVoipnowClient({ baseUrl: server.url, clientId: FAKE_CLIENT_ID, clientSecret: FAKE_CLIENT_SECRET, logger });
  const run = (extensions = ['0003*210', '0003*211']) => ensureHooks({ client, connectionId: 'vn', publicUrl, token, extensions, log: logger });
  return { server, run };
}

const summaryOf = (events: { type: string; url: string; method: string; status: string }[] | undefined) =>
  (events ?? []).map((e) => `${e.type} ${e.method} ${e.status} ${e.url}`).sort();

describe('VoipNow hook hygiene', () => {
  it('registers one enabled POST event per type with its own URL on every extension', async () => {
    const { server, run } = await setup();
    const summary = await run();
    expect(summary).toMatchObject({ created: 10, deleted: 0, kept: 0, missing: 0, errors: [], incomplete: [] });
    for (const ext of ['0003*210', '0003*211']) {
      expect(summaryOf(server.events.get(ext))).toEqual(['0', '1', '2', '3', '4'].map((t) => `${t} 1 1 ${url(t, token, ext)}`).sort());
    }
    expect(describeHookProblems(summary)).toBeNull();
    // A second run changes nothing.
    expect(await run()).toMatchObject({ created: 0, deleted: 0, kept: 10 });
  });

  it('removes our stale events (old token, duplicate), fixes a disabled one, never touches others', async () => {
    const { server, run } = await setup();
    const foreign = server.addEvent('0003*210', { type: '0', method: '0', url: 'https://crm.example/voipnow', status: '1' });
    server.addEvent('0003*210', { type: '0', method: '1', url: url('0', 'old-token'), status: '1' });
    server.addEvent('0003*210', { type: '2', method: '1', url: url('2'), status: '0' });
    server.addEvent('0003*210', { type: '2', method: '1', url: url('2'), status: '1' });
    server.addEvent('0003*210', { type: '1', method: '1', url: url('2'), status: '1' });
    const summary = await run(['0003*210']);
    expect(summary).toMatchObject({ deleted: 3, updated: 1, created: 4, missing: 0 });
    const events = server.events.get('0003*210') ?? [];
    expect(events).toContainEqual(foreign);
    expect(summaryOf(events.filter((e) => e !== foreign))).toEqual(['0', '1', '2', '3', '4'].map((t) => `${t} 1 1 ${url(t)}`).sort());
  });

  it('an older release without types 3/4 is not a problem', async () => {
    const { server, run } = await setup({ eventTypes: ['0', '1', '2'] });
    const summary = await run(['0003*210']);
    expect(summary).toMatchObject({ created: 3, missing: 0, unsupported: ['0003*210:3', '0003*210:4'], errors: [] });
    expect(server.events.get('0003*210')).toHaveLength(3);
    expect(describeHookProblems(summary)).toBeNull();
  });

  it('reports an unknown extension and a failing create in plain words, without throwing', async () => {
    const { server, run } = await setup();
    server.intercept = (req, res) => {
      if (req.method === 'POST' && req.path.includes('0003*211') && JSON.parse(req.body).type === '1') {
        json(res, 500, { error: { code: 'internal_server_error', message: 'db down' } });
        return true;
      }
    };
    const summary = await run(['0003*210', '0003*211', '0003*999']);
    expect(summary.incomplete).toEqual(['0003*211', '0003*999']);
    expect(summary.errors.map((e) => e.extension)).toEqual(['0003*211', '0003*999']);
    expect(describeHookProblems(summary)).toMatch(/Could not register all VoipNow call events: 4 missing \(0003\*211: .*HTTP 500.*db down/);
  });
});
