/**
 * The option-brainstorming board: cards (option / interest / position / question) coloured by
 * their author's side, clusters, option→interest links, live presence, private scores, and for
 * mediators: overlap reveal and promotion of caucus cards to the joint board.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import {
  canDeleteCard, CARD_BACKGROUNDS, CARD_KINDS, CARD_SIZE, colourFor, freeSpot, isMediatorRole, JOINT, labelColour, SCORE_VALUES,
  type Card, type CardKind, type OverlapResponse, type ScoreValue, type SpaceId,
} from '@mediation/shared';
import { useTranslation } from 'react-i18next';
import type { PanelProps } from '../panelProps';
import { currentLanguage } from '../i18n';
import { formatTime } from '../i18n/format';
import { addCard, addCluster, editCard, linkOptionToInterest, moveCard, removeCluster, setCardCluster, unlink, type Author } from './boardDoc';
import { deleteCardRequest, downloadBoard, getMyScores, getOverlap, promoteCard, putScore } from './boardApi';
import { onSideScore } from './liveScores';
import { asSideScores, mergeScores, type SideScores } from './sideScores';
import { useBoard, type PresenceUser } from './useBoard';
import './board.css';
import { errorText } from '../i18n/errorText';

const CARD_W = CARD_SIZE.w;
const CARD_H = CARD_SIZE.h;
/** How long "scored by … just now" stays on a card. */
const SCORE_NOTE_MS = 60_000;

const timeOf = (ms: number) => formatTime(currentLanguage(), ms);
/** Drag writes at most this often: the server limits updates per second per connection. */
const DRAG_WRITE_MS = 80;
const CURSOR_WRITE_MS = 60;

