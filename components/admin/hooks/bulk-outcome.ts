import type { BulkHookResult, HookExtension } from '@/lib/hook-admin';
import type { BulkOutcome } from './run-bulk';

export type ExtensionOutcome = BulkOutcome<HookExtension, BulkHookResult>;

/** A settled extension as the result list shows it; a 200 answer with `ok: false` is a failure too. */
export function describeOutcome(outcome: ExtensionOutcome): {
  ok: boolean;
  word: 'ok' | 'failed' | 'cancelled';
  message: string;
  result: BulkHookResult | null;
} {
  switch (outcome.status) {
    case 'ok':
      return { ok: outcome.value.ok, word: outcome.value.ok ? 'ok' : 'failed', message: outcome.value.message, result: outcome.value };
    case 'failed':
      return { ok: false, word: 'failed', message: outcome.error instanceof Error ? outcome.error.message : String(outcome.error), result: null };
    case 'cancelled':
      return { ok: false, word: 'cancelled', message: 'Cancelled before the PBX answered.', result: null };
    case 'skipped':
      return { ok: false, word: 'cancelled', message: 'Not started.', result: null };
  }
}

/** The line under a finished or cancelled run. */
export function bulkSummary(outcomes: readonly (ExtensionOutcome | null)[], cancelled: boolean): string {
  const settled = outcomes.filter((o): o is ExtensionOutcome => o !== null && (o.status === 'ok' || o.status === 'failed'));
  if (cancelled) return `Cancelled after ${settled.length} of ${outcomes.length}`;
  const succeeded = settled.filter((o) => describeOutcome(o).ok).length;
  return `Finished: ${succeeded} succeeded, ${outcomes.length - succeeded} failed`;
}

/** `created 4 · kept 0 · deleted 1`, with `updated` only when the server changed an existing hook. */
export function resultCounts(result: BulkHookResult): string {
  const parts = [`created ${result.created}`];
  if (result.updated > 0) parts.push(`updated ${result.updated}`);
  parts.push(`kept ${result.kept}`, `deleted ${result.deleted}`);
  return parts.join(' · ');
}
