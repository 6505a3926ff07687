/**
 * Light and dark: the person's choice (stored in localStorage) or, without one, the system's
 * (prefers-color-scheme, followed live). The resolved theme is written to <html data-theme>,
 * which theme.css reads. Applied at import time, before React's first render, so the page never
 * flashes the wrong theme.
 */
export type ThemeChoice = 'light' | 'dark' | 'system';
export type Theme = 'light' | 'dark';

export const THEME_KEY = 'mediation.theme';

export function storedChoice(storage: Pick<Storage, 'getItem'> | null): ThemeChoice {
  try {
    const v = storage?.getItem(THEME_KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

/** The theme to show for a choice, given whether the system prefers dark. */
export function resolveTheme(choice: ThemeChoice, systemDark: boolean): Theme {
  return choice === 'system' ? (systemDark ? 'dark' : 'light') : choice;
}

/** The next choice of the toggle: the opposite of what is shown now (a person who switches has chosen). */
export function nextChoice(shown: Theme): ThemeChoice {
  return shown === 'dark' ? 'light' : 'dark';
}

const listeners = new Set<(t: Theme) => void>();
let current: Theme = 'light';

function systemQuery(): MediaQueryList | null {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : null;
}

function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

function apply(): void {
  const theme = resolveTheme(storedChoice(safeStorage()), systemQuery()?.matches ?? false);
  current = theme;
  if (typeof document !== 'undefined') document.documentElement.dataset.theme = theme;
  for (const l of listeners) l(theme);
}

export function currentTheme(): Theme {
  return current;
}

export function setThemeChoice(choice: ThemeChoice): void {
  const storage = safeStorage();
  try {
    if (choice === 'system') storage?.removeItem(THEME_KEY);
    else storage?.setItem(THEME_KEY, choice);
  } catch {
    // Private mode without storage: the choice holds for this page only.
  }
  apply();
}

export function onThemeChange(listener: (t: Theme) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Applies the theme now and follows the system setting while no choice is stored. */
export function installTheme(): void {
  apply();
  systemQuery()?.addEventListener?.('change', apply);
  if (typeof window !== 'undefined') window.addEventListener('storage', (e) => e.key === THEME_KEY && apply());
}
