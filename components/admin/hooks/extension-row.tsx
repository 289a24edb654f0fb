import type { HookExtension } from '@/lib/hook-admin';

interface ExtensionRowProps {
  extension: HookExtension;
  selected: boolean;
  opened: boolean;
  onToggle: (on: boolean) => void;
  onOpen: () => void;
}

// Rows off screen skip layout and paint (they stay in the accessibility tree), so hundreds scroll smoothly.
const rowClass = '[content-visibility:auto] [contain-intrinsic-size:auto_3rem]';

/** One extension: a checkbox for bulk actions and a button that opens its hooks. */
export function ExtensionRow({ extension, selected, opened, onToggle, onOpen }: ExtensionRowProps) {
  return (
    <li
      data-testid={`extension-${extension.key}`}
      className={`${rowClass} flex items-center gap-3 border-t border-slate-800 px-2 py-1.5 ${opened ? 'bg-slate-800' : ''}`}
    >
      <input
        type="checkbox"
        aria-label={`Select ${extension.label}`}
        checked={selected}
        onChange={(event) => onToggle(event.target.checked)}
        className="size-5 shrink-0 accent-sky-500"
      />
      <button
        type="button"
        onClick={onOpen}
        aria-current={opened || undefined}
        className="shrink-0 rounded px-1 font-mono text-lg font-bold text-sky-300 underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-white"
      >
        {extension.label}
      </button>
      <span className="min-w-0 flex-1 truncate text-base text-slate-200">{extension.name ?? ''}</span>
      {extension.kind && <span className="shrink-0 text-sm text-slate-400">{extension.kind}</span>}
      {extension.watched && (
        <span className="shrink-0 rounded border border-green-400 px-1.5 text-sm font-semibold text-green-300" title="Shown on the board">
          watched
        </span>
      )}
    </li>
  );
}
