'use client';

import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { RINGING_SHOWN_MS, ringingMessage } from './dial-feedback';
import { DialForm } from './dial-form';

interface CallControlProps {
  connectionId: string;
  number: string;
  /** The form or the note is showing, or no longer: the tile raises itself above its neighbours. */
  onPopover: (shown: boolean) => void;
}

/**
 * A tile's "Call" button, its form and the "your phone is ringing" note. The state lives here, not in
 * the tile, so opening the form re-renders this control alone; form and note float over the tiles
 * below instead of stretching their whole row of the grid.
 */
export function CallControl({ connectionId, number, onPopover }: CallControlProps) {
  const [open, setOpen] = useState(false);
  // An object, so ringing the same number twice restarts the timer.
  const [ringing, setRinging] = useState<{ to: string } | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const popoverRef = useRef<HTMLDivElement>(null);
  const popoverId = useId();

  const shown = open || ringing !== null;
  // Before paint, so the popover never shows for a frame under the tiles that follow.
  useLayoutEffect(() => {
    if (!shown) return;
    onPopover(true);
    return () => onPopover(false);
  }, [onPopover, shown]);

  useEffect(() => {
    if (!ringing) return;
    const timer = setTimeout(() => setRinging(null), RINGING_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [ringing]);

  const close = useCallback(() => {
    // Back to the button when focus was in the form, or fell to the body because the pressed submit
    // button went disabled; a late answer must not steal focus the user has since moved elsewhere.
    const active = document.activeElement;
    if (!active || active === document.body || popoverRef.current?.contains(active)) buttonRef.current?.focus();
    setOpen(false);
  }, []);

  const onRang = useCallback(
    (to: string) => {
      setRinging({ to });
      close();
    },
    [close],
  );

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={open ? popoverId : undefined}
        onClick={() => {
          setRinging(null);
          setOpen((was) => !was);
        }}
        className="inline-flex items-center gap-1.5 rounded-md border border-white/40 bg-slate-950/70 px-2.5 py-1 text-sm font-bold text-white hover:bg-slate-950 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white"
      >
        <span aria-hidden>✆</span>
        Call
      </button>
      {ringing && (
        <p
          role="status"
          className="absolute inset-x-0 top-full z-5 mt-1 rounded-lg border-2 border-green-500 bg-slate-900 px-2 py-1.5 text-sm font-semibold text-green-200 shadow-xl shadow-black/60"
        >
          {ringingMessage(ringing.to)}
        </p>
      )}
      {open && (
        <div
          ref={popoverRef}
          id={popoverId}
          className="absolute inset-x-0 top-full z-5 mt-1 rounded-lg border-2 border-slate-500 bg-slate-900 p-2 text-slate-100 shadow-xl shadow-black/60"
        >
          <DialForm connectionId={connectionId} number={number} onRang={onRang} onCancel={close} />
        </div>
      )}
    </>
  );
}
