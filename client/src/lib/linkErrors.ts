/** What an invite-link failure means to the person holding the link. Each reason names itself
 * ("expired", "revoked", ...) so the page says which problem it is, not just "error".
 * The words come from the `errors` namespace in the person's language (computed at call time,
 * so call it while rendering). */
import { LINK_REPLACED_MESSAGE, type AppError } from '@mediation/shared';
import { i18n } from '../i18n';

export type LinkErrorReason = 'missing' | 'invalid' | 'expired' | 'revoked' | 'replaced' | 'ended' | 'network' | 'unknown';

export interface LinkErrorInfo {
  reason: LinkErrorReason;
  heading: string;
  detail: string;
}

export function describeLinkError(error: AppError | null): LinkErrorInfo {
  const t = i18n.t;
  if (!error) {
    return { reason: 'missing', heading: t('errors:link.missing.heading'), detail: t('errors:link.missing.detail') };
  }
  switch (error.code) {
    case 'TOKEN_INVALID':
    case 'UNAUTHORIZED':
    case 'BAD_REQUEST':
      return { reason: 'invalid', heading: t('errors:link.invalid.heading'), detail: t('errors:link.invalid.detail') };
    case 'TOKEN_EXPIRED':
      return { reason: 'expired', heading: t('errors:link.expired.heading'), detail: t('errors:link.expired.detail') };
    case 'TOKEN_REVOKED':
      if (error.message === LINK_REPLACED_MESSAGE) {
        return { reason: 'replaced', heading: t('errors:link.replaced.heading'), detail: t('errors:link.replaced.detail') };
      }
      return { reason: 'revoked', heading: t('errors:link.revoked.heading'), detail: t('errors:link.revoked.detail') };
    case 'SESSION_ENDED':
      return { reason: 'ended', heading: t('errors:link.ended.heading'), detail: t('errors:link.ended.detail') };
    case 'INTERNAL':
    case 'RATE_LIMITED':
      return { reason: 'network', heading: t('errors:link.network.heading'), detail: t('errors:link.network.detail', { message: error.message }) };
    default:
      // The server's own sentence: English (server messages are not translated in the client).
      return { reason: 'unknown', heading: t('errors:link.unknown.heading'), detail: error.message };
  }
}
