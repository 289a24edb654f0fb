import { describe, expect, it } from 'vitest';
import type { BulkHookResult, HookExtension } from '@/lib/hook-admin';
import { ApiError } from '../../api/api-error';
import { bulkSummary, describeOutcome, resultCounts, type ExtensionOutcome } from './bulk-outcome';

const ext = (key: string): HookExtension => ({ key, label: key, name: null, kind: null, watched: false });
const result = (over: Partial<BulkHookResult> = {}): BulkHookResult => ({
  extension: '201',
  ok: true,
  created: 4,
  updated: 0,
  deleted: 0,
  kept: 0,
  message: 'Sends its call events to Linesight.',
  ...over,
});

describe('bulk outcomes', () => {
  it('counts a refused extension (200 with ok false) and a failed request as failures', () => {
    const outcomes: ExtensionOutcome[] = [
      { item: ext('1'), status: 'ok', value: result() },
      { item: ext('2'), status: 'ok', value: result({ ok: false, message: 'Events limit exceeded' }) },
      { item: ext('3'), status: 'failed', error: new ApiError('The PBX did not answer.', 502) },
    ];
    expect(bulkSummary(outcomes, false)).toBe('Finished: 1 succeeded, 2 failed');
    expect(describeOutcome(outcomes[2]!)).toEqual({ ok: false, word: 'failed', message: 'The PBX did not answer.', result: null });
  });

  it('says how far a cancelled run got', () => {
    const outcomes: (ExtensionOutcome | null)[] = [
      { item: ext('1'), status: 'ok', value: result() },
      { item: ext('2'), status: 'cancelled' },
      { item: ext('3'), status: 'skipped' },
      null,
    ];
    expect(bulkSummary(outcomes, true)).toBe('Cancelled after 1 of 4');
    expect(describeOutcome(outcomes[1]!)).toMatchObject({ ok: false, word: 'cancelled' });
  });

  it('shows updated only when something was updated', () => {
    expect(resultCounts(result())).toBe('created 4 · kept 0 · deleted 0');
    expect(resultCounts(result({ created: 0, updated: 2, kept: 2 }))).toBe('created 0 · updated 2 · kept 2 · deleted 0');
  });
});
