/**
 * What a close of a Yjs websocket means for the client. The stock provider reconnects after any
 * close except 44xx; but a 1009 (message too large) would reconnect and resend the same oversized
 * sync step forever, and a 4429 is worth retrying (after backoff). So both hooks (board and
 * agreement) pass `shouldReconnect` from here and show `message` once a close is permanent.
 */
import { CloseCode } from '@mediation/shared';

export type CloseKind = 'moved' | 'forbidden' | 'too-big' | 'unavailable' | 'transient';

export interface CloseOutcome {
  kind: CloseKind;
  /** True when reconnecting cannot help: the provider stops and the message stays up. */
  permanent: boolean;
  message: string;
}

export function describeClose(code: number): CloseOutcome {
  switch (code) {
    case CloseCode.TOO_BIG:
      return { kind: 'too-big', permanent: true, message: 'Your last change is too large to save, so it was not saved and this document stopped syncing. Reload the page to continue.' };
    case CloseCode.MOVED_OUT:
      return { kind: 'moved', permanent: true, message: 'You left this space, so this document is closed for you.' };
    case CloseCode.UNAUTHORIZED:
      return { kind: 'forbidden', permanent: true, message: 'Your link is no longer valid. Ask the mediator for a new one.' };
    case CloseCode.FORBIDDEN:
    case CloseCode.READ_ONLY_VIOLATION:
      return { kind: 'forbidden', permanent: true, message: 'This document is not available to you from where you are.' };
    case CloseCode.NOT_FOUND:
      return { kind: 'unavailable', permanent: true, message: 'This document does not exist.' };
    default:
      // Network drops, server restarts, 1012 (the server reloaded the document: resync) and 4429
      // (too many updates: the backoff slows us down) are worth another try.
      if (code >= 4400 && code < 4500 && code !== CloseCode.RATE_LIMITED) return { kind: 'unavailable', permanent: true, message: 'This document was closed by the server. Reload the page to try again.' };
      return { kind: 'transient', permanent: false, message: 'Reconnecting…' };
  }
}

/** For `new WebsocketProvider(url, name, doc, { shouldReconnect })`. */
export const shouldReconnect = (event: { code: number }): boolean => !describeClose(event.code).permanent;
