/**
 * Dates and times in a person's email, in their language. Emails use UTC (the .ics attachment
 * places the session in the reader's own zone); a zone can be given for other documents. The zone
 * is always named: an email is read anywhere, and "09:30" alone would be a guess.
 */
import type { Language } from '@mediation/shared';

const LOCALE: Record<Language, string> = { en: 'en-GB', es: 'es-ES' };

function validZone(tz: string | null | undefined): string | null {
  if (!tz) return null;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz;
  } catch {
    return null;
  }
}

/** "15 Jan 2027, 09:30 UTC" (English, no zone known: exactly what emails said before) / "15 ene 2027, 10:30 CET". */
export function whenFor(lng: Language, ms: number, timeZone?: string | null): string {
  const zone = validZone(timeZone) ?? 'UTC';
  const d = new Date(ms);
  const date = d.toLocaleDateString(LOCALE[lng], { day: 'numeric', month: 'short', year: 'numeric', timeZone: zone }).replace(/\.$/, '');
  const time = d.toLocaleTimeString(LOCALE[lng], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone });
  const name = zone === 'UTC' ? 'UTC' : (new Intl.DateTimeFormat(LOCALE[lng], { timeZone: zone, timeZoneName: 'short' }).formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? zone);
  return `${date}, ${time} ${name}${zone !== 'UTC' ? ` (${zone})` : ''}`;
}

/** "Tue, 15 Mar 2027, 09:30 UTC" / "mar, 15 mar 2027, 09:30 UTC": the follow-up emails' form (with the weekday). */
export function weekdayWhenFor(lng: Language, ms: number): string {
  const d = new Date(ms);
  const date = d.toLocaleDateString(LOCALE[lng], { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  return `${date}, ${d.toISOString().slice(11, 16)} UTC`;
}

/** "15 Mar 2027" / "15 mar 2027" for a YYYY-MM-DD calendar day (the same day everywhere). */
export function dayFor(lng: Language, day: string): string {
  return new Date(`${day}T12:00:00Z`).toLocaleDateString(LOCALE[lng], { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}
