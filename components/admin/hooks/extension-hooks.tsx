'use client';

import { useState } from 'react';
import type { HookExtension } from '@/lib/hook-admin';
import { FormAlert } from '../../form/form-alert';
import type { HookVendor } from './hook-form-values';
import { HookForm } from './hook-form';
import type { HookRow } from './hook-list';
import { HookTable } from './hook-table';
import { useDeleteHook, useHooks } from './use-hooks';

interface ExtensionHooksProps {
  connectionId: string;
  vendor: HookVendor;
  extension: HookExtension;
}

/** The opened extension: its hooks on the PBX now, and one form to add a hook or edit the chosen one. */
export function ExtensionHooks({ connectionId, vendor, extension }: ExtensionHooksProps) {
  const hooks = useHooks(connectionId, extension.key);
  const remove = useDeleteHook(connectionId, extension.key);
  const [editing, setEditing] = useState<HookRow | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);

  function onDelete(hook: HookRow) {
    setDeleteError(null);
    if (editing?.id === hook.id) setEditing(null);
    remove.mutate(hook.id, { onError: (error) => setDeleteError(`Could not delete hook ${hook.id}: ${error.message}`) });
  }

  return (
    <section aria-labelledby="extension-hooks-title" className="flex min-w-0 flex-col gap-4">
      <h2 id="extension-hooks-title" className="text-2xl font-bold">
        Hooks of {extension.label}
        {extension.name && <span className="ml-2 text-lg font-medium text-slate-400">{extension.name}</span>}
      </h2>
      <FormAlert message={deleteError} />
      {hooks.isPending ? (
        <p className="text-xl text-slate-400">Reading hooks from the PBX…</p>
      ) : hooks.isLoadingError ? (
        <FormAlert message={`Could not read the hooks of ${extension.label}: ${hooks.error.message}`} />
      ) : (
        <>
          {hooks.isRefetchError && <FormAlert message={`Could not refresh the hooks: ${hooks.error.message}`} />}
          {hooks.data.length === 0 ? (
            <p className="text-xl text-slate-400">No hooks on this extension yet.</p>
          ) : (
            <HookTable
              vendor={vendor}
              extensionLabel={extension.label}
              hooks={hooks.data}
              editingId={editing?.id ?? null}
              onEdit={(hook) => setEditing(hook)}
              onDelete={onDelete}
            />
          )}
        </>
      )}
      {/* One form at a time, so its labels stay unique on the page; keyed so an edit starts fresh. */}
      <HookForm
        key={editing ? `edit-${editing.id}` : 'new'}
        connectionId={connectionId}
        extensionKey={extension.key}
        vendor={vendor}
        hook={editing ?? undefined}
        onDone={() => setEditing(null)}
      />
    </section>
  );
}
