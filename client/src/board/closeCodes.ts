/**
 * What a close of a Yjs websocket means for the client. The stock provider reconnects after any
 * close except 44xx; but a 1009 (message too large) would reconnect and resend the same oversized
 * sync step forever, and a 4429 is worth retrying (after backoff). So both hooks (board and
 * agreement) pass `shouldReconnect` from here and show `message` once a close is permanent.
 */
import { CloseCode } from '@mediation/shared';

export type CloseKind = 'moved' | 'forbidden' | 'too-big' | 'unavailable' | 'superseded' | 'refused' | 'transient';

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
    case CloseCode.MALFORMED:
      return { kind: 'unavailable', permanent: true, message: 'This window sent a change the server could not read, so this document stopped syncing. Reload the page to continue.' };
    case CloseCode.SESSION_ENDED:
      return { kind: 'unavailable', permanent: true, message: 'The session has ended, so this document no longer changes.' };
    case CloseCode.SUPERSEDED:
      // The hook opens the current generation itself; this message only shows if that fails.
      return { kind: 'superseded', permanent: true, message: 'Someone new joined this caucus, so it has a fresh page. Opening it…' };
    case CloseCode.CHANGE_REFUSED:
      // The agreement hook reopens with a fresh copy itself; this shows if refusals keep coming.
      return { kind: 'refused', permanent: true, message: 'The server did not accept a change from this window (you can only suggest changes), so this document stopped syncing. Reload the page to continue.' };
    case CloseCode.AWARENESS_LIMIT:
      return { kind: 'unavailable', permanent: true, message: 'This document stopped syncing because this window sent too much presence information. Reload the page to continue.' };
    case CloseCode.AWAY:
      // Briefly out of the room (our connection dropped and is rejoining): keep retrying.
      return { kind: 'transient', permanent: false, message: 'Reconnecting…' };
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

/** How long the provider may wait between attempts once the server keeps closing it. */
const SLOW_BACKOFF_MS = 30_000;
const RESYNC_WINDOW_MS = 60_000;

/**
 * The stock provider resets its backoff whenever a connection syncs, so a server that accepts,
 * syncs and then closes again (1012 "reloaded", 4429 "too many") would be retried every 200 ms
 * forever. Count those closes over the last minute and back off exponentially from the second
 * one, up to 30 s. Runs inside 'connection-close', before the provider schedules its next try.
 */
export function backOffRepeatedCloses(provider: { wsUnsuccessfulReconnects: number; maxBackoffTime: number; on(e: 'connection-close', f: (e: CloseEvent | null) => void): void }): void {
  const recent: number[] = [];
  const normalMax = provider.maxBackoffTime;
  provider.on('connection-close', (e) => {
    if (!e || (e.code !== 1012 && e.code !== CloseCode.RATE_LIMITED)) return;
    const now = Date.now();
    recent.push(now);
    while (recent.length > 0 && now - recent[0]! > RESYNC_WINDOW_MS) recent.shift();
    if (recent.length < 2) {
      provider.maxBackoffTime = normalMax;
      return;
    }
    provider.maxBackoffTime = SLOW_BACKOFF_MS;
    // 100 ms * 2^n: from the second close within a minute, wait about 1.6 s, 3.2 s, 6.4 s …
    provider.wsUnsuccessfulReconnects = Math.max(provider.wsUnsuccessfulReconnects, recent.length + 2);
  });
}