export function BoardPanel({ token, room }: PanelProps) {
  const { t } = useTranslation('board');
  const self = room.self;
  const mediator = isMediatorRole(self.role);
  const boards: Array<{ id: SpaceId; name: string }> = useMemo(() => {
    if (!mediator) return self.space === 'lobby' ? [] : [{ id: self.space, name: room.spaces.find((s) => s.id === self.space)?.name ?? t('defaultName') }];
    return room.spaces.filter((s) => s.id !== 'lobby').map((s) => ({ id: s.id, name: s.name }));
  }, [mediator, room.spaces, self.space, t]);
  const [chosen, setChosen] = useState<SpaceId | null>(null);
  const space = chosen && boards.some((b) => b.id === chosen) ? chosen : (boards.find((b) => b.id === self.space)?.id ?? boards[0]?.id ?? null);

  if (!space) return <p className="muted">{t('notInSpace')}</p>;
  return (
    <section className="board-panel" aria-label={t('panelLabel')} data-testid="board-panel" data-space={space}>
      {mediator && boards.length > 1 && (
        <label className="board-picker">
          {t('picker')}{' '}
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
  const { t } = useTranslation('board');
  const self = room.self;
  const mediator = isMediatorRole(self.role);
  const canEdit = self.role !== 'observer';
  const scores = (self.role === 'party' || self.role === 'attorney') && !!self.side;
  const author: Author = { id: self.id, displayName: self.displayName, role: self.role, side: self.side };
  const { doc, provider, state, presence, status, closedMessage, notice } = useBoard(room.sessionId, space, token, {
    participantId: self.id, name: self.displayName, role: self.role, colour: colourFor(self.role, self.side),
  });
  const [kind, setKind] = useState<CardKind>('option');
  const [text, setText] = useState('');
  const [clusterName, setClusterName] = useState('');
  const [sideScores, setSideScores] = useState<SideScores>({ scores: {}, versions: {} });
  const myScores = sideScores.scores;
  /** Per option: what another member of the side just did, or why our own choice did not stick. */
  const [scoreNotes, setScoreNotes] = useState<Record<string, { text: string; at: number }>>({});
  const [confirming, setConfirming] = useState<Card | null>(null);
  const [promoting, setPromoting] = useState<string | null>(null);
  const [overlap, setOverlap] = useState<OverlapResponse | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [anonymous, setAnonymous] = useState(true);
  const canvas = useRef<HTMLDivElement>(null);
  const lastCursor = useRef(0);

  const noteScore = (optionId: string, text: string) => {
    const at = Date.now();
    setScoreNotes((n) => ({ ...n, [optionId]: { text, at } }));
    window.setTimeout(() => setScoreNotes((n) => (n[optionId]?.at === at ? Object.fromEntries(Object.entries(n).filter(([k]) => k !== optionId)) : n)), SCORE_NOTE_MS);
  };

  useEffect(() => {
    if (!scores) return;
    let live = true;
    void getMyScores(room.sessionId, token, space).then((r) => live && r.ok && setSideScores((have) => mergeScores(have, r.data)));
    // Another member of our side scored: show it now, and say who.
    const off = onSideScore((sc) => {
      if (sc.space !== space) return;
      setSideScores((have) => mergeScores(have, asSideScores(sc)));
      noteScore(sc.optionId, sc.value ? t('scoredBy', { score: t('score', { context: sc.value }), name: sc.byName }) : t('clearedBy', { name: sc.byName }));
    });
    return () => { live = false; off(); };
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
    // New cards go on the first free place in as many columns as the board shows, so every card
    // is in view on a narrow screen too (the board scrolls down, not off to the right).
    const width = canvas.current?.clientWidth ?? 1000;
    const columns = Math.max(1, Math.floor((width - CARD_SIZE.margin) / (CARD_W + CARD_SIZE.gap)));
    const spot = freeSpot(state.cards, columns);
    addCard(doc, author, kind, text.trim(), spot.x, spot.y);
    setText('');
  };
  const remove = async (card: Card) => {
    const r = await deleteCardRequest(room.sessionId, token, space, card.id);
    setMessage(r.ok ? null : errorText(r.error));
  };
  const score = async (optionId: string, value: ScoreValue | null) => {
    const r = await putScore(room.sessionId, token, space, optionId, value, sideScores.versions[optionId] ?? 0);
    if (r.ok) {
      setSideScores((have) => mergeScores(have, r.data));
      setScoreNotes((n) => Object.fromEntries(Object.entries(n).filter(([k]) => k !== optionId)));
    } else if ('current' in r) {
      // Someone on our side scored it first: show theirs, and say ours was not saved.
      const c = r.current;
      setSideScores((have) => mergeScores(have, asSideScores(c)));
      const theirs = c.value ? `“${t('score', { context: c.value })}”` : t('noScore');
      noteScore(optionId, t('conflict', { name: c.byName || t('someoneOnSide'), theirs }));
    } else {
      setMessage(errorText(r.error));
    }
  };
  const promote = async (card: Card) => {
    setConfirming(null);
    setPromoting(card.id);
    const r = await promoteCard(room.sessionId, token, space, card.id, anonymous);
    setPromoting(null);
    if (!r.ok) return setMessage(errorText(r.error));
    setMessage(r.data.alreadyShared ? t('alreadyShared') : anonymous ? t('sharedAnon') : t('shared'));
  };
  const reveal = async () => {
    const r = await getOverlap(room.sessionId, token, space);
    if (r.ok) setOverlap(r.data);
    else setMessage(errorText(r.error));
  };
  const exportAs = async (format: 'md' | 'pdf') => {
    const r = await downloadBoard(room.sessionId, token, space, format);
    if (!r.ok) setMessage(errorText(r.error));
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

  if (status === 'closed-moved') return <p className="warning" role="status">{t('closedMoved')}</p>;
  if (status === 'closed-forbidden') return <p className="warning" role="status">{t('closedForbidden')}</p>;
  if (status === 'closed') return <p className="warning" role="status" data-testid="board-closed">{closedMessage ?? t('closedDefault')}</p>;

  return (
    <div className="board">
      <div className="board-bar">
        <PresenceList users={presence} selfClientId={doc.clientID} cards={byId} />
        <span className="board-status" data-testid="board-status" data-status={status} aria-live="polite">{status === 'connected' ? t('live') : t('connecting')}</span>
      </div>
      {notice && <p className="notice" role="status" data-testid="board-notice">{notice}</p>}
      {canEdit && (
        <form className="board-add" onSubmit={(e) => { e.preventDefault(); add(); }}>
          <label>{t('kind')} <select data-testid="board-kind" value={kind} onChange={(e) => setKind(e.target.value as CardKind)}>
            {CARD_KINDS.map((k) => <option key={k} value={k}>{t('kind', { context: k })}</option>)}
          </select></label>
          <label className="grow">{t('cardText')} <input data-testid="board-card-text" value={text} maxLength={500} onChange={(e) => setText(e.target.value)} placeholder={t('cardPlaceholder')} /></label>
          <button type="submit" data-testid="board-add-card" disabled={!text.trim()}>{t('addCard')}</button>
        </form>
      )}
      <div className="board-tools">
        {canEdit && (
          <form onSubmit={(e) => { e.preventDefault(); if (addCluster(doc, clusterName.trim())) setClusterName(''); }}>
            <label>{t('newGroup')} <input value={clusterName} maxLength={80} onChange={(e) => setClusterName(e.target.value)} placeholder={t('groupPlaceholder')} /></label>
            <button type="submit" className="secondary" disabled={!clusterName.trim()}>{t('addGroup')}</button>
          </form>
        )}
        <span className="board-clusters">
          {state.clusters.map((cl) => (
            <span key={cl.id} className="cluster-chip">{cl.name}{canEdit && <button type="button" className="link-button" aria-label={t('removeGroup', { name: cl.name })} onClick={() => removeCluster(doc, cl.id)}>×</button>}</span>
          ))}
        </span>
        <button type="button" className="secondary" onClick={() => void exportAs('md')}>{t('exportMd')}</button>
        <button type="button" className="secondary" onClick={() => void exportAs('pdf')}>{t('exportPdf')}</button>
        {isMediatorRole(self.role) && <button type="button" onClick={() => void reveal()}>{t('reveal')}</button>}
      </div>
      {message && <p className="muted" role="status">{message}</p>}
      {overlap && (
        <div className="card overlap" role="region" aria-label={t('overlap')}>
          <strong>{t('overlapHeading', { sides: overlap.sides })}</strong>
          {overlap.options.length === 0 ? <p className="muted">{t('noneYet')}</p> : <ul>{overlap.options.map((o) => <li key={o.id}>{o.text}</li>)}</ul>}
        </div>
      )}
      {/* A focusable, named region: it scrolls, so keyboard users must be able to reach and scroll it (WCAG 2.1.1). */}
      <div className="board-canvas" ref={canvas} onPointerMove={onCanvasPointerMove} role="region" aria-label={t('cards')} tabIndex={0}>
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
            onPromote={mediator && space !== JOINT ? () => setConfirming(card) : undefined}
            promoting={promoting === card.id}
            scoreNote={scoreNotes[card.id]?.text ?? null}
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
      {confirming && (
        <ShareDialog card={confirming} anonymous={anonymous} onAnonymous={setAnonymous} onShare={() => void promote(confirming)} onCancel={() => setConfirming(null)} />
      )}
      {state.links.length > 0 && (
        <ul className="board-linklist" aria-label={t('links')}>
          {state.links.map((l) => {
            const a = byId.get(l.optionId);
            const b = byId.get(l.interestId);
            if (!a || !b) return null;
            return <li key={l.id}>{t('serves', { option: a.text, interest: b.text })} {canEdit && <button type="button" className="link-button" onClick={() => unlink(doc, l.id)}>{t('unlink')}</button>}</li>;
          })}
        </ul>
      )}
    </div>
  );
}

function PresenceList({ users, selfClientId, cards }: { users: PresenceUser[]; selfClientId: number; cards: Map<string, Card> }) {
  const { t } = useTranslation('board');
  const unique = new Map<string, PresenceUser>();
  for (const u of users) if (!unique.has(u.participantId) || u.editing) unique.set(u.participantId, u);
  return (
    <ul className="board-presence" aria-label={t('onBoard')}>
      {[...unique.values()].map((u) => (
        <li key={u.participantId} style={{ borderColor: u.colour }} title={u.name}>
          <span className="dot" style={{ background: u.colour }} />
          {u.name}{u.clientId === selfClientId ? t('you') : ''}
          {u.clientId === selfClientId ? null
            : u.editing && cards.get(u.editing) ? <span className="muted">{t('editingCard', { text: cards.get(u.editing)!.text.slice(0, 24) })}</span>
            : u.selected && cards.get(u.selected) ? <span className="muted">{t('onCard', { text: cards.get(u.selected)!.text.slice(0, 24) })}</span> : null}
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
  /** The promotion of this card is on its way. */
  promoting?: boolean;
  /** A line about this option's score (a side member's change, or a refused write). */
  scoreNote?: string | null;
  onMove(x: number, y: number): void;
  onEdit(text: string): void;
  onCluster(id: string | null): void;
  onLink(interestId: string): void;
  onDelete(): void;
  onEditing(on: boolean): void;
  onSelected(on: boolean): void;
}

function CardView(p: CardViewProps) {
  const { t } = useTranslation('board');
  const { card } = p;
  const [drag, setDrag] = useState<{ dx: number; dy: number; x: number; y: number } | null>(null);
  const [draft, setDraft] = useState<string | null>(null);
  const [moving, setMoving] = useState(false);
  const lastWrite = useRef(0);
  const x = drag?.x ?? card.x;
  const y = drag?.y ?? card.y;
  const by = card.authorSide ?? (card.promoted?.anonymous ? t('promotedFromCaucus') : card.authorName);

  const down = (e: PointerEvent<HTMLDivElement>) => {
    if (!p.canEdit || (e.target as HTMLElement).closest('button, select, textarea, input')) return;
    // A drag must not select the page's text; the card still takes focus (presence, arrow keys).
    e.preventDefault();
    e.currentTarget.focus({ preventScroll: true });
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
  /** Moves by a step: the arrow keys and the "Move" buttons (dragging is never the only way). */
  const nudge = (dx: number, dy: number) => p.onMove(Math.max(0, card.x + dx), Math.max(0, card.y + dy));
  const key = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!p.canEdit || e.target !== e.currentTarget) return;
    const step = e.shiftKey ? 50 : 10;
    const d: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    const m = d[e.key];
    if (m) { e.preventDefault(); nudge(m[0], m[1]); }
  };
  const others = [...new Set([...p.editors.map((e) => t('someoneEditing', { name: e.name })), ...p.selectors.filter((s) => !p.editors.some((e) => e.clientId === s.clientId)).map((s) => s.name)])];

  return (
    <div
      className={`board-card kind-${card.kind}${p.editors.length ? ' being-edited' : ''}${p.selectors.length ? ' selected-by-others' : ''}${drag ? ' dragging' : ''}`}
      style={{ left: x, top: y, width: CARD_W, borderTopColor: card.colour, background: CARD_BACKGROUNDS[card.kind], ...(p.selectors[0] ? { outlineColor: p.selectors[0].colour } : {}) }}
      data-selected-by={p.selectors.map((s) => s.participantId).join(' ') || undefined}
      onFocus={() => p.onSelected(true)}
      onBlur={(e) => { if (!e.currentTarget.contains(e.relatedTarget as Node | null)) p.onSelected(false); }}
      onDragStart={(e) => e.preventDefault()}
      tabIndex={0}
      data-testid="board-card"
      data-card-id={card.id}
      data-x={card.x}
      data-y={card.y}
      role="group"
      aria-label={t('cardLabel', { kind: t('kind', { context: card.kind }), by, text: card.text })}
      onPointerDown={down} onPointerMove={move} onPointerUp={up} onPointerCancel={up} onKeyDown={key}
    >
      {/* Who else is on this card floats above it: presence never moves the card's buttons. */}
      {others.length > 0 && (
        <p className={`card-presence${p.editors.length ? ' editing' : ''}`} data-testid="card-presence" style={{ borderColor: (p.editors[0] ?? p.selectors[0])?.colour }}>
          {p.editors.length ? others.join(', ') : t('onThisCard', { names: others.join(', ') })}
        </p>
      )}
      <div className="board-card-head">
        <span className="kind">{t('kind', { context: card.kind })}</span>
        <span className="by" style={{ color: labelColour(card.colour) }}>{by}</span>
      </div>
      {draft !== null ? (
        <textarea
          autoFocus value={draft} maxLength={500} aria-label={t('cardText')}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={() => { p.onEdit(draft); setDraft(null); p.onEditing(false); }}
          onKeyDown={(e) => { if (e.key === 'Enter' && !e.shiftKey) (e.target as HTMLTextAreaElement).blur(); if (e.key === 'Escape') { setDraft(null); p.onEditing(false); } }}
        />
      ) : (
        <p className="text" onDoubleClick={() => { if (p.canEdit) { setDraft(card.text); p.onEditing(true); } }}>{card.text}</p>
      )}
      {p.cluster && <span className="cluster-chip small">{p.cluster}</span>}
      {card.shared && <p className="shared-note" data-testid="card-shared">{t('sharedAt', { time: timeOf(card.shared.at) })}</p>}
      {p.score !== undefined && <p className="score-note" role="status" data-testid="score-note">{p.scoreNote ?? ''}</p>}
      <div className="board-card-actions">
        {p.canEdit && draft === null && <button type="button" className="link-button" onClick={() => { setDraft(card.text); p.onEditing(true); }}>{t('edit')}</button>}
        {p.canEdit && <button type="button" className="link-button" aria-expanded={moving} onClick={() => setMoving((m) => !m)}>{t('move')}</button>}
        {p.canEdit && p.clusters.length > 0 && (
          <select aria-label={t('moveToGroup')} value={card.clusterId ?? ''} onChange={(e) => p.onCluster(e.target.value || null)}>
            <option value="">{t('noGroup')}</option>
            {p.clusters.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        )}
        {p.canEdit && card.kind === 'option' && p.interests.length > 0 && (
          <select aria-label={t('servesInterest')} value="" onChange={(e) => e.target.value && p.onLink(e.target.value)}>
            <option value="">{t('servesPlaceholder')}</option>
            {p.interests.map((i) => <option key={i.id} value={i.id}>{i.text.slice(0, 30)}</option>)}
          </select>
        )}
        {p.score !== undefined && (
          <select aria-label={t('privateScore')} data-testid="score-select" value={p.score ?? ''} onChange={(e) => p.onScore((e.target.value || null) as ScoreValue | null)}>
            <option value="">{t('scorePlaceholder')}</option>
            {SCORE_VALUES.map((v) => <option key={v} value={v}>{t('score', { context: v })}</option>)}
          </select>
        )}
        {p.onPromote && (card.shared
          ? <button type="button" className="link-button" disabled title={t('sharedAt', { time: timeOf(card.shared.at) })}>{t('sharedButton')}</button>
          : <button type="button" className="link-button" data-testid="promote" disabled={p.promoting} onClick={p.onPromote}>{p.promoting ? t('sharing') : t('promote')}</button>)}
        {p.canDelete && <button type="button" className="link-button danger-text" onClick={p.onDelete}>{t('delete')}</button>}
      </div>
      {moving && (
        // Floats below the card, so opening it moves nothing else.
        <div className="card-move" role="group" aria-label={t('moveCard')}>
          <button type="button" aria-label={t('moveLeft')} onClick={() => nudge(-50, 0)}>←</button>
          <button type="button" aria-label={t('moveUp')} onClick={() => nudge(0, -50)}>↑</button>
          <button type="button" aria-label={t('moveDown')} onClick={() => nudge(0, 50)}>↓</button>
          <button type="button" aria-label={t('moveRight')} onClick={() => nudge(50, 0)}>→</button>
          <button type="button" className="secondary" onClick={() => setMoving(false)}>{t('done')}</button>
        </div>
      )}
    </div>
  );
}

/** Sharing caucus material with the joint session is normally cleared with the side first. */
function ShareDialog({ card, anonymous, onAnonymous, onShare, onCancel }: { card: Card; anonymous: boolean; onAnonymous(v: boolean): void; onShare(): void; onCancel(): void }) {
  const { t } = useTranslation('board');
  const share = useRef<HTMLButtonElement>(null);
  useEffect(() => share.current?.focus(), []);
  const cleared = card.authorSide ? t('clearedSide', { side: card.authorSide }) : t('clearedCaucus');
  return (
    <div className="board-dialog-backdrop" onKeyDown={(e) => { if (e.key === 'Escape') onCancel(); }}>
      <div className="board-dialog" role="alertdialog" aria-modal="true" aria-labelledby="share-title" aria-describedby="share-cleared" data-testid="share-dialog">
        <h3 id="share-title">{t('shareTitle')}</h3>
        <blockquote>{card.text}</blockquote>
        <p id="share-cleared"><strong>{cleared}</strong> {t('shareNote')}</p>
        <label><input type="checkbox" checked={anonymous} onChange={(e) => onAnonymous(e.target.checked)} /> {t('shareAnon')}</label>
        <div className="board-dialog-actions">
          <button type="button" ref={share} data-testid="share-confirm" onClick={onShare}>{t('shareConfirm')}</button>
          <button type="button" className="secondary" onClick={onCancel}>{t('cancel')}</button>
        </div>
      </div>
    </div>
  );
}
