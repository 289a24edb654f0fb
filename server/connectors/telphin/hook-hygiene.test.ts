import { afterEach, describe, expect, it } from 'vitest';
import { webhookUrl } from '@/server/connectors/webhook-token';
import { createTelphinClient } from './client';
import { directory } from './fixtures';
import { captureLogger, FAKE_APP_ID, FAKE_APP_SECRET, json, startFakeTelphin, type FakeTelphin, type FakeTelphinOptions } from './fake-telphin-server';
import { describeHookProblems, ensureHooks, HOOK_EVENTS, ourHookPrefix } from './hook-hygiene';

const publicUrl = 'https://linesight.example';
const token = 'tok-current-0123456789';
const phones = directory.filter((e) => e.kind === 'phone');
const [p101] = phones;
const queue = directory.find((e) => e.kind === 'queue')!;
const ivr = directory.find((e) => e.kind === 'ivr')!;

let fake: FakeTelphin | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(options: FakeTelphinOptions = {}) {
  fake = await startFakeTelphin(options);
  const { logger, lines } = captureLogger();
  const client = createTelphinClient({ baseUrl: fake.url, clientId: FAKE_APP_ID, clientSecret: FAKE_APP_SECRET, logger, secrets: [token] });
  const run = (extensions = directory, tokenNow = token) =>
    ensureHooks({ client, connectionId: 'ru', publicUrl, token: tokenNow, extensions, log: logger, concurrency: 2 });
  return { server: fake, run, lines };
}

const url = (event: string, t = token, ext = p101!.id) => webhookUrl(publicUrl, 'ru', event, t, ext);
const hooksOf = (server: FakeTelphin, id: string) => (server.hooks.get(Number(id)) ?? []).map((h) => `${h.method} ${h.event_type} ${h.url}`).sort();

