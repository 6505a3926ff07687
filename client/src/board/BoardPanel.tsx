/**
 * The option-brainstorming board: cards (option / interest / position / question) coloured by
 * their author's side, clusters, option→interest links, live presence, private scores, and for
 * mediators: overlap reveal and promotion of caucus cards to the joint board.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import {
  canDeleteCard, CARD_KINDS, colourFor, isMediatorRole, JOINT, SCORE_VALUES,
  type Card, type CardKind, type OverlapResponse, type ScoreValue, type SpaceId,
} from '@mediation/shared';
import type { PanelProps } from '../panelProps';
import { addCard, addCluster, editCard, linkOptionToInterest, moveCard, removeCluster, setCardCluster, unlink, type Author } from './boardDoc';
import { deleteCardRequest, downloadBoard, getMyScores, getOverlap, promoteCard, putScore } from './boardApi';
import { useBoard, type PresenceUser } from './useBoard';
import './board.css';

const KIND_LABEL: Record<CardKind, string> = { option: 'Option', interest: 'Interest', position: 'Position', question: 'Question' };
const SCORE_LABEL: Record<ScoreValue, string> = { acceptable: 'Acceptable', maybe: 'Maybe', unacceptable: 'Not acceptable' };
const CARD_W = 190;
const CARD_H = 120;
/** Drag writes at most this often: the server limits updates per second per connection. */
const DRAG_WRITE_MS = 80;
const CURSOR_WRITE_MS = 60;

export function BoardPanel({ token, room }: PanelProps) {
  const self = room.self;
  const mediator = isMediatorRole(self.role);
  const boards: Array<{ id: SpaceId; name: string }> = useMemo(() => {
    if (!mediator) return self.space === 'lobby' ? [] : [{ id: self.space, name: room.spaces.find((s) => s.id === self.space)?.name ?? 'Board' }];
    return room.spaces.filter((s) => s.id !== 'lobby').map((s) => ({ id: s.id, name: s.name }));
  }, [mediator, room.spaces, self.space]);
  const [chosen, setChosen] = useState<SpaceId | null>(null);
  const space = chosen && boards.some((b) => b.id === chosen) ? chosen : (boards.find((b) => b.id === self.space)?.id ?? boards[0]?.id ?? null);

  if (!space) return <p className="muted">The board opens when you are in the joint room or a caucus.</p>;
  return (
    <section className="board-panel" aria-label="Brainstorming board" data-testid="board-panel" data-space={space}>
      {mediator && boards.length > 1 && (
        <label className="board-picker">
          Board:{' '}
          <select value={space} onChange={(e) => setChosen(e.target.value as SpaceId)}>
            {boards.map((b) => <option key={b.id} value={b.id}>{b.name}</option>)}
          </select>
        </label>
      )}
      <Board key={`${room.sessionId}/${space}`} token={token} room={room} space={space} />
    </section>
  );
}

