'use client';

import { useMutation } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { RecordingState } from '@/lib/board';
import { SIGN_IN_ON_401 } from '../api/api-error';
import { requestRecording } from './request-recording';

const ERROR_SHOWN_MS = 30_000;

/**
 * Record / Stop for one call. The button never changes the recording state itself: the server drives
 * it through deltas; the spinner only covers the request and the server's transitional states.
 */
export function RecordButton({ callId, recording }: { callId: string; recording: RecordingState }) {
  const { mutate, reset, isPending, isError, error } = useMutation({
    mutationFn: (action: 'start' | 'stop') => requestRecording(callId, action),
    meta: SIGN_IN_ON_401,
  });

  useEffect(() => {
    if (!isError) return;
    const timer = setTimeout(reset, ERROR_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [isError, reset]);

  const stopping = recording === 'on' || recording === 'stopping';
  const busy = isPending || recording === 'starting' || recording === 'stopping';

  return (
    <>
      <button
        type="button"
        disabled={busy}
        aria-busy={busy}
        onClick={() => mutate(stopping ? 'stop' : 'start')}
        className="inline-flex items-center gap-1.5 rounded-md border border-white/40 bg-slate-950/70 px-2.5 py-1 text-sm font-bold text-white hover:bg-slate-950 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white disabled:cursor-wait disabled:opacity-70"
      >
        {busy ? (
          <span aria-hidden className="size-3 animate-spin rounded-full border-2 border-white/40 border-t-white" />
        ) : (
          <span aria-hidden className={stopping ? 'size-2.5 bg-white' : 'size-2.5 rounded-full bg-red-500'} />
        )}
        {stopping ? 'Stop' : 'Record'}
      </button>
      {isError && (
        <p role="alert" className="order-last basis-full rounded-md bg-red-950 px-2 py-1 text-sm font-medium text-red-100">
          {error.message}
        </p>
      )}
    </>
  );
}
