'use client';

import { memo } from 'react';
import { ExtensionTile } from './extension-tile';
import type { TileGroup } from './group-extensions';
import type { TileStore } from './tile-store';
import { useTileLayout } from './use-tile-store';
import { vendorNames } from './vendor-names';
import { WindowedTiles } from './windowed-tiles';

/**
 * Boards above this many tiles render only the rows near the viewport. Smaller ones (the 48-phone
 * demo, a TV wallboard) keep every tile in the DOM, where find-in-page and tabbing reach them all.
 */
export const WINDOW_MIN_TILES = 300;

interface ExtensionGridProps {
  store: TileStore;
  /** The signed-in role may start and stop recordings (supervisor or admin). */
  mayRecord: boolean;
  /** The signed-in role may place calls through the PBX (supervisor or admin, never a display). */
  mayDial: boolean;
}

interface TilesProps {
  group: TileGroup;
  store: TileStore;
  mayRecord: boolean;
  mayDial: boolean;
  windowed: boolean;
}

// Memoised: the layout keeps a group's object while its members and PBX are unchanged, so a delta
// re-renders no section, only the tiles it changed.
const Tiles = memo(function Tiles({ group, store, mayRecord, mayDial, windowed }: TilesProps) {
  const pbx = group.connection?.name ?? group.connectionId;
  // Both must allow it: the PBX can record, and this role may ask it to.
  const canRecord = mayRecord && (group.connection?.capabilities.record ?? true);
  // Unlike recording, an unknown connection gets no Call button: the server could only answer 404.
  const canDial = mayDial && (group.connection?.capabilities.dial ?? false);
  if (windowed) return <WindowedTiles ids={group.ids} store={store} pbx={pbx} canRecord={canRecord} canDial={canDial} />;
  return (
    <div className="grid grid-cols-[repeat(auto-fill,minmax(11rem,1fr))] gap-2.5">
      {group.ids.map((id) => (
        <ExtensionTile key={id} id={id} store={store} pbx={pbx} canRecord={canRecord} canDial={canDial} />
      ))}
    </div>
  );
});

/** All extension tiles; one section per PBX when there are several. */
export const ExtensionGrid = memo(function ExtensionGrid({ store, mayRecord, mayDial }: ExtensionGridProps) {
  const { groups, count } = useTileLayout(store);
  const windowed = count > WINDOW_MIN_TILES;

  if (groups.length === 0) {
    return <p className="p-8 text-center text-2xl text-slate-400">No extensions on the board yet.</p>;
  }
  if (groups.length === 1 && groups[0]) {
    return (
      <div data-tile-count={count}>
        <Tiles group={groups[0]} store={store} mayRecord={mayRecord} mayDial={mayDial} windowed={windowed} />
      </div>
    );
  }

  return (
    <div data-tile-count={count} className="flex flex-col gap-5">
      {groups.map((group) => (
        <section key={group.connectionId} aria-labelledby={`pbx-${group.connectionId}`} className="flex flex-col gap-2">
          <h2 id={`pbx-${group.connectionId}`} className="text-lg font-bold tracking-wide text-slate-300 uppercase">
            {group.connection?.name ?? group.connectionId}
            {group.connection && (
              <span className="ml-2 text-sm font-medium text-slate-500 normal-case">{vendorNames[group.connection.vendor]}</span>
            )}
          </h2>
          <Tiles group={group} store={store} mayRecord={mayRecord} mayDial={mayDial} windowed={windowed} />
        </section>
      ))}
    </div>
  );
});
