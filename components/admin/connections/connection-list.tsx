'use client';

import type { ConnectionAdminView } from '@/lib/connection-admin';
import { ConnectionRow } from './connection-row';

const headClass = 'pb-2 pr-4 text-left text-sm font-semibold tracking-wide text-slate-400';
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
        <thead>
          <tr>
            {headings.map((h) => (
              <th key={h} scope="col" className={headClass}>
                {h}
              </th>
            ))}
            <th scope="col" className={headClass}>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {connections.map((connection) => (
            <ConnectionRow key={connection.id} connection={connection} nowMs={nowMs} onEdit={onEdit} onDelete={onDelete} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
