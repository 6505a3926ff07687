/**
 * For unit tests that switch the language (no DOM): a small in-memory localStorage, since Node has
 * none, and English again after each test. Registers vitest hooks; returns the store to inspect.
 */
import { afterEach, beforeEach } from 'vitest';
import { i18n } from './index';

export function useMemoryLanguageStore(): Map<string, string> {
  const store = new Map<string, string>();
  beforeEach(() => {
    store.clear();
    Object.assign(globalThis, { localStorage: { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) } });
  });
  afterEach(async () => {
    await i18n.changeLanguage('en');
    delete (globalThis as { localStorage?: unknown }).localStorage;
  });
  return store;
}
