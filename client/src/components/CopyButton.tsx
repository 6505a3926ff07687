import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { copyText } from '../lib/clipboard';

/**
 * Copies text to the clipboard and says so, visibly and to screen readers. Where the browser lets
 * no script copy (plain http on a LAN address, a refused permission) it shows the text selected in
 * a field with "Select and copy", so the link can still be copied by hand.
 */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const { t } = useTranslation('common');
  const [state, setState] = useState<'idle' | 'copied' | 'manual'>('idle');
  const fieldRef = useRef<HTMLInputElement>(null);
  const timer = useRef<number | undefined>(undefined);

  useEffect(() => () => window.clearTimeout(timer.current), []);
  useEffect(() => {
    if (state === 'manual') fieldRef.current?.select();
  }, [state]);

  function show(next: 'copied' | 'manual') {
    window.clearTimeout(timer.current);
    setState(next);
    // "Copied" fades; the manual field stays until it is used, a few seconds would be too short.
    if (next === 'copied') timer.current = window.setTimeout(() => setState('idle'), 2500);
  }

  async function copy() {
    show(await copyText(text));
  }

  return (
    <span className="copy" data-state={state}>
      <button type="button" className="secondary" onClick={copy} aria-label={label} data-testid="copy-link">
        {state === 'copied' ? t('copy.copied') : t('copy.copy')}
      </button>
      {state === 'manual' ? (
        <span className="copy-manual">
          <input
            ref={fieldRef}
            readOnly
            value={text}
            aria-label={t('copy.field')}
            data-testid="copy-manual-field"
            onFocus={(e) => e.currentTarget.select()}
            onCopy={() => show('copied')}
          />
          <span className="muted" data-testid="copy-manual-hint">{t('copy.hint')}</span>
        </span>
      ) : null}
      <span role="status" aria-live="polite" className="sr-only">
        {state === 'copied' ? t('copy.announceCopied') : state === 'manual' ? t('copy.announceManual') : ''}
      </span>
    </span>
  );
}
