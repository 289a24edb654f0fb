'use client';

import { useState } from 'react';
import type { HookExtension } from '@/lib/hook-admin';
import { BulkPanel } from './bulk-panel';
import { ExtensionHooks } from './extension-hooks';
import { ExtensionPicker } from './extension-picker';
import type { HookVendor } from './hook-form-values';

interface HooksWorkspaceProps {
  connectionId: string;
  vendor: HookVendor;
}

const byLabel = (a: HookExtension, b: HookExtension) => a.label.localeCompare(b.label, undefined, { numeric: true });

/** One connection's extensions: the picker, the opened extension's hooks, and bulk actions on the selection. */
export function HooksWorkspace({ connectionId, vendor }: HooksWorkspaceProps) {
  // Kept by key with the whole extension, so a selection survives a new search and the bulk list still has labels.
  const [selected, setSelected] = useState<ReadonlyMap<string, HookExtension>>(new Map());
  const [opened, setOpened] = useState<HookExtension | null>(null);

  function toggle(extension: HookExtension, on: boolean) {
    setSelected((current) => {
      const next = new Map(current);
      if (on) next.set(extension.key, extension);
      else next.delete(extension.key);
      return next;
    });
  }

  function selectAll(extensions: readonly HookExtension[]) {
    setSelected((current) => new Map([...current, ...extensions.map((e) => [e.key, e] as const)]));
  }

  return (
    <div className="grid items-start gap-6 2xl:grid-cols-[minmax(26rem,2fr)_3fr]">
      <div className="flex min-w-0 flex-col gap-6">
        <ExtensionPicker
          connectionId={connectionId}
          selected={selected}
          openedKey={opened?.key ?? null}
          onToggle={toggle}
          onSelectAll={selectAll}
          onClear={() => setSelected(new Map())}
          onOpen={setOpened}
        />
        <BulkPanel connectionId={connectionId} extensions={[...selected.values()].sort(byLabel)} />
      </div>
      {opened ? (
        <ExtensionHooks key={opened.key} connectionId={connectionId} vendor={vendor} extension={opened} />
      ) : (
        <p className="text-xl text-slate-400">Open an extension to see and change its hooks.</p>
      )}
    </div>
  );
}
