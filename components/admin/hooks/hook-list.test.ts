import { describe, expect, it } from 'vitest';
import type { THookInput } from '@/lib/hook-admin';
import { hookFromInput, patchHook, replaceHook, restoreHook, withPendingHook, withoutHook, type HookRow } from './hook-list';

const telphin = (id: string, over: Partial<Extract<HookRow, { vendor: 'telphin' }>> = {}): HookRow => ({
  vendor: 'telphin',
  id,
  url: `https://example.com/${id}`,
  ours: false,
  delivery: null,
  event_type: 'dial-in',
  method: 'POST',
  ...over,
});

const voipnow = (id: string): HookRow => ({
  vendor: 'voipnow',
  id,
  url: 'https://example.com/v',
  ours: false,
  delivery: null,
  type: '2',
  method: '0',
  note: 'old',
  status: '1',
  modified: null,
});

describe('hook list helpers', () => {
  it('builds a pending row from the input, ours when it targets Linesight', () => {
    const toUs = hookFromInput({ vendor: 'telphin', event_type: 'hangup', method: 'GET', destination: { target: 'linesight' } }, 'pending-1');
    expect(toUs).toMatchObject({ id: 'pending-1', pending: true, ours: true, url: '', event_type: 'hangup', method: 'GET' });
    const elsewhere = hookFromInput(
      { vendor: 'voipnow', type: '3', method: '1', note: 'n', status: '0', destination: { target: 'url', url: 'https://x.test/h' } },
      'pending-2',
    );
    expect(elsewhere).toMatchObject({ vendor: 'voipnow', ours: false, url: 'https://x.test/h', type: '3', status: '0', note: 'n' });
  });

  it('appends a pending row and swaps it for the server hook in place', () => {
    const list = [telphin('1'), telphin('2')];
    const pending = withPendingHook(list, telphin('pending-1', { pending: true }));
    expect(pending.map((h) => h.id)).toEqual(['1', '2', 'pending-1']);
    const saved = replaceHook(pending, 'pending-1', telphin('3'));
    expect(saved.map((h) => h.id)).toEqual(['1', '2', '3']);
    expect(saved[2]?.pending).toBeUndefined();
    // A refetch may already have brought the new hook in: no duplicate.
    expect(replaceHook([...pending, telphin('3')], 'pending-1', telphin('3')).map((h) => h.id)).toEqual(['1', '2', '3']);
  });

  it('patches only the edited row, keeping the VoipNow type', () => {
    const list = [voipnow('a'), voipnow('b')];
    const input: THookInput = { vendor: 'voipnow', type: '0', method: '1', note: 'new', status: '0', destination: { target: 'url', url: 'https://y.test/' } };
    const next = patchHook(list, 'b', input);
    expect(next[0]).toBe(list[0]);
    expect(next[1]).toMatchObject({ type: '2', method: '1', note: 'new', status: '0', url: 'https://y.test/', ours: false, pending: true });
    // The server's answer ends the pending state.
    expect(replaceHook(next, 'b', voipnow('b'))[1]?.pending).toBeUndefined();
  });

  it('marks a row ours when switched to Linesight and clears another server’s URL', () => {
    const next = patchHook([telphin('1')], '1', { vendor: 'telphin', event_type: 'answer', method: 'GET', destination: { target: 'linesight' } });
    expect(next[0]).toMatchObject({ ours: true, url: '', event_type: 'answer', method: 'GET' });
  });

  it('removes a row and puts it back at its old position', () => {
    const list = [telphin('1'), telphin('2'), telphin('3')];
    const removed = withoutHook(list, '2');
    expect(removed.map((h) => h.id)).toEqual(['1', '3']);
    const back = restoreHook(removed, list[1]!, 1);
    expect(back.map((h) => h.id)).toEqual(['1', '2', '3']);
    expect(restoreHook(patchHook(list, '1', { vendor: 'telphin', event_type: 'hangup', method: 'GET', destination: { target: 'linesight' } }), list[0]!, 0)[0]).toBe(list[0]);
  });
});
