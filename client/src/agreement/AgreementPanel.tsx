/**
 * The agreement tab: the live joint agreement (editors type; parties type in suggest mode, so
 * their typing becomes their suggestions; observers read), suggestions, comment threads,
 * versions with redlines, sign-off, export, and the side's private draft when in a caucus.
 * While the agreement is frozen for signature nobody can type in it; only the mediator can
 * unfreeze it, after confirming that the signatures will be void.
 * A failed action shows its message next to the control that was used, until it is used again.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Editor } from '@tiptap/react';
import { docName, isCaucus, isMediatorRole, JOINT, type AgreementState, type Redline, type Result } from '@mediation/shared';
import type { PanelProps } from '../panelProps';
import { runAction } from './actions';
import { AgreementApi } from './agreementApi';
import { AgreementEditor, FormatBar } from './AgreementEditor';
import { onAgreementSignal } from './liveChanges';
import { signingSummary } from './signing';
import { useYDoc } from './useYDoc';
import './agreement.css';

type Refresh = () => Promise<unknown>;
type Act = (p: Promise<Result<unknown>>) => Promise<boolean>;

/** One place's action runner and its message (see actions.ts). */
function useAct(refresh: Refresh): { act: Act; error: string | null } {
  const [error, setError] = useState<string | null>(null);
  const act = useCallback<Act>((p) => runAction(() => p, setError, refresh), [refresh]);
  return { act, error };
}

/** A failed action's message, shown where the person acted. */
function ActionError({ message, testId }: { message: string | null; testId?: string }) {
  if (!message) return null;
  return <p className="agreement-error" role="alert" data-testid={testId ?? 'action-error'}>{message}</p>;
}

const timeOf = (at: number) => new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
/** The session is over: nothing can change any more (the state says so when the server knows). */
const isOver = (state: AgreementState | null) => { const p = (state as { phase?: string } | null)?.phase; return p === 'ended' || p === 'archived'; };

