import { describeOutcome, resultCounts, type ExtensionOutcome } from './bulk-outcome';

const wordClass = { ok: 'text-green-300', failed: 'text-red-300', cancelled: 'text-amber-300' } as const;

/** One extension of a bulk run: ok or failed, the server's words, and what changed. */
export function BulkResultRow({ outcome }: { outcome: ExtensionOutcome }) {
  const { ok, word, message, result } = describeOutcome(outcome);
  return (
    <li
      data-testid={`bulk-result-${outcome.item.key}`}
      data-ok={ok}
      className="grid grid-cols-[7rem_5.5rem_1fr] items-baseline gap-x-3 border-t border-slate-800 py-1.5"
    >
      <span className="font-mono text-lg font-bold">{outcome.item.label}</span>
      <span className={`font-bold ${wordClass[word]}`}>{word}</span>
      <span className="min-w-0 text-slate-200">
        {message}
        {result && <span className="block text-sm tabular-nums text-slate-400">{resultCounts(result)}</span>}
      </span>
    </li>
  );
}
