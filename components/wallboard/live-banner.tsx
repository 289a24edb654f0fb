import type { SocketStatus } from '../board-socket';

/**
 * The page's honesty signal: a thin green strip while frames arrive in order, a large amber (catching
 * up) or red (disconnected) bar otherwise, so nobody trusts a frozen board.
 */
export function LiveBanner({ status }: { status: SocketStatus }) {
  if (status.live) {
    return (
      <div
        data-testid="live-banner"
        data-live="true"
        role="status"
        className="flex items-center gap-2 bg-green-900/60 px-4 py-0.5 text-sm font-semibold text-green-200"
      >
        <span aria-hidden className="size-2 rounded-full bg-green-400" />
        Live
      </div>
    );
  }
  const disconnected = status.phase === 'waiting' || status.phase === 'connecting';
  const detail = !status.everSynced
    ? 'Waiting for the first board update'
    : disconnected
      ? 'Connection to the server lost; the board below may be out of date'
      : 'Catching up with the server; the board below may be out of date';
  return (
    <div
      data-testid="live-banner"
      data-live="false"
      role="status"
      className={`flex flex-wrap items-baseline gap-x-4 px-4 py-3 ${
        disconnected && status.everSynced ? 'bg-red-700 text-white' : 'bg-amber-400 text-slate-950'
      }`}
    >
      <span className="text-3xl font-black">{status.everSynced ? 'Stale — reconnecting…' : 'Connecting…'}</span>
      <span className="text-lg font-medium">{detail}</span>
    </div>
  );
}
