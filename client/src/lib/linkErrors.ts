/** What an invite-link failure means to the person holding the link. Each reason names itself
 * ("expired", "revoked", ...) so the page says which problem it is, not just "error". */
import { LINK_REPLACED_MESSAGE, type AppError } from '@mediation/shared';

export type LinkErrorReason = 'missing' | 'invalid' | 'expired' | 'revoked' | 'replaced' | 'ended' | 'network' | 'unknown';

export interface LinkErrorInfo {
  reason: LinkErrorReason;
  heading: string;
  detail: string;
}

export function describeLinkError(error: AppError | null): LinkErrorInfo {
  if (!error) {
    return { reason: 'missing', heading: 'This link is incomplete', detail: 'The invitation code is missing from the link. Open the full link you were sent, or ask the mediator to send it again.' };
  }
  switch (error.code) {
    case 'TOKEN_INVALID':
    case 'UNAUTHORIZED':
    case 'BAD_REQUEST':
      return { reason: 'invalid', heading: 'This link is invalid', detail: 'The link is not valid: it may have been mistyped, cut short or tampered with. Ask the mediator for a new link.' };
    case 'TOKEN_EXPIRED':
      return { reason: 'expired', heading: 'This link has expired', detail: 'The link has expired. Ask the mediator to send you a new one.' };
    case 'TOKEN_REVOKED':
      if (error.message === LINK_REPLACED_MESSAGE) {
        return { reason: 'replaced', heading: 'This link was replaced by a new one', detail: 'The mediator has sent you a new link, so this one no longer works. Ask the mediator for the new link.' };
      }
      return { reason: 'revoked', heading: 'This link has been revoked', detail: 'The mediator has revoked (withdrawn) this link. If you think this is a mistake, contact the mediator.' };
    case 'SESSION_ENDED':
      return { reason: 'ended', heading: 'This session has ended', detail: 'The mediation session for this link has ended.' };
    case 'INTERNAL':
    case 'RATE_LIMITED':
      return { reason: 'network', heading: 'We could not check your link', detail: `${error.message} Please try again in a moment.` };
    default:
      return { reason: 'unknown', heading: 'This link cannot be used', detail: error.message };
  }
}
