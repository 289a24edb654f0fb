// Shared class lists so every form reads the same at a glance: large type, strong borders, visible focus.
const focus = 'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white';

export const inputClass =
  'w-full rounded-lg border-2 border-slate-600 bg-slate-900 px-3 py-2 text-lg text-slate-100 placeholder:text-slate-500 focus:border-sky-400 focus:outline-none aria-invalid:border-red-500';

export const labelClass = 'text-base font-semibold text-slate-300';

export const primaryButtonClass = `rounded-lg bg-sky-500 px-4 py-2 text-lg font-bold text-slate-950 hover:bg-sky-400 disabled:cursor-wait disabled:opacity-60 ${focus}`;

export const secondaryButtonClass = `rounded-md border-2 border-slate-500 bg-slate-900 px-3 py-1 text-base font-semibold text-slate-100 hover:bg-slate-800 disabled:cursor-wait disabled:opacity-60 ${focus}`;

export const dangerButtonClass = `rounded-md border-2 border-red-400 bg-red-800 px-3 py-1 text-base font-bold text-white hover:bg-red-700 disabled:cursor-wait disabled:opacity-60 ${focus}`;

export const alertClass = 'rounded-lg border-2 border-red-500 bg-red-950 px-3 py-2 text-base font-semibold text-red-100';
