/** A Yjs document synced with the stock y-websocket provider at `/yjs/<docName>`. */
import { useEffect, useState } from 'react';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CloseCode } from '@mediation/shared';

export type DocStatus = 'connecting' | 'synced' | 'closed-forbidden' | 'closed';

const serverUrl = () => `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/yjs`;

export function useYDoc(name: string, token: string): { doc: Y.Doc | null; provider: WebsocketProvider | null; status: DocStatus } {
  const [live, setLive] = useState<{ doc: Y.Doc; provider: WebsocketProvider } | null>(null);
  const [status, setStatus] = useState<DocStatus>('connecting');
  useEffect(() => {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(serverUrl(), name, doc, { params: { token } });
    setLive({ doc, provider });
    setStatus('connecting');
    provider.on('sync', (synced: boolean) => { if (synced) setStatus('synced'); });
    provider.on('connection-close', (e: CloseEvent | null) => {
      if (!e || e.code < 4000) return;
      setStatus(e.code === CloseCode.FORBIDDEN || e.code === CloseCode.UNAUTHORIZED || e.code === CloseCode.MOVED_OUT ? 'closed-forbidden' : 'closed');
    });
    return () => {
      provider.destroy();
      doc.destroy();
      setLive(null);
    };
  }, [name, token]);
  return { doc: live?.doc ?? null, provider: live?.provider ?? null, status };
}
