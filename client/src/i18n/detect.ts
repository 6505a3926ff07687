import { DEFAULT_LANGUAGE, toLanguage, type Language } from '@mediation/shared';

/** Where a person's explicit choice is kept (per browser: it survives reloads and the next link). */
export const STORAGE_KEY = 'mediation.language';

export interface DetectionInputs {
  /** What the person picked themselves (localStorage). */
  stored: string | null | undefined;
  /** The language their intake answer (or the mediator's invitation) suggests. */
  suggested?: string | null | undefined;
  /** navigator.languages (or [navigator.language]), most preferred first. */
  browser: readonly string[];
}

/**
 * The order the brief fixes: the person's explicit choice > the intake answer's suggestion >
 * the browser's languages > English. Pure, so the order is unit-tested without a DOM.
 */
export function detectLanguage({ stored, suggested, browser }: DetectionInputs): Language {
  const explicit = toLanguage(stored);
  if (explicit) return explicit;
  const fromIntake = toLanguage(suggested);
  if (fromIntake) return fromIntake;
  for (const tag of browser) {
    const l = toLanguage(tag);
    if (l) return l;
  }
  return DEFAULT_LANGUAGE;
}

/** localStorage can throw (privacy modes, sandboxed frames): a failed read is "no choice". */
export function readStoredChoice(): string | null {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

export function storeChoice(lng: Language): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lng);
  } catch {
    // Not persisted: the choice still holds for this page.
  }
}

export function browserLanguages(): readonly string[] {
  const nav = globalThis.navigator;
  if (!nav) return [];
  return nav.languages?.length ? nav.languages : nav.language ? [nav.language] : [];
}
