/**
 * The VoipNow client against the simulator's UAPI (not a fake): every phoneCallEvents operation and
 * every error code of voipnow.md §2.3, with the create answers servers differ on (200, 201, 204).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '@/server/simulator';
import { createVoipnowClient } from './client';
import { VoipnowError } from './voipnow-error';

let sim: RunningSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function clientFor(createStatus: 200 | 201 | 204 = 201, clientSecret?: string) {
  sim = await startSimulator({ noojeeApiKey: 'unused', voipnow: { createStatus } });
  return createVoipnowClient({ baseUrl: sim.urls.voipnow, clientId: sim.voipnow.clientId, clientSecret: clientSecret ?? sim.voipnow.clientSecret });
}

const EXT = '0005*501';
const hook = { type: '0', method: '1' as const, url: 'https://linesight.example/hooks/eu/0?token=t', status: '1' as const, note: 'ours' };

async function codeOf(run: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await run();
  } catch (error) {
    if (error instanceof VoipnowError) return error.details.code ?? `http ${error.details.status}`;
    throw error;
  }
  return 'no error';
}

describe('VoipNow client against the simulator', () => {
  for (const status of [200, 201, 204] as const) {
    it(`lists, creates (server answers ${status}), reads, updates partially and deletes a phoneCallEvent`, async () => {
      const client = await clientFor(status);
      expect(await client.listEvents(EXT)).toEqual([]);
      const created = await client.createEvent(EXT, hook);
      expect(created.id).toBeTruthy();
      const read = await client.getEvent(EXT, '0', String(created.id));
      expect(read).toMatchObject({ url: hook.url, note: 'ours' });
      await client.updateEvent(EXT, '0', String(created.id), { note: 'changed' });
      expect(await client.getEvent(EXT, '0', String(created.id))).toMatchObject({ url: hook.url, note: 'changed' });
      expect((await client.listEvents(EXT, '0')).map((e) => String(e.id))).toEqual([String(created.id)]);
      await client.deleteEvent(EXT, '0', String(created.id));
      expect(await client.listEvents(EXT)).toEqual([]);
    });
  }

  it('surfaces every §2.3 error code', async () => {
    const client = await clientFor();
    const created = await client.createEvent(EXT, hook);
    const id = String(created.id);
    expect(await codeOf(() => client.createEvent(EXT, { ...hook, type: '9' }))).toBe('pcet_type_invalid');
    expect(await codeOf(() => client.updateEvent(EXT, '9', id, { note: 'x' }))).toBe('pce_type_invalid');
    expect(await codeOf(() => client.createEvent(EXT, { ...hook, method: '7' as '0' }))).toBe('pce_method_invalid');
    expect(await codeOf(() => client.createEvent(EXT, { ...hook, note: 'n'.repeat(1025) }))).toBe('pce_note_invalid');
    expect(await codeOf(() => client.createEvent(EXT, { ...hook, note: 'n'.repeat(1024) }))).toBe('no error');
    expect(await codeOf(() => client.createEvent(EXT, { ...hook, url: 'not a url' }))).toBe('pce_url_invalid');
    expect(await codeOf(() => client.createEvent(EXT, { ...hook, status: '5' as '0' }))).toBe('pce_status_invalid');
    expect(await codeOf(() => client.updateEvent(EXT, '0', 'no-such-id', { note: 'x' }))).toBe('pce_id_invalid');
    expect(await codeOf(() => client.listEvents('0005*999'))).toBe('extension_invalid');
    const stranger = createVoipnowClient({ baseUrl: sim!.urls.voipnow, clientId: sim!.voipnow.clientId, clientSecret: 'wrong-secret-1234' });
    expect(await codeOf(() => stranger.listEvents(EXT))).toMatch(/access_denied|invalid_client|http 401/);
  });
});
