import type { BoardHealth } from '@/lib/board';

/**
 * The server cannot store call events (full disk, read-only database): the tiles keep moving from
 * memory, but a supervisor must know that history is at risk rather than find out tomorrow.
 */
export function StorageBanner({ health }: { health: BoardHealth | undefined }) {
  const storage = health?.storage;
  if (!storage || storage.ok) return null;
  const waiting = storage.pendingEvents > 0 ? ` ${storage.pendingEvents} call events are waiting to be saved.` : '';
  const lost = storage.droppedEvents > 0 ? ` ${storage.droppedEvents} could not be kept.` : '';
  return (
    <p role="alert" data-testid="storage-banner" className="border-t-2 border-red-500 bg-red-950 px-4 py-2 text-xl font-bold text-red-100">
      Storage problem: {storage.error ?? 'the database refuses writes.'}{waiting}
      {lost} The board stays live; the server retries every second.
    </p>
  );
}
