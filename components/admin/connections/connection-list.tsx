'use client';

import type { ConnectionAdminView } from '@/lib/connection-admin';
import { AdminTableHead } from '../admin-table-head';
import { ConnectionRow } from './connection-row';

const headings = ['Name', 'Id', 'Vendor', 'Status', 'Last event', 'Last error', 'Source'];

interface ConnectionListProps {
  connections: readonly ConnectionAdminView[];
  nowMs: number;
  onEdit: (connection: ConnectionAdminView) => void;
  onDelete: (id: string) => void;
}

/** The table of every connection: saved here, from the config file, or the demo. */
export function ConnectionList({ connections, nowMs, onEdit, onDelete }: ConnectionListProps) {
  if (connections.length === 0) {
    return <p className="text-xl text-slate-400">No connections yet. Add one to put a PBX on the board.</p>;
  }
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[72rem] border-collapse">
        <caption className="sr-only">PBX connections</caption>
        <AdminTableHead headings={headings} actions />
        <tbody>
          {connections.map((connection) => (
            <ConnectionRow key={connection.id} connection={connection} nowMs={nowMs} onEdit={onEdit} onDelete={onDelete} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