export function AgreementPanel({ token, room }: PanelProps) {
  const api = useMemo(() => new AgreementApi(room.sessionId, token), [room.sessionId, token]);
  const joint = useYDoc(docName(room.sessionId, 'agreement', JOINT), token, room.self.space);
  const [state, setState] = useState<AgreementState | null>(null);
  /** Loading the state failed (not an action: actions keep their own messages). */
  const [loadError, setLoadError] = useState<string | null>(null);
  const [editor, setEditor] = useState<Editor | null>(null);
  /** Mediators in a caucus may switch to that side's private draft. */
  const [showDraft, setShowDraft] = useState(false);
  /** Editors' "track my changes": typing becomes suggestions under their own name. */
  const [suggesting, setSuggesting] = useState(false);

  /** Resolves to whether the state could be loaded. */
  const refresh = useCallback(async (): Promise<boolean> => {
    const r = await api.state();
    if (r.ok) { setState(r.data); setLoadError(null); } else setLoadError(r.error.message);
    return r.ok;
  }, [api]);
  const top = useAct(refresh);

  // No polling. The state is fetched when the panel opens or we change space, when the server
  // says something we may read changed (signoffs, threads, versions, freezing, proposals: see
  // liveChanges.ts), when our connection joined again (hints meanwhile were lost), and shortly
  // after any update of the document itself (typed suggestions live in its text). A load that
  // fails (the server briefly not having us in the room during a reconnect, a network blip) is
  // retried with a growing pause until it succeeds: no hint would come to repair it.
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let retryMs = 1000;
    const load = async () => {
      const ok = await refresh();
      if (stopped) return;
      if (ok) retryMs = 1000;
      else { clearTimeout(timer); timer = setTimeout(() => void load(), retryMs); retryMs = Math.min(retryMs * 2, 15_000); }
    };
    const soon = (ms: number) => { clearTimeout(timer); timer = setTimeout(() => void load(), ms); };
    void load();
    const onUpdate = () => soon(250);
    joint.doc?.on('update', onUpdate);
    // Hints come in bursts (a sign-off is also "fully signed"): one refetch for a burst.
    const off = onAgreementSignal((signal) => {
      if (signal.kind === 'rejoined' || signal.sessionId === room.sessionId) soon(50);
    });
    return () => { stopped = true; joint.doc?.off('update', onUpdate); off(); clearTimeout(timer); };
  }, [joint.doc, refresh, room.self.space, room.sessionId]);

  const mediatorRole = isMediatorRole(room.self.role);
  if (isCaucus(room.self.space) && (!mediatorRole || showDraft)) {
    return (
      <>
        {mediatorRole && <button type="button" onClick={() => setShowDraft(false)}>Show the joint agreement</button>}
        <DraftPanel api={api} token={token} sessionId={room.sessionId} space={room.self.space} editable={room.self.role !== 'observer'} />
      </>
    );
  }
  if (joint.status === 'closed-forbidden') return <p className="muted">The agreement opens in the joint room.</p>;

  const perms = state?.permissions;
  const frozen = state?.frozen ?? null;
  const locked = !!frozen || isOver(state);
  // Parties (no edit right, but suggest) always type in suggest mode; editors choose.
  const partySuggests = !!perms && !perms.edit && perms.suggest;
  const canType = !!perms && (perms.edit || perms.suggest) && !locked;
  const suggestAs = canType && (partySuggests || suggesting) ? { id: room.self.id, name: room.self.displayName } : null;
  const signing = state ? signingSummary(state) : null;
  return (
    <div className="agreement" data-testid="agreement-panel" data-status={joint.status} data-locked={locked ? 'true' : 'false'}>
      <div className="agreement-main">
        {loadError && <p className="agreement-error" role="alert">The agreement could not be loaded: {loadError}</p>}
        {joint.status === 'closed' && (
          <p className="agreement-error" role="alert" data-testid="agreement-closed">
            {joint.closedMessage ?? 'The agreement stopped syncing.'} Your last change may not have been saved; reload the page to continue.
          </p>
        )}
        {mediatorRole && isCaucus(room.self.space) && <button type="button" onClick={() => setShowDraft(true)}>Show this caucus's private draft</button>}
        {/* Always mounted, so a change (frozen, someone signed, fully signed) is announced to everyone. */}
        <p className={`agreement-status ${signing?.stage ?? ''}`} role="status" aria-live="polite" data-testid="signing-status">{signing?.sentence ?? ''}</p>
        {frozen && state && <FrozenBanner state={state} api={api} refresh={refresh} />}
        {perms?.edit && editor && !locked && <FormatBar editor={editor} disabled={!!suggestAs} />}
        {perms?.edit && !locked && (
          <label className="agreement-suggest-toggle">
            <input type="checkbox" data-testid="suggest-mode" checked={suggesting} onChange={(e) => setSuggesting(e.target.checked)} /> Suggest mode: my typing becomes suggestions
          </label>
        )}
        {/* The text arrives before this link's rights: say so, rather than a silently read-only editor. */}
        {joint.doc && !perms && !loadError && (
          <p className="agreement-hint muted" role="status" data-testid="agreement-rights-loading">Getting your editing rights…</p>
        )}
        {partySuggests && !locked && (
          <p className="agreement-hint" data-testid="party-suggest-hint">
            Type in the agreement to suggest changes: what you add is underlined, what you delete is crossed out, under your name, until an editor accepts or rejects it.
          </p>
        )}
        {editor && perms?.comment && !locked && <CommentButton editor={editor} api={api} refresh={refresh} />}
        {state?.empty && perms?.edit && !locked && (
          <div>
            <button type="button" onClick={() => void top.act(api.template())}>Start from the settlement template</button>
            <ActionError message={top.error} />
          </div>
        )}
        {joint.doc
          ? <AgreementEditor doc={joint.doc} awareness={joint.provider?.awareness ?? null} editable={canType} label={locked ? 'Settlement agreement (locked)' : 'Settlement agreement'} onEditor={setEditor} suggestAs={suggestAs} />
          : <p className="muted">Connecting…</p>}
      </div>
      {state && (
        <aside className="agreement-side">
          <SignOff state={state} api={api} refresh={refresh} selfId={room.self.id} />
          <Suggestions state={state} api={api} refresh={refresh} />
          <Threads state={state} api={api} refresh={refresh} />
          <Proposals state={state} api={api} refresh={refresh} />
          <Versions state={state} api={api} refresh={refresh} />
        </aside>
      )}
    </div>
  );
}

interface SectionProps { state: AgreementState; api: AgreementApi; refresh: Refresh }

