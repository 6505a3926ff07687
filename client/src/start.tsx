import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { SkipLink } from './a11y/SkipLink';
import { initI18n } from './i18n';
import './styles.css';
import { installTheme } from './layout/theme';

// Light or dark (stored choice, else the system's) before the first paint.
installTheme();

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
