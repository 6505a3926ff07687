/**
 * One live board: a Y.Doc synced by the stock y-websocket provider to `/yjs/<sid>/board/<space>`,
 * with awareness for presence ("who is here, which card they selected or edit, where their pointer is").
 */
import { useEffect, useState } from 'react';
import { WebsocketProvider } from 'y-websocket';
import { followRoute, yjsBaseUrl } from '../cluster/route';
import * as Y from 'yjs';
import { CloseCode, docName, type SpaceId } from '@mediation/shared';
import { readBoardState, type BoardState } from './boardDoc';
import { backOffRepeatedCloses, describeClose, shouldReconnect } from './closeCodes';
import { useCurrentDoc } from './currentDoc';

export interface PresenceUser {
  clientId: number;
  participantId: string;
  name: string;
  role: string;
  colour: string;
  editing: string | null;
  /** The card they have selected (focused), shared so others see what is being looked at. */
  selected: string | null;
  cursor: { x: number; y: number } | null;
}

/** Presence from awareness states. Our own entry uses `self`; everyone else's `user` is the
 * server's stamp. Fields another client set are untrusted input: only well-typed ones are kept. */
export function readPresence(states: Map<number, Record<string, unknown>>, selfClientId: number, self: SelfIdentity): PresenceUser[] {
  const out: PresenceUser[] = [];
  for (const [clientId, st] of states) {
    const u = clientId === selfClientId ? self : (st as { user?: { participantId?: string; name?: string; role?: string; colour?: string } }).user;
    if (!u?.participantId) continue;
    const s = st as { editing?: unknown; selected?: unknown; cursor?: unknown };
    const cursor = s.cursor && typeof s.cursor === 'object' ? (s.cursor as { x: number; y: number }) : null;
    out.push({
      clientId, participantId: u.participantId, name: u.name ?? '', role: u.role ?? '', colour: u.colour ?? '#666',
      editing: typeof s.editing === 'string' ? s.editing : null, selected: typeof s.selected === 'string' ? s.selected : null, cursor,
    });
  }
  return out;
}

/** Why a caucus board is suddenly empty (shown by the panel, if it shows `notice`). */
export const SUPERSEDED_NOTICE = 'Someone from another side joined this caucus, so it has a fresh board. The earlier cards stay with the people who wrote them and the mediators.';

export type BoardStatus = 'connecting' | 'connected' | 'closed-moved' | 'closed-forbidden' | 'closed';

/** Under the session's node prefix when clustered (cluster/route.ts). */
export const yjsServerUrl = (): string => yjsBaseUrl();

/** Who this browser is, for its own presence entry (the server stamps it for everyone else). */
export interface SelfIdentity {
  participantId: string;
  name: string;
  role: string;
  colour: string;
}

export function useBoard(sessionId: string, space: SpaceId, token: string, self: SelfIdentity) {
  // Doc and provider are created and destroyed together inside the effect, so a re-run (React
  // StrictMode, a new token) never reuses a destroyed doc.
  const [doc, setDoc] = useState<Y.Doc>(() => new Y.Doc());
  const [provider, setProvider] = useState<WebsocketProvider | null>(null);
  const [state, setState] = useState<BoardState>({ cards: [], clusters: [], links: [] });
  const [presence, setPresence] = useState<PresenceUser[]>([]);
  const [status, setStatus] = useState<BoardStatus>('connecting');
  /** Why the board stopped syncing for good (shown instead of a "Connecting…" that never ends). */
  const [closedMessage, setClosedMessage] = useState<string | null>(null);

  // A caucus board opens the generation the server names (a fresh Y.Doc for each: nothing of an
  // earlier generation is ever carried into a later one).
  const current = useCurrentDoc(docName(sessionId, 'board', space), token);
  const { refresh } = current;
  /** Set once this board was replaced by a fresh one, for the panel to explain the empty board. */
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    if (!current.name) return;
    const doc = new Y.Doc();
    setDoc(doc);
    const p = new WebsocketProvider(yjsServerUrl(), current.name, doc, { params: { token }, shouldReconnect });
    backOffRepeatedCloses(p);
    // Clustered: follow the session to its current node (cluster/route.ts).
    const unroute = followRoute(p, token);
    setProvider(p);
    setStatus('connecting');
    setClosedMessage(null);
    const refresh = () => setState(readBoardState(doc));
    const refreshPresence = () => setPresence(readPresence(p.awareness.getStates() as Map<number, Record<string, unknown>>, doc.clientID, self));
    doc.on('update', refresh);
    p.awareness.on('change', refreshPresence);
    p.on('status', (e: { status: string }) => { if (e.status === 'connected') setStatus('connected'); });
    // Permanent closes (44xx, and 1009: it would resend the same oversized change forever) stop
    // the provider through `shouldReconnect`; say why instead of "Connecting…".
    p.on('connection-close', (e: CloseEvent | null) => {
      if (!e) return;
      // Someone of another side came in: the caucus has a fresh board; open it.
      if (e.code === CloseCode.SUPERSEDED) {
        setNotice(SUPERSEDED_NOTICE);
        return refresh();
      }
      const outcome = describeClose(e.code);
      if (!outcome.permanent) return;
      setClosedMessage(outcome.message);
      setStatus(outcome.kind === 'moved' ? 'closed-moved' : outcome.kind === 'forbidden' ? 'closed-forbidden' : 'closed');
    });
    // Awareness only announces itself; the server stamps who we are.
    p.awareness.setLocalState({ editing: null, selected: null });
    refresh();
    return () => {
      unroute();
      p.destroy();
      doc.destroy();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- identity is fixed for a participant
  }, [current.name, current.version, token, refresh]);

  if (current.error) return { doc, provider: null, state, presence: [], status: 'closed-forbidden' as BoardStatus, closedMessage: current.error, notice };
  return { doc, provider, state, presence, status, closedMessage, notice };
}
