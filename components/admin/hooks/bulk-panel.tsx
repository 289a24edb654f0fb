'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { HookExtension } from '@/lib/hook-admin';
import { apiJson } from '../../api/api-fetch';
import { primaryButtonClass, secondaryButtonClass } from '../../form/styles';
import { BulkResultRow } from './bulk-result-row';
import { bulkSummary, type ExtensionOutcome } from './bulk-outcome';
import { linesightHooksPath } from './hook-paths';
import { ZBulkHookResponse } from './hook-schemas';
import { runBulk } from './run-bulk';
import { hooksQueryKey } from './use-hooks';

/** Requests in flight at once: quick enough for hundreds, gentle on the PBX's rate limits. */
const CONCURRENCY = 4;

type Action = 'add' | 'remove';

interface BulkRun {
  outcomes: (ExtensionOutcome | null)[];
  done: number;
  running: boolean;
  summary: string | null;
}

/**
 * Points the selected extensions' call events at Linesight, or takes ours off them, four at a time.
 * Both calls are idempotent on the server, so a cancelled or partly failed run can simply be run again.
 */
export function BulkPanel({ connectionId, extensions }: { connectionId: string; extensions: readonly HookExtension[] }) {
  const queryClient = useQueryClient();
  const controller = useRef<AbortController | null>(null);
  const [run, setRun] = useState<BulkRun | null>(null);
  const running = run?.running ?? false;

  // Leaving the page or the connection stops the run.
  useEffect(() => () => controller.current?.abort(), []);

  async function start(action: Action) {
    const items = [...extensions];
    const abort = new AbortController();
    controller.current = abort;
    setRun({ outcomes: items.map(() => null), done: 0, running: true, summary: null });
    const outcomes = await runBulk(
      items,
      async (extension, signal) =>
        (
          await apiJson(linesightHooksPath(connectionId, extension.key), ZBulkHookResponse, {
            method: action === 'add' ? 'POST' : 'DELETE',
            signal,
          })
        ).result,
      {
        concurrency: CONCURRENCY,
        signal: abort.signal,
        onProgress: (done, _total, outcome, index) =>
          setRun((r) => r && { ...r, done, outcomes: r.outcomes.map((o, i) => (i === index ? outcome : o)) }),
      },
    );
    if (controller.current === abort) controller.current = null;
    const shown = outcomes.map((o) => (o.status === 'skipped' ? null : o));
    setRun((r) => r && { ...r, outcomes: shown, running: false, summary: bulkSummary(outcomes, abort.signal.aborted) });
    void queryClient.invalidateQueries({ queryKey: hooksQueryKey(connectionId) });
  }

  const total = run?.outcomes.length ?? 0;
  // Stays up once a run has started, so clearing the selection neither hides the results nor stops the run.
  if (extensions.length === 0 && !run) return null;

  return (
    <section aria-labelledby="bulk-title" className="flex flex-col gap-3 rounded-xl border-2 border-slate-700 bg-slate-900 p-4">
      <h2 id="bulk-title" className="text-xl font-bold">
        Bulk
      </h2>
      <p className="text-base text-slate-300">
        {extensions.length} {extensions.length === 1 ? 'extension' : 'extensions'} selected. Running again is safe: only what is missing is
        created.
      </p>
      <div className="flex flex-wrap gap-2">
        <button type="button" disabled={running || extensions.length === 0} onClick={() => void start('add')} className={primaryButtonClass}>
          Send their call events to Linesight
        </button>
        <button type="button" disabled={running || extensions.length === 0} onClick={() => void start('remove')} className={secondaryButtonClass}>
          Remove Linesight&apos;s hooks
        </button>
        {running && (
          <button type="button" onClick={() => controller.current?.abort()} className={secondaryButtonClass}>
            Cancel
          </button>
        )}
      </div>
      {run && (
        <>
          <div className="flex items-center gap-3">
            <progress aria-label="Bulk progress" value={run.done} max={total} className="h-3 w-full max-w-md accent-sky-500" />
            <span className="text-base font-semibold tabular-nums text-slate-200">
              {run.done} / {total}
            </span>
          </div>
          {run.summary && (
            <p role="status" className="text-lg font-semibold text-slate-100">
              {run.summary}
            </p>
          )}
          <ul aria-label="Bulk results" className="flex flex-col">
            {run.outcomes.map((outcome) => outcome && <BulkResultRow key={outcome.item.key} outcome={outcome} />)}
          </ul>
        </>
      )}
    </section>
  );
}
