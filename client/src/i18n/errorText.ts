/**
 * What a refused request says to the person. The server writes its messages in English, for
 * people and specific ("Chat messages are limited to 2,000 characters"): in English they are shown
 * as they come. In another language the error code's sentence in that language is shown instead
 * (less specific, but readable by the person it is for). A code without a sentence, or an empty
 * message, falls back to what there is.
 */
import type { AppError } from '@mediation/shared';
import { i18n } from './index';

export function errorText(error: AppError): string {
  const key = `errors:code.${error.code}`;
  const english = (i18n.language ?? 'en').startsWith('en');
  if ((!english || !error.message.trim()) && i18n.exists(key)) return i18n.t(key);
  return error.message.trim() ? error.message : i18n.t('errors:code.INTERNAL');
}
