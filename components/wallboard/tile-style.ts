import type { ExtensionState } from '@/lib/board';

/** Tile colours by state; text colours are picked for contrast at TV distance. */
export const tileStyle: Record<ExtensionState, string> = {
  idle: 'bg-slate-800 text-slate-100 border-slate-600',
  ringing: 'bg-amber-400 text-slate-950 border-amber-200 motion-safe:ring-pulse',
  dialing: 'bg-sky-700 text-white border-sky-400',
  talking: 'bg-green-700 text-white border-green-400',
  held: 'bg-violet-700 text-white border-violet-400',
  offline: 'bg-zinc-900 text-zinc-500 border-zinc-700 border-dashed',
  unknown: 'bg-zinc-900 text-zinc-500 border-zinc-700 border-dashed',
};

export const stateLabel: Record<ExtensionState, string> = {
  idle: 'Idle',
  ringing: 'Ringing',
  dialing: 'Dialing',
  talking: 'Talking',
  held: 'On hold',
  offline: 'Offline',
  unknown: 'Unknown',
};