function Board({ token, room, space }: PanelProps & { space: SpaceId }) {
  const self = room.self;
  const mediator = isMediatorRole(self.role);
  const canEdit = self.role !== 'observer';
  const scores = (self.role === 'party' || self.role === 'attorney') && !!self.side;
  const author: Author = { id: self.id, displayName: self.displayName, role: self.role, side: self.side };
  const { doc, provider, state, presence, status, closedMessage } = useBoard(room.sessionId, space, token, {
    participantId: self.id, name: self.displayName, role: self.role, colour: colourFor(self.role, self.side),
  });
  const [kind, setKind] = useState<CardKind>('option');
  const [text, setText] = useState('');
  const [clusterName, setClusterName] = useState('');
  const [myScores, setMyScores] = useState<Record<string, ScoreValue>>({});
  const [overlap, setOverlap] = useState<OverlapResponse | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [anonymous, setAnonymous] = useState(true);
  const canvas = useRef<HTMLDivElement>(null);
  const lastCursor = useRef(0);

  useEffect(() => {
    if (!scores) return;
    void getMyScores(room.sessionId, token, space).then((r) => r.ok && setMyScores(r.data.scores));
  }, [scores, room.sessionId, token, space]);

  const others = presence.filter((p) => p.clientId !== doc.clientID);
  const editorsOf = (cardId: string) => others.filter((p) => p.editing === cardId);
  const setEditing = (cardId: string | null) => provider?.awareness.setLocalStateField('editing', cardId);
  const selectorsOf = (cardId: string) => others.filter((p) => p.selected === cardId);
  const setSelected = (cardId: string | null) => {
    // Focus moves often within a card (its buttons, its select): only changes go on the wire.
    if (provider && (provider.awareness.getLocalState() as { selected?: unknown } | null)?.selected !== cardId) provider.awareness.setLocalStateField('selected', cardId);
  };

  const add = () => {
    if (!text.trim()) return;
    const n = state.cards.length;
    addCard(doc, author, kind, text.trim(), 20 + (n % 5) * (CARD_W + 12), 20 + Math.floor(n / 5) * (CARD_H + 12));
    setText('');
  };
  const remove = async (card: Card) => {
    const r = await deleteCardRequest(room.sessionId, token, space, card.id);
    setMessage(r.ok ? null : r.error.message);
  };
  const score = async (optionId: string, value: ScoreValue | null) => {
    const r = await putScore(room.sessionId, token, space, optionId, value);
    if (r.ok) setMyScores(r.data.scores);
    else setMessage(r.error.message);
  };
  const promote = async (card: Card) => {
    const r = await promoteCard(room.sessionId, token, space, card.id, anonymous);
    setMessage(r.ok ? `Copied to the joint board${anonymous ? ' without its side' : ''}.` : r.error.message);
  };
  const reveal = async () => {
    const r = await getOverlap(room.sessionId, token, space);
    if (r.ok) setOverlap(r.data);
    else setMessage(r.error.message);
  };
  const exportAs = async (format: 'md' | 'pdf') => {
    const r = await downloadBoard(room.sessionId, token, space, format);
    if (!r.ok) setMessage(r.error.message);
  };

  const onCanvasPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const now = performance.now();
    if (!provider || now - lastCursor.current < CURSOR_WRITE_MS || !canvas.current) return;
    lastCursor.current = now;
    const r = canvas.current.getBoundingClientRect();
    provider.awareness.setLocalStateField('cursor', { x: Math.round(e.clientX - r.left + canvas.current.scrollLeft), y: Math.round(e.clientY - r.top + canvas.current.scrollTop) });
  };

  const byId = new Map(state.cards.map((c) => [c.id, c]));
  const interests = state.cards.filter((c) => c.kind === 'interest');

  if (status === 'closed-moved') return <p className="warning" role="status">You left this space, so its board is closed for you.</p>;
  if (status === 'closed-forbidden') return <p className="warning" role="status">This board is not available to you from where you are.</p>;
  if (status === 'closed') return <p className="warning" role="status" data-testid="board-closed">{closedMessage ?? 'This board stopped syncing. Reload the page to continue.'}</p>;

  return (
    <div className="board">
      <div className="board-bar">
        <PresenceList users={presence} selfClientId={doc.clientID} cards={byId} />
        <span className="board-status" data-testid="board-status" data-status={status} aria-live="polite">{status === 'connected' ? 'Live' : 'Connecting…'}</span>
      </div>
      {canEdit && (
        <form className="board-add" onSubmit={(e) => { e.preventDefault(); add(); }}>
          <label>Kind <select data-testid="board-kind" value={kind} onChange={(e) => setKind(e.target.value as CardKind)}>
            {CARD_KINDS.map((k) => <option key={k} value={k}>{KIND_LABEL[k]}</option>)}
          </select></label>
          <label className="grow">Card text <input data-testid="board-card-text" value={text} maxLength={500} onChange={(e) => setText(e.target.value)} placeholder="e.g. Pay in six monthly instalments" /></label>
          <button type="submit" data-testid="board-add-card" disabled={!text.trim()}>Add card</button>
        </form>
      )}
      <div className="board-tools">
        {canEdit && (
          <form onSubmit={(e) => { e.preventDefault(); if (addCluster(doc, clusterName.trim())) setClusterName(''); }}>
            <label>New group <input value={clusterName} maxLength={80} onChange={(e) => setClusterName(e.target.value)} placeholder="e.g. Money" /></label>
            <button type="submit" className="secondary" disabled={!clusterName.trim()}>Add group</button>
          </form>
        )}
        <span className="board-clusters">
          {state.clusters.map((cl) => (
            <span key={cl.id} className="cluster-chip">{cl.name}{canEdit && <button type="button" className="link-button" aria-label={`Remove group ${cl.name}`} onClick={() => removeCluster(doc, cl.id)}>×</button>}</span>
          ))}
        </span>
        <button type="button" className="secondary" onClick={() => void exportAs('md')}>Export Markdown</button>
        <button type="button" className="secondary" onClick={() => void exportAs('pdf')}>Export PDF</button>
        {isMediatorRole(self.role) && <button type="button" onClick={() => void reveal()}>Reveal overlap</button>}
        {mediator && space !== JOINT && (
          <label><input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} /> Promote without side</label>
        )}
      </div>
      {message && <p className="muted" role="status">{message}</p>}
      {overlap && (
        <div className="card overlap" role="region" aria-label="Overlap">
          <strong>Options every side ({overlap.sides}) marked acceptable:</strong>
          {overlap.options.length === 0 ? <p className="muted">None yet.</p> : <ul>{overlap.options.map((o) => <li key={o.id}>{o.text}</li>)}</ul>}
        </div>
      )}
      <div className="board-canvas" ref={canvas} onPointerMove={onCanvasPointerMove} aria-label="Cards">
        <svg className="board-links" aria-hidden="true">
          {state.links.map((l) => {
            const a = byId.get(l.optionId);
            const b = byId.get(l.interestId);
            if (!a || !b) return null;
            return <line key={l.id} x1={a.x + CARD_W / 2} y1={a.y + CARD_H / 2} x2={b.x + CARD_W / 2} y2={b.y + CARD_H / 2} />;
          })}
        </svg>
        {state.cards.map((card) => (
          <CardView
            key={card.id}
            card={card}
            cluster={state.clusters.find((c) => c.id === card.clusterId)?.name ?? null}
            clusters={state.clusters}
            interests={interests}
            editors={editorsOf(card.id)}
            selectors={selectorsOf(card.id)}
            onSelected={(on) => setSelected(on ? card.id : null)}
            canEdit={canEdit}
            canDelete={canEdit && canDeleteCard({ id: self.id, role: self.role }, card)}
            score={scores && card.kind === 'option' ? (myScores[card.id] ?? null) : undefined}
            onScore={(v) => void score(card.id, v)}
            onPromote={mediator && space !== JOINT ? () => void promote(card) : undefined}
            onMove={(x, y) => moveCard(doc, card.id, x, y)}
            onEdit={(t) => editCard(doc, card.id, t)}
            onCluster={(id) => setCardCluster(doc, card.id, id)}
            onLink={(interestId) => linkOptionToInterest(doc, card.id, interestId)}
            onDelete={() => void remove(card)}
            onEditing={(on) => setEditing(on ? card.id : null)}
          />
        ))}
        {others.filter((p) => p.cursor).map((p) => (
          <span key={p.clientId} className="board-cursor" style={{ left: p.cursor!.x, top: p.cursor!.y, borderColor: p.colour }} aria-hidden="true">{p.name}</span>
        ))}
      </div>
      {state.links.length > 0 && (
        <ul className="board-linklist" aria-label="Links">
          {state.links.map((l) => {
            const a = byId.get(l.optionId);
            const b = byId.get(l.interestId);
            if (!a || !b) return null;
            return <li key={l.id}>“{a.text}” serves “{b.text}” {canEdit && <button type="button" className="link-button" onClick={() => unlink(doc, l.id)}>unlink</button>}</li>;
          })}
        </ul>
      )}
    </div>
  );
}