describe('Telphin hook hygiene (§11.10)', () => {
  it('creates POST hooks: four on phones, dial-in/answer/hangup on queues and IVRs', async () => {
    const { server, run } = await setup();
    const summary = await run();
    expect(summary).toEqual({ created: 3 * 4 + 2 * 3, deleted: 0, kept: 0, missing: 0, limitReached: false, errors: [], incomplete: [] });
    expect(hooksOf(server, p101!.id)).toEqual(['answer', 'dial-in', 'dial-out', 'hangup'].map((e) => `POST ${e} ${url(e)}`));
    expect(hooksOf(server, queue.id)).toEqual(['answer', 'dial-in', 'hangup'].map((e) => `POST ${e} ${url(e, token, queue.id)}`));
    expect(hooksOf(server, ivr.id)).toEqual(HOOK_EVENTS.ivr.map((e) => `POST ${e} ${url(e, token, ivr.id)}`).sort());
    expect(url('dial-in')).toBe(`${publicUrl}/hooks/ru/dial-in?token=${token}&ext=${p101!.id}`);
    expect(describeHookProblems(summary)).toBeNull();
  });

  it('keeps good hooks on a second run', async () => {
    const { server, run } = await setup();
    await run();
    const before = server.requests.length;
    expect(await run()).toMatchObject({ created: 0, deleted: 0, kept: 18, missing: 0 });
    expect(server.requests.slice(before).every((r) => r.method === 'GET')).toBe(true);
  });

  it('replaces hooks with an old token, a wrong event URL, GET, duplicates and unused events — and never touches others', async () => {
    const { server, run } = await setup();
    const id = Number(p101!.id);
    const foreign = [
      server.addHook(id, { url: 'https://crm.example/telphin/hook.php?myid=176', method: 'GET', event_type: 'dial-in' }),
      server.addHook(id, { url: `${publicUrl}/hooks/other/hangup?token=zzz`, method: 'POST', event_type: 'hangup' }),
      server.addHook(id, { url: `${publicUrl}/hooks/ru2/hangup?token=zzz`, method: 'POST', event_type: 'hangup' }),
    ];
    server.addHook(id, { url: url('dial-in', 'old-token'), method: 'POST', event_type: 'dial-in' });
    server.addHook(id, { url: url('hangup'), method: 'POST', event_type: 'answer' });
    server.addHook(id, { url: url('hangup'), method: 'GET', event_type: 'hangup' });
    server.addHook(id, { url: url('dial-out'), method: 'POST', event_type: 'dial-out' });
    server.addHook(id, { url: url('dial-out'), method: 'POST', event_type: 'dial-out' });
    server.addHook(id, { url: url('message-in'), method: 'POST', event_type: 'message-in' });
    const summary = await run([p101!]);
    expect(summary).toMatchObject({ created: 3, deleted: 5, kept: 1, missing: 0, errors: [] });
    const left = server.hooks.get(id) ?? [];
    for (const hook of foreign) expect(left).toContainEqual(hook);
    expect(left.filter((h) => h.url.startsWith(ourHookPrefix(publicUrl, 'ru'))).map((h) => `${h.method} ${h.event_type} ${h.url}`).sort()).toEqual(
      ['answer', 'dial-in', 'dial-out', 'hangup'].map((e) => `POST ${e} ${url(e)}`),
    );
  });

  it('after a token rotation, every hook of ours is replaced', async () => {
    const { server, run } = await setup();
    await run();
    const summary = await run(directory, 'tok-rotated-9876543210');
    expect(summary).toMatchObject({ created: 18, deleted: 18, kept: 0 });
    expect(hooksOf(server, p101!.id).every((h) => h.includes('token=tok-rotated-9876543210&ext='))).toBe(true);
  });

  it('stops at the client hook limit, reports it and does not throw', async () => {
    const { server, run } = await setup({ hookLimit: 6 });
    const summary = await run();
    expect(summary.created).toBe(6);
    expect(summary.limitReached).toBe(true);
    expect(summary.missing).toBe(12);
    expect(summary.incomplete.length).toBeGreaterThan(0);
    expect(summary.errors[0]?.message).toContain('Events limit exceeded');
    // Once the limit is known, no more creations are attempted.
    const posts = server.requests.filter((r) => r.method === 'POST' && r.path.includes('/event/'));
    expect(posts.length).toBeLessThanOrEqual(6 + 2);
    expect(describeHookProblems(summary)).toMatch(/^Telphin's hook limit for this account was reached: 12 hook\(s\) could not be registered\. Calls on .+ may not show\.$/);
  });

  it('reports an extension it cannot read and carries on with the others', async () => {
    const { server, run } = await setup();
    server.intercept = (req, res) => (req.path === `/api/ver1.0/extension/${queue.id}/event/` ? (json(res, 403, { message: 'Forbidden' }), true) : false);
    const summary = await run();
    expect(summary).toMatchObject({ created: 15, missing: 3, incomplete: ['300'] });
    expect(summary.errors).toEqual([{ extension: '300', message: `Telphin answered GET /extension/${queue.id}/event/ with HTTP 403: Forbidden.` }]);
    expect(describeHookProblems(summary)).toContain('Calls on 300 may not show.');
  });

  it('counts a stale hook someone else deleted meanwhile (404) as deleted', async () => {
    const { server, run } = await setup();
    const stale = server.addHook(Number(p101!.id), { url: url('answer', 'old'), method: 'POST', event_type: 'answer' });
    server.intercept = (req, res) => (req.method === 'DELETE' && req.path.endsWith(`/event/${stale.id}`) ? (json(res, 404, { message: 'Event not found' }), true) : false);
    expect(await run([p101!])).toMatchObject({ deleted: 1, created: 4, errors: [] });
  });

  it('keeps the token out of its log lines', async () => {
    const { run, lines, server } = await setup();
    server.addHook(Number(p101!.id), { url: url('answer', 'old-token-secret'), method: 'POST', event_type: 'answer' });
    await run([p101!]);
    expect(lines.some((l) => l.includes('stale hook deleted'))).toBe(true);
    for (const line of lines) {
      expect(line).not.toContain(token);
      expect(line).not.toContain('old-token-secret');
    }
  });
});
