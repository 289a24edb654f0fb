'use client';

import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useRef, useState } from 'react';
import { columnCount } from './column-count';
import { ExtensionTile } from './extension-tile';
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

  const { columns, top } = geometry;
  const virtualizer = useWindowVirtualizer({
    count: Math.ceil(ids.length / columns),
    estimateSize: () => ROW_ESTIMATE_PX,
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
          // Later rows paint over earlier ones: the row holding an open dial form must stay on top.
          className="absolute inset-x-0 top-0 grid gap-2.5 pb-2.5 has-[[data-popover]]:z-10"
          style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`, transform: `translateY(${row.start - top}px)` }}
        >
          {ids.slice(row.index * columns, (row.index + 1) * columns).map((id) => (
            <ExtensionTile key={id} id={id} store={store} pbx={pbx} canRecord={canRecord} canDial={canDial} />
          ))}
        </div>
      ))}
    </div>
  );
}
