'use client';

import { useEffect, useMemo } from 'react';
import { roleAtLeast } from '@/lib/auth-types';
import { redirectToSignIn } from '../auth/safe-next';
import { useBoardSocket } from '../use-board-socket';
import { useSession } from '../use-session';
import { ConnectionChips } from './connection-chips';
import { DisplayRevoked } from './display-revoked';
import { ExtensionGrid } from './extension-grid';
import { agentLabels } from './format';
import { LiveBanner } from './live-banner';
import { QueuePanel } from './queue-panel';
import { SessionMenu } from './session-menu';
import { StorageBanner } from './storage-banner';
import { useTileStore } from './use-tile-store';

/** The supervisor wallboard: connections and liveness on top, tiles, and a column of queues. */
export function Wallboard() {
  const session = useSession();
  const principal = session.data;
  const { board, live, status, error, authLost } = useBoardSocket();
  const store = useTileStore();
  // Only the agents the queues list: a map of all 2,000 extensions per delta was a cost of its own.
  const agentNames = useMemo(() => agentLabels(board?.queues ?? [], (id) => store.get(id)), [board, store]);

  // The session answer is kept from page load, so a display still knows it is one after its link dies.
  const signedOut = authLost || principal === null;
  const isDisplay = principal?.kind === 'display';
  // Recording and click-to-dial both act on the PBX: supervisors and admins only, never a display.
  const mayAct = principal ? roleAtLeast(principal.role, 'supervisor') : false;

  useEffect(() => {
    if (signedOut && !isDisplay && !session.isPending) redirectToSignIn('/');
  }, [signedOut, isDisplay, session.isPending]);

  if (signedOut && isDisplay) return <DisplayRevoked />;

  return (
    <div className="flex min-h-dvh flex-col">
      <header className="sticky top-0 z-10 border-b border-slate-800 bg-slate-950">
        <div className="flex flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2">
          <h1 className="text-3xl font-black tracking-tight">Linesight</h1>
          <ConnectionChips connections={board?.connections ?? []} />
          <SessionMenu principal={principal} />
        </div>
        <LiveBanner status={status} />
        <StorageBanner health={board?.health} />
      </header>

      {board ? (
        <main className={`flex flex-1 flex-col gap-4 p-4 transition-opacity xl:flex-row ${live ? '' : 'opacity-70'}`}>
          <div className="min-w-0 flex-1">
            <ExtensionGrid store={store} mayRecord={mayAct} mayDial={mayAct} />
          </div>
          {board.queues.length > 0 && (
            <aside aria-label="Queues" className="flex shrink-0 flex-col gap-3 xl:w-[26rem]">
              {board.queues.map((queue) => (
                <QueuePanel key={queue.id} queue={queue} agentNames={agentNames} />
              ))}
            </aside>
          )}
        </main>
      ) : (
        <main className="flex flex-1 items-center justify-center p-8 text-center">
          {error ? (
            <p role="alert" className="text-2xl text-red-300">
              Could not load the board: {error.message}
            </p>
          ) : (
            <p className="text-2xl text-slate-400">Loading the board…</p>
          )}
        </main>
      )}
    </div>
  );
}
