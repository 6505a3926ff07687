/**
 * The agreement tab: the live joint agreement (editors type; everyone else suggests and comments
 * through the server), suggestions, comment threads, versions with redlines, sign-off, export, and
 * the side's private draft when in a caucus.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Editor } from '@tiptap/react';
import { docName, isCaucus, isMediatorRole, JOINT, type AgreementState, type Redline, type Result } from '@mediation/shared';
import type { PanelProps } from '../panelProps';
import { AgreementApi } from './agreementApi';
import { AgreementEditor, FormatBar } from './AgreementEditor';
import { useYDoc } from './useYDoc';
import './agreement.css';

export function AgreementPanel({ token, room }: PanelProps) {
  const api = useMemo(() => new AgreementApi(room.sessionId, token), [room.sessionId, token]);
  const joint = useYDoc(docName(room.sessionId, 'agreement', JOINT), token, room.self.space);
  const [state, setState] = useState<AgreementState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editor, setEditor] = useState<Editor | null>(null);
  /** Mediators in a caucus may switch to that side's private draft. */
  const [showDraft, setShowDraft] = useState(false);
  /** Editors' "track my changes": typing becomes suggestions under their own name. */
  const [suggesting, setSuggesting] = useState(false);

  const refresh = useCallback(async () => {
    const r = await api.state();
    if (r.ok) { setState(r.data); setError(null); } else setError(r.error.message);
  }, [api]);

  // The state follows the document: refresh shortly after any update, and now and then anyway.
  useEffect(() => {
    void refresh();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onUpdate = () => { clearTimeout(timer); timer = setTimeout(() => void refresh(), 250); };
    joint.doc?.on('update', onUpdate);
    const every = setInterval(() => void refresh(), 5000);
    return () => { joint.doc?.off('update', onUpdate); clearTimeout(timer); clearInterval(every); };
  }, [joint.doc, refresh, room.self.space]);

  const act = useCallback(async (p: Promise<Result<unknown>>) => {
    const r = await p;
    if (!r.ok) setError(r.error.message);
    await refresh();
    return r.ok;
  }, [refresh]);

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
  return (
    <div className="agreement" data-testid="agreement-panel" data-status={joint.status}>
      <div className="agreement-main">
        {error && <p className="agreement-error" role="alert">{error}</p>}
        {joint.status === 'closed' && (
          <p className="agreement-error" role="alert" data-testid="agreement-closed">
            {joint.closedMessage ?? 'The agreement stopped syncing.'} Your last change may not have been saved; reload the page to continue.
          </p>
        )}
        {mediatorRole && isCaucus(room.self.space) && <button type="button" onClick={() => setShowDraft(true)}>Show this caucus's private draft</button>}
        {state?.frozen && (
          <p className="agreement-frozen" data-testid="frozen-banner">
            Frozen for signature: version {state.frozen.number} “{state.frozen.name}”. SHA-256 <code>{state.frozen.hash}</code>. Any edit makes a new version and voids the signatures.
          </p>
        )}
        {state && !state.frozen && state.signoffs.some((s) => s.voidedAt) && (
          <p className="agreement-void" role="status">The agreement was edited after it was frozen: earlier signatures are void.</p>
        )}
        {perms?.edit && editor && <FormatBar editor={editor} />}
        {perms?.edit && !state?.frozen && (
          <label className="agreement-suggest-toggle">
            <input type="checkbox" data-testid="suggest-mode" checked={suggesting} onChange={(e) => setSuggesting(e.target.checked)} /> Suggest mode: my typing becomes suggestions
          </label>
        )}
        {editor && perms && !perms.edit && (perms.suggest || perms.comment) && <SuggestBar editor={editor} api={api} act={act} frozen={!!state?.frozen} />}
        {perms?.edit && editor && !state?.frozen && <CommentButton editor={editor} api={api} act={act} />}
        {state?.empty && perms?.edit && <button type="button" onClick={() => void act(api.template())}>Start from the settlement template</button>}
        {joint.doc ? <AgreementEditor doc={joint.doc} editable={!!perms?.edit} label="Settlement agreement" onEditor={setEditor} suggestAs={perms?.edit && suggesting && !state?.frozen ? { id: room.self.id, name: room.self.displayName } : null} /> : <p className="muted">Connecting…</p>}
      </div>
      {state && (
        <aside className="agreement-side">
          <Suggestions state={state} api={api} act={act} />
          <Threads state={state} api={api} act={act} />
          <Proposals state={state} api={api} act={act} />
          <Versions state={state} api={api} act={act} />
          <SignOff state={state} api={api} act={act} selfId={room.self.id} />
        </aside>
      )}
    </div>
  );
}

type Act = (p: Promise<Result<unknown>>) => Promise<boolean>;
interface SectionProps { state: AgreementState; api: AgreementApi; act: Act }

