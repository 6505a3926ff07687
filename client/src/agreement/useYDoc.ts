/** A Yjs document synced with the stock y-websocket provider at `/yjs/<docName>`. */
import { useEffect, useRef, useState } from 'react';
import { WebsocketProvider } from 'y-websocket';
import { followRoute, yjsBaseUrl } from '../cluster/route';
import * as Y from 'yjs';
import { CloseCode } from '@mediation/shared';
import { backOffRepeatedCloses, describeClose, shouldReconnect } from '../board/closeCodes';
import { useCurrentDoc } from '../board/currentDoc';

export type DocStatus = 'connecting' | 'synced' | 'closed-forbidden' | 'closed';

/** Under the session's node prefix when clustered (cluster/route.ts). */
const serverUrl = (): string => yjsBaseUrl();

/**
 * `reopenKey`: something that changes when the page's place in the room changes (e.g. the space it
 * is in). After a permanent close (moved out, refused), a change of key opens the document again
 * with a fresh provider, so coming back to the joint room brings the agreement back by itself.
 */
/** Fresh copies after refused changes, within a minute, before we stop and say so instead. */
const MAX_REFUSED_RELOADS = 3;

export function useYDoc(name: string, token: string, reopenKey?: string): { doc: Y.Doc | null; provider: WebsocketProvider | null; status: DocStatus; closedMessage: string | null; reloadedAfterRefusal: boolean } {
  const [live, setLive] = useState<{ doc: Y.Doc; provider: WebsocketProvider } | null>(null);
  const [status, setStatus] = useState<DocStatus>('connecting');
  /** Why the document stopped syncing for good, for the panel to show. */
  const [closedMessage, setClosedMessage] = useState<string | null>(null);
  /** The document was reloaded after the server refused a change from this window (the panel says so). */
  const [reloadedAfterRefusal, setReloadedAfterRefusal] = useState(false);
  /** Bumped to reopen with a fresh Y.Doc after a refused change (the old copy has diverged). */
  const [reloads, setReloads] = useState(0);
  const refusedAt = useRef<number[]>([]);
  const attempt = useReopen(status === 'closed' || status === 'closed-forbidden', reopenKey);
  // A caucus draft opens the generation the server names, each with a fresh Y.Doc.
  const current = useCurrentDoc(name, token);
  const { refresh } = current;
  useEffect(() => {
    if (!current.name) return;
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(serverUrl(), current.name, doc, { params: { token }, shouldReconnect });
    backOffRepeatedCloses(provider);
    // Clustered: follow the session to its current node (cluster/route.ts).
    const unroute = followRoute(provider, token);
    setLive({ doc, provider });
    setStatus('connecting');
    setClosedMessage(null);
    provider.on('sync', (synced: boolean) => { if (synced) setStatus('synced'); });
    // Permanent closes (44xx, and 1009: reconnecting would resend the same oversized change
    // forever) stop the provider through `shouldReconnect`.
    provider.on('connection-close', (e: CloseEvent | null) => {
      if (!e) return;
      // Someone of another side came into the caucus: it has a fresh draft; open it.
      if (e.code === CloseCode.SUPERSEDED) return refresh();
      // Our copy holds a change the server refused, and everything typed after it builds on that
      // change: reopen with a fresh copy (losing only what was never saved) and say so.
      if (e.code === CloseCode.CHANGE_REFUSED) {
        const now = Date.now();
        refusedAt.current = [...refusedAt.current.filter((t) => now - t < 60_000), now];
        if (refusedAt.current.length <= MAX_REFUSED_RELOADS) {
          setReloadedAfterRefusal(true);
          setReloads((n) => n + 1);
          return;
        }
      }
      const outcome = describeClose(e.code);
      if (!outcome.permanent) return;
      setClosedMessage(outcome.message);
      setStatus(outcome.kind === 'moved' || outcome.kind === 'forbidden' ? 'closed-forbidden' : 'closed');
    });
    return () => {
      unroute();
      provider.destroy();
      doc.destroy();
      setLive(null);
    };
  }, [current.name, current.version, token, attempt, reloads, refresh]);
  if (current.error) return { doc: null, provider: null, status: 'closed-forbidden', closedMessage: current.error, reloadedAfterRefusal };
  return { doc: live?.doc ?? null, provider: live?.provider ?? null, status, closedMessage, reloadedAfterRefusal };
}

/** A counter that goes up when `key` changes while `closed`: the hooks' effects depend on it. */
export function useReopen(closed: boolean, key: string | undefined): number {
  const [attempt, setAttempt] = useState(0);
  const lastKey = useRef(key);
  useEffect(() => {
    if (key === lastKey.current) return;
    lastKey.current = key;
    if (closed) setAttempt((n) => n + 1);
  }, [key, closed]);
  return attempt;
}