/** "Frozen for signature — editing is locked", the version and time in words, the fingerprint
 * only on demand, and (for the mediator) unfreezing behind a confirmation. */
function FrozenBanner({ state, api, refresh }: SectionProps) {
  const frozen = state.frozen!;
  const [confirming, setConfirming] = useState(false);
  const { act, error } = useAct(refresh);
  const live = state.signoffs.filter((s) => !s.voidedAt && s.versionId === frozen.versionId).length;
  return (
    <div className="agreement-frozen" data-testid="frozen-banner">
      <p><strong>Frozen for signature — editing is locked.</strong> Version {frozen.number}{frozen.name && !/^frozen for signature$/i.test(frozen.name) ? ` “${frozen.name}”` : ''}, frozen at {timeOf(frozen.at)}.</p>
      <details className="agreement-fingerprint">
        <summary>Show the document fingerprint</summary>
        <p>Every signature is tied to this exact text. Its SHA-256 fingerprint is <code className="agreement-hash">{frozen.hash}</code></p>
      </details>
      {state.permissions.control && !confirming && (
        <button type="button" data-testid="unfreeze" onClick={() => setConfirming(true)}>Unfreeze to edit…</button>
      )}
      {confirming && (
        <div className="agreement-confirm" role="alertdialog" aria-labelledby="unfreeze-title" aria-describedby="unfreeze-desc" data-testid="unfreeze-dialog">
          <p id="unfreeze-title"><strong>Unfreeze the agreement?</strong></p>
          <p id="unfreeze-desc">
            Editing opens again and {live > 0 ? `the ${live === 1 ? 'signature' : `${live} signatures`} already given will be void` : 'any signature given on this version will be void'}.
            Everyone will have to sign again once it is frozen again.
          </p>
          <button type="button" className="danger" data-testid="unfreeze-confirm" onClick={async () => { if (await act(api.unfreeze())) setConfirming(false); }}>Unfreeze and void signatures</button>
          <button type="button" autoFocus onClick={() => setConfirming(false)}>Keep it frozen</button>
          <ActionError message={error} testId="unfreeze-error" />
        </div>
      )}
    </div>
  );
}

/** The last selection made inside the editor, in document positions. A read-only editor does not
 * keep a caret in its own state, and typing the comment into an input moves the browser's
 * selection away, so the last selection inside the editor is remembered per editor. */
const lastSelection = new WeakMap<Editor, { from: number; to: number }>();

function useSelectionMemory(editor: Editor): void {
  useEffect(() => {
    const onChange = () => {
      const dom = window.getSelection();
      const root = editor.view.dom;
      if (!dom || dom.rangeCount === 0 || !dom.anchorNode || !dom.focusNode || !root.contains(dom.anchorNode) || !root.contains(dom.focusNode)) return;
      try {
        const a = editor.view.posAtDOM(dom.anchorNode, dom.anchorOffset);
        const b = editor.view.posAtDOM(dom.focusNode, dom.focusOffset);
        lastSelection.set(editor, { from: Math.min(a, b), to: Math.max(a, b) });
      } catch {
        // a node the view does not map (e.g. a widget): keep the previous selection
      }
    };
    document.addEventListener('selectionchange', onChange);
    return () => document.removeEventListener('selectionchange', onChange);
  }, [editor]);
}

function selectionOf(editor: Editor): { from: number; to: number } {
  const { from, to } = editor.state.selection;
  if (editor.isEditable) return { from, to };
  return lastSelection.get(editor) ?? { from, to };
}

/** Keeps the text selection when a toolbar button is pressed. */
const keepSelection = (e: { preventDefault(): void }) => e.preventDefault();

