import { ApiError } from '../api/api-error';

/** Asks the server to start or stop recording a call; throws with the server's own words on refusal. */
export async function requestRecording(callId: string, action: 'start' | 'stop'): Promise<void> {
  let res: Response;
  try {
    res = await fetch(`/api/calls/${encodeURIComponent(callId)}/recording`, {
      method: action === 'start' ? 'POST' : 'DELETE',
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
    });
  } catch {
    throw new Error('Could not reach the Linesight server.');
  }
  if (res.ok) return;
  let message = `Could not ${action} recording (HTTP ${res.status}).`;
  try {
    const body: unknown = await res.json();
    const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
    if (typeof error === 'string' && error.trim()) message = error;
  } catch {
    // Not JSON (a proxy's error page, say): keep the generic message.
  }
  throw new ApiError(message, res.status);
}
