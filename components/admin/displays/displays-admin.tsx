'use client';

import { FormAlert } from '../../form/form-alert';
import { AdminTableHead } from '../admin-table-head';
import { CreateDisplayForm } from './create-display-form';
import { DisplayRow } from './display-row';
import { useDisplays } from './use-displays';

const headings = ['Name', 'Status', 'Last seen', 'Created'];

/** The displays page: kiosk links for wall TVs, each revocable. */
export function DisplaysAdmin() {
  const displays = useDisplays();
  return (
    <>
      <h1 className="text-3xl font-black tracking-tight">Displays</h1>
      <CreateDisplayForm />
      {displays.isPending ? (
        <p className="text-xl text-slate-400">Loading displays…</p>
      ) : displays.isError ? (
        <FormAlert message={`Could not load displays: ${displays.error.message}`} />
      ) : displays.data.length === 0 ? (
        <p className="text-xl text-slate-400">No displays yet. Create a link above for each wall TV.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[48rem] border-collapse">
            <caption className="sr-only">Displays</caption>
            <AdminTableHead headings={headings} actions />
            <tbody>
              {displays.data.map((display) => (
                <DisplayRow key={display.id} display={display} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
