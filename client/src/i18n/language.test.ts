/**
 * The instance end to end (no DOM): Spanish is loaded on demand with every namespace English has,
 * an explicit choice is stored and then beats a suggestion, and a suggestion applies while nothing
 * was chosen. localStorage is a small in-memory one (Node has none); the i18n code is the real one.
 */
import { describe, expect, it } from 'vitest';
import { useMemoryLanguageStore } from './testLanguageStore';
import { chooseLanguage, currentLanguage, i18n, suggestLanguage } from './index';
import { NAMESPACES, loadResources } from './resources';
import { STORAGE_KEY } from './detect';

const store = useMemoryLanguageStore();

describe('the i18n instance', () => {
  it('loads Spanish on demand with exactly the namespaces English has', async () => {
    const es = await loadResources('es');
    expect(Object.keys(es).sort()).toEqual([...NAMESPACES]);
  });

  it('an explicit choice switches the language, is stored, and wins over a later suggestion', async () => {
    await chooseLanguage('es');
    expect(currentLanguage()).toBe('es');
    expect(store.get(STORAGE_KEY)).toBe('es');
    expect(i18n.t('join:join')).toBe('Entrar en la sesión');
    await suggestLanguage('en');
    expect(currentLanguage()).toBe('es');
  });

  it('a suggestion applies while the person has chosen nothing; nonsense is ignored', async () => {
    await suggestLanguage('es-MX');
    expect(currentLanguage()).toBe('es');
    expect(store.has(STORAGE_KEY)).toBe(false);
    await i18n.changeLanguage('en');
    await suggestLanguage('klingon');
    expect(currentLanguage()).toBe('en');
  });

  it('falls back to English for a key Spanish lacks (never shows the key)', async () => {
    await chooseLanguage('es');
    i18n.addResource('en', 'common', 'onlyInEnglish', 'Only in English');
    expect(i18n.t('common:onlyInEnglish')).toBe('Only in English');
  });
});
