import type { RecordingState } from '@/lib/board';

/** ● REC while a call records; "starting…" / "stopping…" while the PBX is switching. */
export function RecordingBadge({ recording }: { recording: RecordingState }) {
  if (recording === 'on') {
    return (
      <span data-testid="rec-badge" className="rounded bg-red-600 px-1.5 py-0.5 text-sm font-black tracking-wide text-white">
        ● REC
      </span>
    );
  }
  if (recording === 'off') return null;
  return (
    <span data-testid="rec-pending" className="rounded bg-slate-950/60 px-1.5 py-0.5 text-sm font-semibold text-white">
      {recording === 'starting' ? 'starting…' : 'stopping…'}
    </span>
  );
}
