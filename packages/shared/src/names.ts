/**
 * Human-readable identifiers: the words a person reads to know WHO or WHAT something is (display
 * names, side labels, space names, session titles, version names). One schema builder for all of
 * them, because each is shown to other people, printed on the agreement and written to the audit
 * log, and a character that changes how the text looks (right-to-left override, zero-width joiner,
 * escape sequences, newlines) would let one name pass for another.
 */
import { z } from 'zod';

/**
 * Refused anywhere in an identifier:
 * - Cc control (NUL, BEL, ESC, tab, newline, DEL, C1), Cf format (bidi overrides and isolates
 *   U+202A–U+202E, U+2066–U+2069, marks U+200E/F, U+061C, zero-width U+200B–U+200D, U+2060,
 *   U+FEFF, soft hyphen), Cs lone surrogates, Co private use, Cn unassigned;
 * - Zl/Zp line and paragraph separators (newlines by another name);
 * - default-ignorable code points (invisible fillers such as U+115F, U+3164, variation selectors):
 *   they render as nothing, so "Ana" and "Ana<filler>" would look the same.
 */
const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/u;
/** More than 3 combining marks on one letter is never a real name, only a way to smear text. */
const MARK_PILE = /\p{M}{4,}/u;
const HAS_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

export interface IdentifierOptions {
  /** What the field is called in the error message ("name", "side", "title"). */
  label: string;
  /** Longest allowed, in UTF-16 units after normalising (as the UI counts). */
  max: number;
  /** Shortest allowed (default 1). */
  min?: number;
}

/** The first forbidden character in `text`, as "U+202E", or null. */
export function forbiddenCharacter(text: string): string | null {
  const bad = FORBIDDEN.exec(text);
  return bad ? `U+${(bad[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}` : null;
}

/** Why `text` is not an acceptable identifier, or null if it is. */
export function identifierProblem(text: string, label: string): string | null {
  const bad = forbiddenCharacter(text);
  if (bad) return `${label} contains an invisible or control character (${bad})`;
  if (MARK_PILE.test(text)) return `${label} has too many accents on one letter`;
  if (!HAS_LETTER_OR_DIGIT.test(text)) return `${label} needs at least one letter or digit`;
  return null;
}

/**
 * The one schema for a human-readable identifier: NFC-normalised, trimmed, non-empty, bounded,
 * with no control, format, surrogate, private-use, unassigned or invisible characters. Forbidden
 * characters are refused even at the ends (before trimming): a trailing newline or byte-order mark
 * is a sign of pasted or crafted input, not something to clean up silently.
 */
export function humanIdentifier(opts: IdentifierOptions) {
  const { label, max, min = 1 } = opts;
  return z
    .string()
    .normalize('NFC')
    .superRefine((text, ctx) => {
      const bad = forbiddenCharacter(text);
      if (bad) ctx.addIssue({ code: 'custom', message: `${label} contains an invisible or control character (${bad})`, abort: true });
    })
    .trim()
    .min(min, min <= 1 ? `${label} is required` : `${label} must be at least ${min} characters`)
    .max(max, `${label} must be at most ${max} characters`)
    .superRefine((text, ctx) => {
      // An optional label (min 0) may be left empty; anything typed is checked like any name.
      if (text === '' && min === 0) return;
      const problem = identifierProblem(text, label);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
}

/** Letters NFD does not split into base + accent, folded by hand so "Łukasz" matches "Lukasz". */
const FOLD: Record<string, string> = { 'ł': 'l', 'ø': 'o', 'đ': 'd', 'ð': 'd', 'ħ': 'h', 'ı': 'i', 'ß': 'ss', 'æ': 'ae', 'œ': 'oe', 'þ': 'th' };

/**
 * A name as people tell names apart: case, surrounding and repeated whitespace, and diacritics do
 * not count ("jose muller-capek" is "José Müller-Čapek"); letters and punctuation do. Used to keep
 * two people in one session from sharing a name, and to check a typed signature.
 */
export function normaliseName(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[łøđðħıßæœþ]/g, (c) => FOLD[c] ?? c).replace(/\s+/g, ' ').trim();
}

/** Whether two names would be read as the same name (see `normaliseName`). */
export const sameName = (a: string, b: string): boolean => normaliseName(a) === normaliseName(b);