function PresenceList({ users, selfClientId, cards }: { users: PresenceUser[]; selfClientId: number; cards: Map<string, Card> }) {
  const unique = new Map<string, PresenceUser>();
  for (const u of users) if (!unique.has(u.participantId) || u.editing) unique.set(u.participantId, u);
  return (
    <ul className="board-presence" aria-label="On this board">
      {[...unique.values()].map((u) => (
        <li key={u.participantId} style={{ borderColor: u.colour }}>
          <span className="dot" style={{ background: u.colour }} />
          {u.name}{u.clientId === selfClientId ? ' (you)' : ''}
          {u.editing && cards.get(u.editing) ? <span className="muted"> · editing “{cards.get(u.editing)!.text.slice(0, 24)}”</span>
            : u.selected && cards.get(u.selected) ? <span className="muted"> · on “{cards.get(u.selected)!.text.slice(0, 24)}”</span> : null}
        </li>
      ))}
    </ul>
  );
}

interface CardViewProps {
  card: Card;
  cluster: string | null;
  clusters: Array<{ id: string; name: string }>;
  interests: Card[];
  editors: PresenceUser[];
  /** Others who have this card selected. */
  selectors: PresenceUser[];
  canEdit: boolean;
  canDelete: boolean;
  /** undefined: this viewer does not score this card. */
  score: ScoreValue | null | undefined;
  onScore(v: ScoreValue | null): void;
  onPromote?: () => void;
  onMove(x: number, y: number): void;
  onEdit(text: string): void;
  onCluster(id: string | null): void;
  onLink(interestId: string): void;
  onDelete(): void;
  onEditing(on: boolean): void;
  onSelected(on: boolean): void;
}

