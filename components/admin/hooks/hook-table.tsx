'use client';

import { AdminTableHead } from '../admin-table-head';
import type { HookRow as THookRow } from './hook-list';
import type { HookVendor } from './hook-form-values';
import { HookRow } from './hook-row';
import { useNow } from './use-now';

const headings: Record<HookVendor, string[]> = {
  telphin: ['Event type', 'Method', 'URL', 'Delivery'],
  voipnow: ['Type', 'Method', 'URL', 'Note', 'Status', 'Delivery'],
};

interface HookTableProps {
  vendor: HookVendor;
  extensionLabel: string;
  hooks: readonly THookRow[];
  editingId: string | null;
  onEdit: (hook: THookRow) => void;
  onDelete: (hook: THookRow) => void;
}

/** The hooks the PBX holds for one extension now, ours marked and with their deliveries. */
export function HookTable({ vendor, extensionLabel, hooks, editingId, onEdit, onDelete }: HookTableProps) {
  const now = useNow(5_000);
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[44rem] border-collapse">
        <caption className="sr-only">Hooks of {extensionLabel}</caption>
        <AdminTableHead headings={headings[vendor]} actions />
        <tbody>
          {hooks.map((hook) => (
            <HookRow
              key={hook.id}
              hook={hook}
              now={now}
              editing={hook.id === editingId}
              onEdit={() => onEdit(hook)}
              onDelete={() => onDelete(hook)}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
