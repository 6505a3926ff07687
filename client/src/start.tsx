import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { SkipLink } from './a11y/SkipLink';
import { initI18n } from './i18n';
import { mark } from './lib/marks';

/** The app itself, loaded by main.tsx once a join link's camera preview is showing. */
export function start(): void {
  mark('app-started');
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  // The language (and its translation files) is settled before the first paint, so nothing flickers from English.
  void initI18n().finally(() =>
    createRoot(root).render(
      <StrictMode>
        <SkipLink />
        <App />
      </StrictMode>,
    ),
  );
}