/** The last selection made inside the editor, in document positions. A read-only editor does not
 * keep a caret in its own state, and typing the suggestion into an input moves the browser's
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

function SuggestBar({ editor, api, act, frozen }: { editor: Editor; api: AgreementApi; act: Act; frozen: boolean }) {
  const [text, setText] = useState('');
  useSelectionMemory(editor);
  if (frozen) return <p className="muted">The agreement is frozen: suggestions and comments are closed.</p>;
  return (
    <div className="agreement-toolbar" role="toolbar" aria-label="Suggest">
      <input aria-label="Suggested text" data-testid="suggest-text" value={text} onChange={(e) => setText(e.target.value)} placeholder="Text to suggest" />
      <button type="button" data-testid="suggest-apply" disabled={!text} onMouseDown={keepSelection} onClick={async () => {
        const s = selectionOf(editor);
        if (await act(s.from === s.to ? api.suggest({ kind: 'insert', at: s.from, text }) : api.suggest({ kind: 'replace', from: s.from, to: s.to, text }))) setText('');
      }}>Suggest text (at cursor, or replacing the selection)</button>
      <button type="button" data-testid="suggest-delete" onMouseDown={keepSelection} onClick={() => { const s = selectionOf(editor); if (s.from < s.to) void act(api.suggest({ kind: 'delete', from: s.from, to: s.to })); }}>Suggest deleting selection</button>
      <CommentButton editor={editor} api={api} act={act} />
    </div>
  );
}

function CommentButton({ editor, api, act }: { editor: Editor; api: AgreementApi; act: Act }) {
  useSelectionMemory(editor);
  const [body, setBody] = useState('');
  const [range, setRange] = useState<{ from: number; to: number } | null>(null);
  if (!range) return <button type="button" onMouseDown={keepSelection} onClick={() => { const r = selectionOf(editor); if (r.from < r.to) setRange(r); }}>Comment on selection</button>;
  return (
    <form className="agreement-inline" onSubmit={async (e) => { e.preventDefault(); if (await act(api.comment(range.from, range.to, body))) { setBody(''); setRange(null); } }}>
      <input aria-label="Comment" value={body} onChange={(e) => setBody(e.target.value)} placeholder="Comment on the selected text" />
      <button type="submit" disabled={!body.trim()}>Add comment</button>
      <button type="button" onClick={() => setRange(null)}>Cancel</button>
    </form>
  );
}

function Suggestions({ state, api, act }: SectionProps) {
  const authors = [...new Map(state.suggestions.map((s) => [s.author.id, s.author.name])).entries()];
  return (
    <section aria-label="Suggestions">
      <h3>Suggestions ({state.suggestions.length})</h3>
      {state.suggestions.map((s) => (
        <div key={s.id} className="agreement-card" data-testid="suggestion">
          <div className="muted">{s.author.name}, {new Date(s.at).toLocaleTimeString()}</div>
          {s.deleted && <del>{s.deleted}</del>} {s.inserted && <ins>{s.inserted}</ins>}
          {state.permissions.edit && (
            <div>
              <button type="button" data-testid="suggestion-accept" onClick={() => void act(api.decide(s.id, 'accept'))}>Accept</button>
              <button type="button" onClick={() => void act(api.decide(s.id, 'reject'))}>Reject</button>
            </div>
          )}
        </div>
      ))}
      {state.permissions.edit && authors.map(([id, name]) => (
        <div key={id}>
          <button type="button" onClick={() => void act(api.decideAll(id, 'accept'))}>Accept all by {name}</button>
          <button type="button" onClick={() => void act(api.decideAll(id, 'reject'))}>Reject all by {name}</button>
        </div>
      ))}
    </section>
  );
}

function Threads({ state, api, act }: SectionProps) {
  const [replies, setReplies] = useState<Record<string, string>>({});
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
      {state.threads.map((t) => (
        <div key={t.id} className={`agreement-card ${t.status}${active === t.id ? ' active' : ''}`}>
          <blockquote><button type="button" className="link" title="Show in the agreement" onClick={() => show(t.id)}>{t.quote}</button></blockquote>
          {t.comments.map((c) => <p key={c.id}><strong>{c.author.name}</strong>: {c.body}</p>)}
          {state.permissions.comment && (
            <>
              {!state.frozen && (
                <form onSubmit={async (e) => { e.preventDefault(); if (await act(api.reply(t.id, replies[t.id] ?? ''))) setReplies({ ...replies, [t.id]: '' }); }}>
                  <input aria-label="Reply" value={replies[t.id] ?? ''} onChange={(e) => setReplies({ ...replies, [t.id]: e.target.value })} placeholder="Reply" />
                </form>
              )}
              <button type="button" onClick={() => void act(api.setThread(t.id, t.status === 'open' ? 'resolve' : 'reopen'))}>{t.status === 'open' ? 'Resolve' : 'Reopen'}</button>
            </>
          )}
        </div>
      ))}
    </section>
  );
}

function Proposals({ state, api, act }: SectionProps) {
  const pending = state.proposals.filter((p) => p.status === 'pending');
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
    </section>
  );
}

function Versions({ state, api, act }: SectionProps) {
  const [name, setName] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('current');
  const [red, setRed] = useState<Redline | null>(null);
  const versions = [...state.versions].reverse();
  return (
    <section aria-label="Versions">
      <h3>Versions</h3>
      {state.permissions.edit && (
        <form onSubmit={async (e) => { e.preventDefault(); if (await act(api.saveVersion(name))) setName(''); }}>
          <input aria-label="Version name" value={name} onChange={(e) => setName(e.target.value)} placeholder="Name this version" />
          <button type="submit" disabled={!name.trim()}>Save version</button>
        </form>
      )}
      <ul className="agreement-versions">
        {versions.map((v) => (
          <li key={v.id}>
            v{v.number} {v.name} <span className="muted">({v.kind}, {v.author.name}, {new Date(v.createdAt).toLocaleString()})</span>
            <button type="button" onClick={() => void api.download(v.id, 'docx')}>DOCX</button>
            <button type="button" onClick={() => void api.download(v.id, 'pdf')}>PDF</button>
            {state.permissions.edit && <button type="button" onClick={() => { if (confirm(`Restore version ${v.number} as a new version?`)) void act(api.restore(v.id)); }}>Restore</button>}
          </li>
        ))}
      </ul>
      <div>
        <button type="button" onClick={() => void api.download('current', 'docx')}>Export current DOCX</button>
        <button type="button" onClick={() => void api.download('current', 'pdf')}>Export current PDF</button>
        <button type="button" onClick={() => void api.download('current', 'pdf', true)}>PDF with suggestions and comments</button>
      </div>
      <div className="agreement-inline">
        <label>Redline from <select value={from} onChange={(e) => setFrom(e.target.value)}><option value="">…</option>{versions.map((v) => <option key={v.id} value={v.id}>v{v.number}</option>)}</select></label>
        <label> to <select value={to} onChange={(e) => setTo(e.target.value)}><option value="current">current</option>{versions.map((v) => <option key={v.id} value={v.id}>v{v.number}</option>)}</select></label>
        <button type="button" disabled={!from} onClick={async () => { const r = await api.redline(from, to); if (r.ok) setRed(r.data); }}>Compare</button>
      </div>
      {red && (
        <pre className="agreement-redline" data-testid="redline">
          {red.parts.map((p, i) => (p.type === 'insert' ? <ins key={i}>{p.text}</ins> : p.type === 'delete' ? <del key={i}>{p.text}</del> : <span key={i}>{p.text}</span>))}
        </pre>
      )}
    </section>
  );
}

function SignOff({ state, api, act, selfId }: SectionProps & { selfId: string }) {
  const [typedName, setTypedName] = useState('');
  // The server only accepts the signer's own name (case, spacing and accents aside): say which.
  const myName = state.signers.find((s) => s.participantId === selfId)?.name;
  const [confirmed, setConfirmed] = useState(false);
  const frozen = state.frozen;
  const mine = frozen && state.signoffs.find((s) => s.participantId === selfId && s.versionId === frozen.versionId && !s.voidedAt);
  return (
    <section aria-label="Sign-off">
      <h3>Sign-off</h3>
      {state.permissions.control && !frozen && <button type="button" onClick={() => void act(api.freeze())}>Freeze current text for signature</button>}
      {frozen && <p>Version {frozen.number}, SHA-256 <code className="agreement-hash">{frozen.hash}</code></p>}
      <ul>
        {state.signers.map((s) => <li key={s.participantId}>{s.name} ({s.role}): {s.signed ? 'signed' : 'not signed'}</li>)}
      </ul>
      {state.signoffs.length > 0 && (
        <ul>
          {state.signoffs.map((s) => (
            <li key={s.id} className={s.voidedAt ? 'void' : ''}>
              “{s.typedName}” {new Date(s.at).toLocaleString()} {s.voidedAt ? `VOID since ${new Date(s.voidedAt).toLocaleString()}` : ''}
            </li>
          ))}
        </ul>
      )}
      {frozen && state.permissions.sign && !mine && (
        <form onSubmit={async (e) => { e.preventDefault(); if (await act(api.sign(frozen.versionId, frozen.hash, typedName))) setTypedName(''); }}>
          <input aria-label="Type your full name" value={typedName} onChange={(e) => setTypedName(e.target.value)} placeholder={myName ? `Type your full name: ${myName}` : 'Type your full name'} />
          <label><input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} /> I have read version {frozen.number} (hash {frozen.hash.slice(0, 12)}…) and agree to it.</label>
          <button type="submit" disabled={!confirmed || typedName.trim().length < 2}>Sign</button>
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