function CommentButton({ editor, api, refresh }: { editor: Editor; api: AgreementApi; refresh: Refresh }) {
  useSelectionMemory(editor);
  const [body, setBody] = useState('');
  const [range, setRange] = useState<{ from: number; to: number } | null>(null);
  const [hint, setHint] = useState<string | null>(null);
  const { act, error } = useAct(refresh);
  if (!range) {
    return (
      <div className="agreement-inline">
        <button type="button" onMouseDown={keepSelection} onClick={() => { const r = selectionOf(editor); if (r.from < r.to) { setHint(null); setRange(r); } else setHint('Select the words you want to comment on first.'); }}>Comment on selection</button>
        {hint && <span className="muted" role="status">{hint}</span>}
        <ActionError message={error} testId="comment-error" />
      </div>
    );
  }
  return (
    <form className="agreement-inline" onSubmit={async (e) => { e.preventDefault(); if (await act(api.comment(range.from, range.to, body))) { setBody(''); setRange(null); } }}>
      <input aria-label="Comment" value={body} onChange={(e) => setBody(e.target.value)} placeholder="Comment on the selected text" />
      <button type="submit" disabled={!body.trim()}>Add comment</button>
      <button type="button" onClick={() => setRange(null)}>Cancel</button>
      <ActionError message={error} testId="comment-error" />
    </form>
  );
}

function Suggestions({ state, api, refresh }: SectionProps) {
  const authors = [...new Map(state.suggestions.map((s) => [s.author.id, s.author.name])).entries()];
  const { act, error } = useAct(refresh);
  return (
    <section aria-label="Suggestions">
      <h3>Suggestions ({state.suggestions.length})</h3>
      {state.suggestions.map((s) => <SuggestionCard key={s.id} s={s} state={state} api={api} refresh={refresh} />)}
      {state.permissions.edit && !state.frozen && authors.map(([id, name]) => (
        <div key={id}>
          <button type="button" onClick={() => void act(api.decideAll(id, 'accept'))}>Accept all by {name}</button>
          <button type="button" onClick={() => void act(api.decideAll(id, 'reject'))}>Reject all by {name}</button>
        </div>
      ))}
      <ActionError message={error} />
    </section>
  );
}

function SuggestionCard({ s, state, api, refresh }: SectionProps & { s: AgreementState['suggestions'][number] }) {
  const { act, error } = useAct(refresh);
  const what = s.kind === 'replace' ? 'replace' : s.kind === 'insert' ? 'add' : 'delete';
  return (
    <div className="agreement-card" data-testid="suggestion" data-kind={s.kind}>
      <div className="muted">{s.author.name} suggests to {what}, {timeOf(s.at)}</div>
      {s.deleted && <del>{s.deleted}</del>} {s.deleted && s.inserted && <span aria-hidden="true">→ </span>}{s.inserted && <ins>{s.inserted}</ins>}
      {state.permissions.edit && (
        <div>
          <button type="button" data-testid="suggestion-accept" onClick={() => void act(api.decide(s.id, 'accept'))}>Accept</button>
          <button type="button" onClick={() => void act(api.decide(s.id, 'reject'))}>Reject</button>
        </div>
      )}
      <ActionError message={error} />
    </div>
  );
}

function Threads({ state, api, refresh }: SectionProps) {
  const [active, setActive] = useState<string | null>(null);
  const show = (id: string) => {
    setActive(id);
    document.querySelector(`.agreement-doc [data-thread="${CSS.escape(id)}"]`)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  };
  return (
    <section aria-label="Comments">
      {/* The selected thread's anchor is highlighted in the document. */}
      {active && <style>{`.agreement-doc [data-thread="${CSS.escape(active)}"] { background: #ffd43b; outline: 1px solid #f59f00; }`}</style>}
      <h3>Comments ({state.threads.filter((t) => t.status === 'open').length} open)</h3>
      {state.threads.map((t) => <ThreadCard key={t.id} t={t} active={active === t.id} show={show} state={state} api={api} refresh={refresh} />)}
    </section>
  );
}

function ThreadCard({ t, active, show, state, api, refresh }: SectionProps & { t: AgreementState['threads'][number]; active: boolean; show(id: string): void }) {
  const [reply, setReply] = useState('');
  const { act, error } = useAct(refresh);
  return (
    <div className={`agreement-card ${t.status}${active ? ' active' : ''}`} data-testid="thread">
      <blockquote><button type="button" className="link" title="Show in the agreement" onClick={() => show(t.id)}>{t.quote}</button></blockquote>
      {t.comments.map((c) => <p key={c.id}><strong>{c.author.name}</strong>: {c.body}</p>)}
      {state.permissions.comment && (
        <>
          {!state.frozen && (
            <form onSubmit={async (e) => { e.preventDefault(); if (await act(api.reply(t.id, reply))) setReply(''); }}>
              <input aria-label="Reply" value={reply} onChange={(e) => setReply(e.target.value)} placeholder="Reply" />
            </form>
          )}
          <button type="button" onClick={() => void act(api.setThread(t.id, t.status === 'open' ? 'resolve' : 'reopen'))}>{t.status === 'open' ? 'Resolve' : 'Reopen'}</button>
        </>
      )}
      <ActionError message={error} />
    </div>
  );
}

