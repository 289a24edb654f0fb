'use client';

import Link from 'next/link';
import { useState } from 'react';
import { VENDOR_LABELS } from '@/lib/connection-admin';
import { FormAlert } from '../../form/form-alert';
import { SelectField } from '../../form/text-field';
import type { HookVendor } from './hook-form-values';
import { HooksWorkspace } from './hooks-workspace';
import { useHookConnections } from './use-hook-connections';

const isHookVendor = (vendor: string): vendor is HookVendor => vendor === 'telphin' || vendor === 'voipnow';

/** The hooks page: pick a Telphin or VoipNow connection, then manage the event hooks of its extensions. */
export function HooksAdmin({ initialConnection = null }: { initialConnection?: string | null }) {
  const connections = useHookConnections();
  const [chosenId, setChosenId] = useState<string | null>(initialConnection);
  const list = (connections.data ?? []).filter((c) => isHookVendor(c.vendor));
  const current = list.find((c) => c.id === chosenId) ?? list[0];

  return (
    <>
      <h1 className="text-3xl font-black tracking-tight">Event hooks</h1>
      <p className="max-w-3xl text-lg text-slate-300">
        Event hooks tell the PBX which URL to call when something happens on an extension. Point them at this Linesight server to see
        calls on the board as they happen.
      </p>
      {connections.isPending ? (
        <p className="text-xl text-slate-400">Loading connections…</p>
      ) : connections.isError ? (
        <FormAlert message={`Could not load connections: ${connections.error.message}`} />
      ) : !current ? (
        <p className="text-xl text-slate-400">
          No enabled Telphin or VoipNow connection. Add or enable one under{' '}
          <Link href="/admin/connections" className="text-sky-300 underline">
            Connections
          </Link>
          .
        </p>
      ) : (
        <>
          <SelectField label="Connection" name="connection" value={current.id} onChange={(event) => setChosenId(event.target.value)} className="max-w-xl">
            {list.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} — {VENDOR_LABELS[c.vendor]}
              </option>
            ))}
          </SelectField>
          {isHookVendor(current.vendor) && <HooksWorkspace key={current.id} connectionId={current.id} vendor={current.vendor} />}
        </>
      )}
    </>
  );
}
