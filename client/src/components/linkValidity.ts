/** How long an invite link stays valid, in words a mediator can check at a glance. Pure, so the
 * wording and the "expires soon" rule are unit-tested. */
import { LINK_TTL_MAX_HOURS } from '@mediation/shared';
import { currentLanguage, i18n } from '../i18n';

export const VALIDITY_CHOICES = [
  { hours: 24, label: '1 day' },
  { hours: 72, label: '3 days' },
  { hours: 7 * 24, label: '7 days' },
  { hours: 30 * 24, label: '30 days' },
] as const;
export const DEFAULT_VALIDITY_HOURS = 72;

const HOUR = 3600_000;
/** A link that runs out within this is flagged so the mediator can send a new one in time. */
export const EXPIRES_SOON_MS = 24 * HOUR;

export interface ValidityView {
  state: 'valid' | 'soon' | 'expired';
  /** e.g. "Valid until Tue 8 Dec, 18:00" / "Expired on Tue 8 Dec, 18:00". */
  text: string;
}

export function formatUntil(at: number, locale?: string): string {
  const d = new Date(at);
  const day = d.toLocaleDateString(locale, { weekday: 'short', day: 'numeric', month: 'short' });
  const time = d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', hour12: false });
  return `${day}, ${time}`;
}

export function describeValidity(expiresAt: number, now: number, locale?: string): ValidityView {
  // The browser's own format in English (as before); Spanish dates for a Spanish interface.
  const until = formatUntil(expiresAt, locale ?? (currentLanguage() === 'es' ? 'es-ES' : undefined));
  const t = i18n.t;
  if (expiresAt <= now) return { state: 'expired', text: t('common:validity.expired', { until }) };
  const left = expiresAt - now;
  if (left <= EXPIRES_SOON_MS) {
    const hours = Math.max(1, Math.round(left / HOUR));
    return { state: 'soon', text: hours === 1 ? t('common:validity.soonHour', { until }) : t('common:validity.soonHours', { until, hours }) };
  }
  return { state: 'valid', text: t('common:validity.valid', { until }) };
}

/** Hours from now until a chosen date and time (rounded up), or null when it is not in the
 * future or further than links may last. */
export function hoursUntil(at: number, now: number): number | null {
  if (!Number.isFinite(at) || at <= now) return null;
  const hours = Math.ceil((at - now) / HOUR);
  return hours >= 1 && hours <= LINK_TTL_MAX_HOURS ? hours : null;
}
