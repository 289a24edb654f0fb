'use client';

import { useState } from 'react';
import type { HookExtension } from '@/lib/hook-admin';
import { FormAlert } from '../../form/form-alert';
import { secondaryButtonClass } from '../../form/styles';
import { TextField } from '../../form/text-field';
import { ExtensionRow } from './extension-row';
import { useDebouncedValue } from './use-debounced-value';
import { useExtensions } from './use-extensions';

/** Rows rendered at a time; a search narrows the list, "Show more" reaches past it. */
const PAGE = 200;

interface ExtensionPickerProps {
  connectionId: string;
  selected: ReadonlyMap<string, HookExtension>;
  openedKey: string | null;
  onToggle: (extension: HookExtension, on: boolean) => void;
  onSelectAll: (extensions: readonly HookExtension[]) => void;
  onClear: () => void;
  onOpen: (extension: HookExtension) => void;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Search the connection's extensions on the PBX, pick some for bulk actions, open one to see its hooks. */
export function ExtensionPicker({ connectionId, selected, openedKey, onToggle, onSelectAll, onClear, onOpen }: ExtensionPickerProps) {
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search.trim(), 300);
  const extensions = useExtensions(connectionId, q);
  const [limit, setLimit] = useState({ q, rows: PAGE });
  // A new search starts again from the first page.
  const rows = limit.q === q ? limit.rows : PAGE;
  const list = extensions.data ?? [];
  const shown = list.slice(0, rows);

  return (
    <section aria-labelledby="extensions-title" className="flex min-w-0 flex-col gap-3 rounded-xl border-2 border-slate-700 bg-slate-900 p-4">
      <h2 id="extensions-title" className="text-xl font-bold">
        Extensions
      </h2>
      <TextField
        label="Search extensions"
        name="q"
        type="search"
        autoComplete="off"
        spellCheck={false}
        placeholder="Number or name"
        value={search}
        onChange={(event) => setSearch(event.target.value)}
      />
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <p role="status" className="text-base font-semibold text-slate-300">
          {extensions.isPending ? 'Reading extensions from the PBX…' : plural(list.length, 'extension', 'extensions')}
        </p>
        {extensions.isFetching && !extensions.isPending && <p className="text-base text-slate-400">searching…</p>}
        <p className="text-base text-slate-400">{selected.size} selected</p>
        <div className="ml-auto flex gap-2">
          <button type="button" onClick={() => onSelectAll(list)} disabled={list.length === 0} className={secondaryButtonClass}>
            Select all shown
          </button>
          <button type="button" onClick={onClear} disabled={selected.size === 0} className={secondaryButtonClass}>
            Clear selection
          </button>
        </div>
      </div>
      {extensions.isError && <FormAlert message={`Could not read the extensions: ${extensions.error.message}`} />}
      {list.length > 0 && (
        <ul aria-label="Extensions" className="max-h-[32rem] overflow-y-auto rounded-lg border border-slate-800">
          {shown.map((extension) => (
            <ExtensionRow
              key={extension.key}
              extension={extension}
              selected={selected.has(extension.key)}
              opened={extension.key === openedKey}
              onToggle={(on) => onToggle(extension, on)}
              onOpen={() => onOpen(extension)}
            />
          ))}
        </ul>
      )}
      {list.length > shown.length && (
        <button type="button" onClick={() => setLimit({ q, rows: rows + PAGE })} className={`${secondaryButtonClass} self-start`}>
          Show {Math.min(PAGE, list.length - shown.length)} more of {list.length - shown.length}
        </button>
      )}
      {!extensions.isPending && !extensions.isError && list.length === 0 && (
        <p className="text-lg text-slate-400">{q ? `No extension matches “${q}”.` : 'This connection has no extensions.'}</p>
      )}
    </section>
  );
}
