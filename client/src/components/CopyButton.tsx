import { useState } from 'react';

/** Copies text to the clipboard and says so (announced to screen readers). */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
    window.setTimeout(() => setState('idle'), 2500);
  }
  return (
    <span className="copy">
      <button type="button" className="secondary" onClick={copy} aria-label={label} data-testid="copy-link">
        {state === 'copied' ? 'Copied' : 'Copy'}
      </button>
      <span role="status" aria-live="polite" className="sr-only">
        {state === 'copied' ? 'Link copied' : state === 'failed' ? 'Could not copy: select the link and copy it by hand' : ''}
      </span>
    </span>
  );
}
