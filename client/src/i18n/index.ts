/**
 * The client's i18n instance. Library choice: i18next + react-i18next, the most used and most
 * actively maintained JavaScript i18n stack (regular releases, typed API, CLDR plural rules via
 * Intl.PluralRules, namespaces so each area keeps its own JSON file, and a `useTranslation` hook
 * that re-renders on a language change). Detection is our own small function (detect.ts) because
 * the order includes the intake answer, which no stock detector knows about.
 */
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { DEFAULT_LANGUAGE, LANGUAGES, toLanguage, type Language } from '@mediation/shared';
import { browserLanguages, detectLanguage, readStoredChoice, storeChoice } from './detect';
import { englishResources, loadResources, NAMESPACES } from './resources';

export const i18n: I18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  lng: DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: [...LANGUAGES],
  ns: [...NAMESPACES],
  defaultNS: 'common',
  resources: { en: englishResources() },
  // Resources are in memory (English bundled, others loaded before changeLanguage): init is synchronous.
  initAsync: false,
  // React escapes text already; escaping here would show '&amp;' in names like "Tom & Jerry".
  interpolation: { escapeValue: false },
  returnNull: false,
  // No Suspense: a language's files are loaded before we switch to it, so nothing ever suspends.
  react: { useSuspense: false },
});

/** <html lang> follows the interface language (screen readers pick their voice from it). */
function reflectOnDocument(lng: string): void {
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
}
i18n.on('languageChanged', reflectOnDocument);

const loaded = new Set<Language>(['en']);
async function ensureLoaded(lng: Language): Promise<void> {
  if (loaded.has(lng)) return;
  const resources = await loadResources(lng);
  for (const [ns, catalog] of Object.entries(resources)) i18n.addResourceBundle(lng, ns, catalog, true, true);
  loaded.add(lng);
}

async function switchTo(lng: Language): Promise<void> {
  await ensureLoaded(lng);
  if (i18n.language !== lng) await i18n.changeLanguage(lng);
  reflectOnDocument(lng);
}

export function currentLanguage(): Language {
  return toLanguage(i18n.language) ?? DEFAULT_LANGUAGE;
}

/** Call once before the first render: picks the language (detect.ts order) and loads its files. */
export async function initI18n(): Promise<Language> {
  const lng = detectLanguage({ stored: readStoredChoice(), browser: browserLanguages() });
  await switchTo(lng).catch(() => switchTo(DEFAULT_LANGUAGE));
  return currentLanguage();
}

/** The person picked a language themselves: it wins over every suggestion from now on (and after a reload). */
export async function chooseLanguage(lng: Language): Promise<void> {
  storeChoice(lng);
  await switchTo(lng);
}

/**
 * A suggestion from outside the browser (the intake answer, or the language the mediator recorded
 * when inviting): followed only if the person has not chosen a language themselves.
 */
export async function suggestLanguage(suggested: string | null | undefined): Promise<void> {
  const lng = detectLanguage({ stored: readStoredChoice(), suggested, browser: browserLanguages() });
  if (toLanguage(suggested) && lng !== currentLanguage()) await switchTo(lng);
}
