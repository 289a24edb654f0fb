'use client';

import { useRef, useState } from 'react';
import { secondaryButtonClass } from '../../form/styles';

type CopyState = 'idle' | 'copied' | 'manual';

/**
 * The kiosk link, shown once: the server keeps only a hash of its token, so closing this loses it for
 * good (revoke and create another then).
 */
export function OneTimeUrl({ name, url, onDismiss }: { name: string; url: string; onDismiss: () => void }) {
  const codeRef = useRef<HTMLElement>(null);
  const [copy, setCopy] = useState<CopyState>('idle');

  // The Clipboard API needs a secure context; on plain http off localhost, select the text instead.
  async function onCopy() {
    try {
      await navigator.clipboard.writeText(url);
      setCopy('copied');
    } catch {
      const code = codeRef.current;
      if (code) window.getSelection()?.selectAllChildren(code);
      setCopy('manual');
    }
  }

  return (
    <section aria-labelledby="display-url-title" className="flex flex-col gap-3 rounded-xl border-2 border-amber-400 bg-amber-950/60 p-4">
      <h2 id="display-url-title" className="text-xl font-bold">
        Kiosk link for {name}
      </h2>
      <p className="text-lg font-semibold text-amber-200">
        Copy this link now: it won&apos;t be shown again. Open it in the wall display&apos;s browser.
      </p>
      <code ref={codeRef} data-testid="display-url" className="rounded-lg bg-slate-950 px-3 py-2 font-mono text-lg break-all text-white select-all">
        {url}
      </code>
      <div className="flex flex-wrap items-center gap-3">
        <button type="button" onClick={onCopy} className={secondaryButtonClass}>
          {copy === 'copied' ? 'Copied' : 'Copy link'}
        </button>
        <button type="button" onClick={onDismiss} className={secondaryButtonClass}>
          Done
        </button>
        <span role="status" className="text-base text-slate-300">
          {copy === 'copied' ? 'Link copied to the clipboard.' : copy === 'manual' ? 'Press Ctrl+C (⌘C) to copy the selected link.' : ''}
        </span>
      </div>
    </section>
  );
}
