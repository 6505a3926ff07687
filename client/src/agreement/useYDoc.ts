/** A Yjs document synced with the stock y-websocket provider at `/yjs/<docName>`. */
import { useEffect, useState } from 'react';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { describeClose, shouldReconnect } from '../board/closeCodes';

export type DocStatus = 'connecting' | 'synced' | 'closed-forbidden' | 'closed';

const serverUrl = () => `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/yjs`;

export function useYDoc(name: string, token: string): { doc: Y.Doc | null; provider: WebsocketProvider | null; status: DocStatus; closedMessage: string | null } {
  const [live, setLive] = useState<{ doc: Y.Doc; provider: WebsocketProvider } | null>(null);
  const [status, setStatus] = useState<DocStatus>('connecting');
  /** Why the document stopped syncing for good, for the panel to show. */
  const [closedMessage, setClosedMessage] = useState<string | null>(null);
  useEffect(() => {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(serverUrl(), name, doc, { params: { token }, shouldReconnect });
    setLive({ doc, provider });
    setStatus('connecting');
    setClosedMessage(null);
    provider.on('sync', (synced: boolean) => { if (synced) setStatus('synced'); });
    // Permanent closes (44xx, and 1009: reconnecting would resend the same oversized change
    // forever) stop the provider through `shouldReconnect`.
    provider.on('connection-close', (e: CloseEvent | null) => {
      if (!e) return;
      const outcome = describeClose(e.code);
      if (!outcome.permanent) return;
      setClosedMessage(outcome.message);
      setStatus(outcome.kind === 'moved' || outcome.kind === 'forbidden' ? 'closed-forbidden' : 'closed');
    });
    return () => {
      provider.destroy();
      doc.destroy();
      setLive(null);
    };
  }, [name, token]);
  return { doc: live?.doc ?? null, provider: live?.provider ?? null, status, closedMessage };
}