function Proposals({ state, api, refresh }: SectionProps) {
  const pending = state.proposals.filter((p) => p.status === 'pending');
  const { act, error } = useAct(refresh);
  if (pending.length === 0) return null;
  return (
    <section aria-label="Proposed clauses">
      <h3>Proposed clauses</h3>
      {pending.map((p) => (
        <div key={p.id} className="agreement-card">
          <div className="muted">{p.author.name}</div>
          <p>{p.text}</p>
          {state.permissions.control && (
            <>
              <button type="button" onClick={() => void act(api.decideProposal(p.id, true))}>Approve as suggestion</button>
              <button type="button" onClick={() => void act(api.decideProposal(p.id, false))}>Decline</button>
            </>
          )}
        </div>
      ))}
      <ActionError message={error} />
    </section>
  );
}

function Versions({ state, api, refresh }: SectionProps) {
  const [name, setName] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('current');
  const [red, setRed] = useState<Redline | null>(null);
  const save = useAct(refresh);
  const list = useAct(refresh);
  const exp = useAct(refresh);
  const compare = useAct(async () => {});
  const versions = [...state.versions].reverse();
  const download = (id: string, format: 'docx' | 'pdf', annotate = false) => void exp.act(api.download(id, format, annotate));
  return (
    <section aria-label="Versions">
      <h3>Versions</h3>
      {state.permissions.edit && !state.frozen && (
        <form onSubmit={async (e) => { e.preventDefault(); if (await save.act(api.saveVersion(name))) setName(''); }}>
          <input aria-label="Version name" value={name} onChange={(e) => setName(e.target.value)} placeholder="Name this version" />
          <button type="submit" disabled={!name.trim()}>Save version</button>
          <ActionError message={save.error} />
        </form>
      )}
      <ul className="agreement-versions">
        {versions.map((v) => (
          <li key={v.id}>
            Version {v.number} {v.name} <span className="muted">({v.kind}, {v.author.name}, {new Date(v.createdAt).toLocaleString()})</span>
            <button type="button" aria-label={`Download version ${v.number} as DOCX (Word)`} title={`Download version ${v.number} as Word (DOCX)`} onClick={() => download(v.id, 'docx')}>DOCX</button>
            <button type="button" aria-label={`Download version ${v.number} as PDF`} title={`Download version ${v.number} as PDF`} onClick={() => download(v.id, 'pdf')}>PDF</button>
            {state.permissions.edit && !state.frozen && <button type="button" onClick={() => { if (confirm(`Restore version ${v.number} as a new version?`)) void list.act(api.restore(v.id)); }}>Restore</button>}
          </li>
        ))}
      </ul>
      <ActionError message={list.error} />
      <div>
        <button type="button" onClick={() => download('current', 'docx')}>Export current DOCX</button>
        <button type="button" onClick={() => download('current', 'pdf')}>Export current PDF</button>
        <button type="button" onClick={() => download('current', 'pdf', true)}>PDF with suggestions and comments</button>
        <ActionError message={exp.error} />
      </div>
      <div className="agreement-inline">
        <label>Redline from <select value={from} onChange={(e) => setFrom(e.target.value)}><option value="">…</option>{versions.map((v) => <option key={v.id} value={v.id}>version {v.number}</option>)}</select></label>
        <label> to <select value={to} onChange={(e) => setTo(e.target.value)}><option value="current">current text</option>{versions.map((v) => <option key={v.id} value={v.id}>version {v.number}</option>)}</select></label>
        <button type="button" disabled={!from} onClick={() => void compare.act(api.redline(from, to).then((r) => { if (r.ok) setRed(r.data); return r; }))}>Compare</button>
      </div>
      <ActionError message={compare.error} />
      {red && (
        <pre className="agreement-redline" data-testid="redline">
          {red.parts.map((p, i) => (p.type === 'insert' ? <ins key={i}>{p.text}</ins> : p.type === 'delete' ? <del key={i}>{p.text}</del> : <span key={i}>{p.text}</span>))}
        </pre>
      )}
    </section>
  );
}

