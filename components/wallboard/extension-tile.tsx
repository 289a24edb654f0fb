'use client';

import { memo, useState } from 'react';
import type { CallView } from '@/lib/board';
import { CallControl } from './call-control';
import { Elapsed } from './elapsed';
import { primaryCall, recordableCall } from './format';
import { RecordButton } from './record-button';
import { RecordingBadge } from './recording-badge';
import type { TileStore } from './tile-store';
import { stateLabel, tileStyle } from './tile-style';
import { useQueueName, useTile } from './use-tile-store';

export interface ExtensionTileProps {
  id: string;
  store: TileStore;
  /** Name of the PBX the extension lives on. */
  pbx: string;
  /** The PBX can record calls (its connection's capabilities). */
  canRecord: boolean;
  /** The PBX can place calls and this role may ask it to (click-to-dial). */
  canDial: boolean;
}

const direction: Record<CallView['direction'], { arrow: string; label: string }> = {
  inbound: { arrow: '←', label: 'from' },
  outbound: { arrow: '→', label: 'to' },
  internal: { arrow: '⇄', label: 'with' },
};

function CallLine({ call, queueName }: { call: CallView; queueName: string | null }) {
  const { arrow, label } = direction[call.direction];
  const who = call.peer.name ?? (call.peer.number || 'Unknown');
  return (
    <div className="flex min-w-0 flex-col">
      {/* A bare number is worth more whole than large: it drops to the base size so its tail survives. */}
      <div className={`flex min-w-0 items-baseline gap-1.5 leading-tight ${call.peer.name ? 'text-lg' : 'text-base tabular-nums'}`}>
        <span aria-hidden className="font-black">
          {arrow}
        </span>
        <span className="sr-only">{label}</span>
        <span className="truncate font-semibold" title={call.peer.name ? `${call.peer.name} ${call.peer.number}` : call.peer.number}>
          {who}
        </span>
      </div>
      {call.queueId && (
        <span className="truncate text-xs font-semibold tracking-wide uppercase opacity-85" title={queueName ?? call.queueId}>
          via queue{queueName ? ` ${queueName}` : ''}
        </span>
      )}
    </div>
  );
}

/**
 * One extension, subscribed to its own entry in the tile store: a delta re-renders only the tiles it
 * changed, and the grid around them not at all; the timer inside re-renders on its own.
 */
export const ExtensionTile = memo(function ExtensionTile({ id, store, pbx, canRecord, canDial }: ExtensionTileProps) {
  const ext = useTile(store, id);
  const call = ext && primaryCall(ext);
  const queueName = useQueueName(store, call?.queueId);
  const [raised, setRaised] = useState(false);
  // Removed from the board: the layout drops the id in the same sync.
  if (!ext) return null;
  const recCall = recordableCall(ext);
  const recording = recCall?.recording ?? 'off';
  const extraLegs = ext.calls.length - 1;

  return (
    <article
      data-testid={`tile-${ext.id}`}
      data-state={ext.state}
      data-recording={recording}
      aria-label={`Extension ${ext.number}${ext.name ? ` ${ext.name}` : ''}: ${stateLabel[ext.state]}`}
      // Off-screen tiles skip style, layout and paint (a board of 2,000 tiles shows a few hundred at
      // most), so a change or the 1 s timers cost only the tiles in view (BENCHMARKS.md §3). Its paint
      // containment would clip the dial form floating over the next tiles: none while one is open, and
      // the tile is raised, since a ringing tile's pulse makes it a stacking context of its own. Told
      // by the control, not by a `:has()` selector: that made every change inside any tile a style
      // invalidation check, a third of the style and layout of a frame in which 80 tiles change.
      className={`relative flex min-h-[7.5rem] min-w-0 flex-col gap-0.5 rounded-xl border-2 px-2.5 py-2 [contain-intrinsic-size:auto_7.5rem] [overflow-clip-margin:0.5rem] ${raised ? 'z-10 [content-visibility:visible]' : '[content-visibility:auto]'} ${tileStyle[ext.state]}`}
    >
      <div className="flex flex-wrap items-baseline justify-between gap-x-2">
        <span className="text-4xl leading-none font-black tracking-tight tabular-nums">{ext.number}</span>
        <Elapsed since={ext.since} className="text-xl font-bold" />
      </div>
      <div className="truncate text-lg leading-tight font-medium" title={ext.name ?? undefined}>
        {ext.name ?? '\u00a0'}
      </div>
      {call && <CallLine call={call} queueName={queueName} />}
      <div className="mt-auto flex flex-wrap items-center gap-x-2 gap-y-1 pt-1">
        {recCall && <RecordingBadge recording={recording} />}
        {recCall && canRecord && <RecordButton key={recCall.id} callId={recCall.id} recording={recording} />}
        {canDial && <CallControl connectionId={ext.connectionId} number={ext.number} onPopover={setRaised} />}
        <span className="ml-auto truncate text-xs font-semibold tracking-wide uppercase opacity-75">
          {stateLabel[ext.state]}
          {extraLegs > 0 ? ` +${extraLegs}` : ''}
          <span className="font-normal normal-case opacity-80" title={`PBX: ${pbx}`}>
            {' '}
            · {pbx}
          </span>
        </span>
      </div>
    </article>
  );
});
