import type { Language } from '@mediation/shared';

/**
 * Dates and times in the person's own time zone (the browser's) and language. `timeZone` is a
 * parameter only so tests can pin it; the app always uses the browser's.
 */
export interface FormatOptions {
  timeZone?: string;
  /** Add the zone's short name ("EST", "GMT+1") where the exact time matters: session start, hard stop, follow-up dates. */
  withZone?: boolean;
}

const LOCALE: Record<Language, string> = { en: 'en-US', es: 'es-ES' };

let hostTimeZone: string | undefined;
/** Asked once per page: each ask builds a formatter (4-9 ms of main thread in a busy page). */
export function browserTimeZone(): string {
  return (hostTimeZone ??= Intl.DateTimeFormat().resolvedOptions().timeZone);
}

/**
 * The first date formatting in a page makes the browser find its time zone (ICU reads the system's
 * zone data): 40-50 ms of main thread on an idle machine, over 100 under load. Done while the
 * person looks at their preview, it is not paid by the room's first render (its clock) right after
 * "Join", where it sat on the path to the first remote frame.
 */
export function warmDateFormatting(lng: Language): void {
  formatTime(lng, Date.now());
}

function toDate(value: Date | number | string): Date {
  return value instanceof Date ? value : new Date(value);
}

/** Formatters are built once per language and options: building one costs milliseconds, formatting microseconds. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(lng: Language, base: Intl.DateTimeFormatOptions, o: FormatOptions): Intl.DateTimeFormat {
  const options: Intl.DateTimeFormatOptions = { ...base, timeZone: o.timeZone ?? browserTimeZone(), ...(o.withZone ? { timeZoneName: 'short' } : {}) };
  const key = `${lng} ${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(LOCALE[lng], options)));
  return f;
}

/** "Mar 4, 2026, 3:30 PM EST" / "4 mar 2026, 15:30 CET". */
export function formatDateTime(lng: Language, value: Date | number | string, o: FormatOptions = {}): string {
  return formatter(lng, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }, o).format(toDate(value));
}

/** "3:30 PM" / "15:30" (with the zone if asked). */
export function formatTime(lng: Language, value: Date | number | string, o: FormatOptions = {}): string {
  return formatter(lng, { hour: 'numeric', minute: '2-digit' }, o).format(toDate(value));
}

/** "Mar 4, 2026" / "4 mar 2026". A date-only value ("2026-03-04") is a calendar day, not an instant: it is shown as written. */
export function formatDate(lng: Language, value: Date | number | string, o: FormatOptions = {}): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return new Intl.DateTimeFormat(LOCALE[lng], { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${value}T00:00:00Z`));
  }
  return formatter(lng, { year: 'numeric', month: 'short', day: 'numeric' }, o).format(toDate(value));
}

export function formatNumber(lng: Language, n: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(LOCALE[lng], options).format(n);
}