function SignOff({ state, api, refresh, selfId }: SectionProps & { selfId: string }) {
  const [typedName, setTypedName] = useState('');
  // The server only accepts the signer's own name (case, spacing and accents aside): say which.
  const myName = state.signers.find((s) => s.participantId === selfId)?.name;
  const [confirmed, setConfirmed] = useState(false);
  const freeze = useAct(refresh);
  const sign = useAct(refresh);
  const frozen = state.frozen;
  const mine = frozen && state.signoffs.find((s) => s.participantId === selfId && s.versionId === frozen.versionId && !s.voidedAt);
  const summary = signingSummary(state);
  return (
    <section aria-label="Sign-off" className={summary.stage === 'fully-signed' ? 'agreement-signed' : ''}>
      <h3>Sign-off</h3>
      {summary.stage === 'fully-signed' && <p className="agreement-fully-signed" data-testid="fully-signed"><strong>Fully signed.</strong> Everyone who needs to sign has signed version {frozen?.number}.</p>}
      {state.permissions.control && !frozen && !isOver(state) && (
        <div>
          <button type="button" data-testid="freeze" onClick={() => void freeze.act(api.freeze())}>Freeze current text for signature</button>
          <ActionError message={freeze.error} testId="freeze-error" />
        </div>
      )}
      <ul>
        {state.signers.map((s) => <li key={s.participantId}>{s.name} ({s.role}{s.required === false ? ', signature optional' : ''}): {s.signed ? 'signed' : frozen ? 'not signed yet' : 'signs once frozen'}</li>)}
      </ul>
      {state.signoffs.length > 0 && (
        <ul>
          {state.signoffs.map((s) => (
            <li key={s.id} className={s.voidedAt ? 'void' : ''}>
              “{s.typedName}” {new Date(s.at).toLocaleString()} {s.voidedAt ? `void since ${new Date(s.voidedAt).toLocaleString()}` : ''}
            </li>
          ))}
        </ul>
      )}
      {frozen && state.permissions.sign && !mine && (
        <form className="agreement-sign" data-testid="sign-form" onSubmit={async (e) => { e.preventDefault(); if (await sign.act(api.sign(frozen.versionId, frozen.hash, typedName))) setTypedName(''); }}>
          <label>Type your full name{myName ? ` (${myName})` : ''} to sign
            <input data-testid="sign-name" value={typedName} onChange={(e) => setTypedName(e.target.value)} placeholder={myName ?? 'Your full name'} autoComplete="off" />
          </label>
          <label><input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} /> I have read version {frozen.number} and agree to it.</label>
          <button type="submit" data-testid="sign-submit" disabled={!confirmed || typedName.trim().length < 2}>Sign</button>
          <ActionError message={sign.error} testId="sign-error" />
        </form>
      )}
      {mine && <p>You signed this version.</p>}
    </section>
  );
}

/** In a caucus: the side's private draft (its members and mediators only), and proposing a clause. */
function DraftPanel({ api, token, sessionId, space, editable }: { api: AgreementApi; token: string; sessionId: string; space: string; editable: boolean }) {
  const draft = useYDoc(docName(sessionId, 'draft', space), token);
  const [editor, setEditor] = useState<Editor | null>(null);
  const [note, setNote] = useState<string | null>(null);
  return (
    <div className="agreement">
      <div className="agreement-main">
        <p className="muted">Your side's private draft. Only your caucus and the mediators see it.</p>
        {editable && editor && <FormatBar editor={editor} />}
        {editable && editor && (
          <button type="button" onClick={async () => {
            const { from, to } = editor.state.selection;
            const r = await api.propose(space, from, Math.max(to, from + 1));
            setNote(r.ok ? 'Proposed to the mediator.' : r.error.message);
          }}>Propose selected clause for the agreement</button>
        )}
        {note && <p role="status">{note}</p>}
        {draft.status === 'closed' && <p className="agreement-error" role="alert">{draft.closedMessage ?? 'The draft stopped syncing.'} Reload the page to continue.</p>}
        {draft.doc ? <AgreementEditor doc={draft.doc} editable={editable} label="Private draft" onEditor={setEditor} /> : <p className="muted">Connecting…</p>}
      </div>
    </div>
  );
}
