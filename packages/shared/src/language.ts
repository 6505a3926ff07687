import { z } from 'zod';

/**
 * The interface languages the product is complete in. A person's language crosses the wire (join
 * page suggestion, invitation form, stored on the invitee), so it is one schema for client and server.
 */
export const LANGUAGES = ['en', 'es'] as const;
export const LanguageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof LanguageSchema>;
export const DEFAULT_LANGUAGE: Language = 'en';

/** Each language named in itself: what a picker shows, so a person finds their own language. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', es: 'Español' };

/** 'es-MX', 'ES', 'es_419' -> 'es'; anything not supported -> null (the caller decides the fallback). */
export function toLanguage(tag: string | null | undefined): Language | null {
  if (!tag) return null;
  const base = tag.trim().toLowerCase().split(/[-_]/)[0];
  const parsed = LanguageSchema.safeParse(base);
  return parsed.success ? parsed.data : null;
}

/**
 * The lobby message a new session starts with (stored with the session). The waiting room shows
 * it in the person's language; a message the mediator wrote is shown as written.
 */
export const DEFAULT_LOBBY_MESSAGE = 'The mediator will bring you in shortly.';
