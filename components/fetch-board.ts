import type { Board } from '@/lib/board';
import { ApiError } from './api/api-error';
import { setServerClockOffset } from './clock';

/** One `GET /api/board`; also sets the server clock offset from the answer's `Date` header. */
export async function fetchBoard(signal: AbortSignal): Promise<Board> {
  const sentAt = Date.now();
  const res = await fetch('/api/board', {
    signal,
    cache: 'no-store',
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
  });
  if (!res.ok) throw new ApiError(`GET /api/board answered ${res.status}`, res.status);
  const board = (await res.json()) as Board;
  const date = res.headers.get('date');
  if (date) setServerClockOffset(Date.parse(date) + 500 - (sentAt + Date.now()) / 2);
  return board;
}
