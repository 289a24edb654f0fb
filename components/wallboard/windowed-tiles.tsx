'use client';

import { measureElement, useWindowVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useReducer, useRef, useState } from 'react';
import { columnCount } from './column-count';
import { ExtensionTile } from './extension-tile';
import { RowHeight } from './row-height';
import type { TileStore } from './tile-store';

interface WindowedTilesProps {
  ids: readonly string[];
  store: TileStore;
  pbx: string;
  canRecord: boolean;
  canDial: boolean;
}

// A tile's min-height (7.5rem) and the gap below it, at 16 px; rows are measured once rendered.
const ROW_ESTIMATE_PX = 130;

const grew = (n: number) => n + 1;

/**
 * A large group's tiles as rows, only those near the viewport in the DOM (BENCHMARKS.md §3): a delta
 * or the 1 s timers then cost the tiles in view, not 2,000. The page scrolls, not this box, so rows
 * are placed against the window with this box's offset as the scroll margin.
 */
export function WindowedTiles({ ids, store, pbx, canRecord, canDial }: WindowedTilesProps) {
  const box = useRef<HTMLDivElement>(null);
  const [geometry, setGeometry] = useState({ columns: 1, top: 0 });

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => {
      const remPx = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
      const columns = columnCount(el.clientWidth, remPx);
      const top = Math.round(el.getBoundingClientRect().top + window.scrollY);
      setGeometry((was) => (was.columns === columns && was.top === top ? was : { columns, top }));
    };
    measure();
    // The body too: a banner appearing above the grid moves it down without resizing it.
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, []);

  const [rowHeight] = useState(() => new RowHeight(ROW_ESTIMATE_PX));
  const [, rowsGrew] = useReducer(grew, 0);
  const { columns, top } = geometry;
  const rowPx = rowHeight.current(columns);
  const virtualizer = useWindowVirtualizer({
    count: Math.ceil(ids.length / columns),
    estimateSize: () => rowHeight.current(columns),
    measureElement: (el, entry, instance) => {
      const px = measureElement(el, entry, instance);
      if (rowHeight.measured(columns, px)) rowsGrew();
      return px;
    },
    overscan: 2,
    scrollMargin: top,
  });

  return (
    <div ref={box} className="relative" style={{ height: virtualizer.getTotalSize() }}>
      {virtualizer.getVirtualItems().map((row) => (
        <div
          key={row.key}
          data-index={row.index}
          ref={virtualizer.measureElement}
          // Placed by `top`, not a transform: a transform would make each row a stacking context, and
          // a tile raised for its open dial form must paint over the rows after its own.
          className="absolute inset-x-0 grid gap-2.5 pb-2.5"
          // Every row as tall as the tallest yet (row-height.ts); its tiles stretch to fill it.
          style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`, minHeight: rowPx, top: row.start - top }}
        >
          {ids.slice(row.index * columns, (row.index + 1) * columns).map((id) => (
            <ExtensionTile key={id} id={id} store={store} pbx={pbx} canRecord={canRecord} canDial={canDial} />
          ))}
        </div>
      ))}
    </div>
  );
}