function CardView(p: CardViewProps) {
  const { card } = p;
  const [drag, setDrag] = useState<{ dx: number; dy: number; x: number; y: number } | null>(null);
  const [draft, setDraft] = useState<string | null>(null);
  const lastWrite = useRef(0);
  const x = drag?.x ?? card.x;
  const y = drag?.y ?? card.y;
  const by = card.authorSide ?? (card.promoted?.anonymous ? 'Promoted from a caucus' : card.authorName);

  const down = (e: PointerEvent<HTMLDivElement>) => {
    if (!p.canEdit || (e.target as HTMLElement).closest('button, select, textarea, input')) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    setDrag({ dx: e.clientX - card.x, dy: e.clientY - card.y, x: card.x, y: card.y });
  };
  const move = (e: PointerEvent<HTMLDivElement>) => {
    if (!drag) return;
    const nx = Math.max(0, e.clientX - drag.dx);
    const ny = Math.max(0, e.clientY - drag.dy);
    setDrag({ ...drag, x: nx, y: ny });
    const now = performance.now();
    if (now - lastWrite.current > DRAG_WRITE_MS) { lastWrite.current = now; p.onMove(nx, ny); }
  };
  const up = () => {
    if (!drag) return;
    p.onMove(drag.x, drag.y);
    setDrag(null);
  };
  const key = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!p.canEdit || e.target !== e.currentTarget) return;
    const step = e.shiftKey ? 50 : 10;
    const d: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    const m = d[e.key];
    if (m) { e.preventDefault(); p.onMove(Math.max(0, card.x + m[0]), Math.max(0, card.y + m[1])); }
  };

  return (
    <div
      className={`board-card kind-${card.kind}${p.editors.length ? ' being-edited' : ''}${p.selectors.length ? ' selected-by-others' : ''}`}
      style={{ left: x, top: y, width: CARD_W, borderTopColor: card.colour, ...(p.selectors[0] ? { outlineColor: p.selectors[0].colour } : {}) }}
      data-selected-by={p.selectors.map((s) => s.participantId).join(' ') || undefined}
      onFocus={() => p.onSelected(true)}
      onBlur={(e) => { if (!e.currentTarget.contains(e.relatedTarget as Node | null)) p.onSelected(false); }}
      tabIndex={0}
      data-testid="board-card"
      data-card-id={card.id}
      data-x={card.x}
      data-y={card.y}
      role="group"
      aria-label={`${KIND_LABEL[card.kind]} by ${by}: ${card.text}`}
      onPointerDown={down} onPointerMove={move} onPointerUp={up} onKeyDown={key}
    >
      <div className="board-card-head">
        <span className="kind">{KIND_LABEL[card.kind]}</span>
        <span className="by" style={{ color: card.colour }}>{by}</span>
      </div>
      {draft !== null ? (
        <textarea
          autoFocus value={draft} maxLength={500} aria-label="Card text"
          onChange={(e) => setDraft(e.target.value)}
          onBlur={() => { p.onEdit(draft); setDraft(null); p.onEditing(false); }}
          onKeyDown={(e) => { if (e.key === 'Enter' && !e.shiftKey) (e.target as HTMLTextAreaElement).blur(); if (e.key === 'Escape') { setDraft(null); p.onEditing(false); } }}
        />
      ) : (
        <p className="text" onDoubleClick={() => { if (p.canEdit) { setDraft(card.text); p.onEditing(true); } }}>{card.text}</p>
      )}
      {p.editors.length > 0 && <p className="editing-note">{p.editors.map((e) => e.name).join(', ')} editing…</p>}
      {p.selectors.length > 0 && <p className="selected-note">{[...new Set(p.selectors.map((s) => s.name))].join(', ')} selected this</p>}
      {p.cluster && <span className="cluster-chip small">{p.cluster}</span>}
      <div className="board-card-actions">
        {p.canEdit && draft === null && <button type="button" className="link-button" onClick={() => { setDraft(card.text); p.onEditing(true); }}>Edit</button>}
        {p.canEdit && p.clusters.length > 0 && (
          <select aria-label="Group" value={card.clusterId ?? ''} onChange={(e) => p.onCluster(e.target.value || null)}>
            <option value="">No group</option>
            {p.clusters.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        )}
        {p.canEdit && card.kind === 'option' && p.interests.length > 0 && (
          <select aria-label="Serves interest" value="" onChange={(e) => e.target.value && p.onLink(e.target.value)}>
            <option value="">Serves…</option>
            {p.interests.map((i) => <option key={i.id} value={i.id}>{i.text.slice(0, 30)}</option>)}
          </select>
        )}
        {p.score !== undefined && (
          <select aria-label="Your side's private score" value={p.score ?? ''} onChange={(e) => p.onScore((e.target.value || null) as ScoreValue | null)}>
            <option value="">Score (private)</option>
            {SCORE_VALUES.map((v) => <option key={v} value={v}>{SCORE_LABEL[v]}</option>)}
          </select>
        )}
        {p.onPromote && <button type="button" className="link-button" onClick={p.onPromote}>Promote to joint</button>}
        {p.canDelete && <button type="button" className="link-button danger-text" onClick={p.onDelete}>Delete</button>}
      </div>
    </div>
  );
}
