'use client';

import { useState } from 'react';
import type { ConnectionAdminView } from '@/lib/connection-admin';
import { FormAlert } from '../../form/form-alert';
import { primaryButtonClass } from '../../form/styles';
import { ConnectionForm } from './connection-form';
import { emptyFormValues, formValuesFromView } from './connection-form-values';
import { ConnectionList } from './connection-list';
import { useConnections, useDeleteConnection } from './use-connections';

type OpenForm = { mode: 'create' } | { mode: 'edit'; connection: ConnectionAdminView } | null;

/** The connections page: every PBX connection with its live status; add, edit, test, disable, delete. */
export function ConnectionsAdmin() {
  const connections = useConnections();
  const remove = useDeleteConnection();
  const [form, setForm] = useState<OpenForm>(null);
  const [saved, setSaved] = useState<string | null>(null);

  function open(next: OpenForm) {
    setSaved(null);
    setForm(next);
  }

  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-3xl font-black tracking-tight">Connections</h1>
        {form?.mode !== 'create' && (
          <button type="button" onClick={() => open({ mode: 'create' })} className={primaryButtonClass}>
            Add connection
          </button>
        )}
      </div>
      {saved && (
        <p role="status" className="text-lg font-semibold text-green-300">
          Saved {saved}.
        </p>
      )}
      {form && (
        <ConnectionForm
          // A fresh form (and fresh state) for each connection opened.
          key={form.mode === 'edit' ? `edit-${form.connection.id}` : 'create'}
          mode={form.mode}
          initial={form.mode === 'edit' ? formValuesFromView(form.connection) : emptyFormValues()}
          secretsSet={form.mode === 'edit' ? form.connection.secretsSet : []}
          onClose={(connection) => {
            setForm(null);
            setSaved(connection ? connection.id : null);
          }}
        />
      )}
      {remove.isError && <FormAlert message={`Could not delete ${remove.variables}: ${remove.error.message}`} />}
      {connections.data ? (
        <>
          {/* A failed poll keeps the last list on screen; the alert says it may be stale. */}
          {connections.isError && <FormAlert message={`Could not refresh connections: ${connections.error.message}`} />}
          <ConnectionList
            connections={connections.data}
            nowMs={connections.dataUpdatedAt}
            onEdit={(connection) => open({ mode: 'edit', connection })}
            onDelete={(id) => remove.mutate(id)}
          />
        </>
      ) : connections.isError ? (
        <FormAlert message={`Could not load connections: ${connections.error.message}`} />
      ) : (
        <p className="text-xl text-slate-400">Loading connections…</p>
      )}
    </>
  );
}
