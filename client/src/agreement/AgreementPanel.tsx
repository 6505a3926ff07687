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
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../i18n';
import { formatDateTime, formatTime } from '../i18n/format';
import { docName, isCaucus, isMediatorRole, JOINT, type AgreementState, type Redline, type Result } from '@mediation/shared';
import type { PanelProps } from '../panelProps';
import { runAction } from './actions';
import { AgreementApi } from './agreementApi';
import { AgreementEditor, FormatBar } from './AgreementEditor';
import { onAgreementSignal } from './liveChanges';
import { signingSummary } from './signing';
import { useYDoc } from './useYDoc';
import './agreement.css';
import { errorText } from '../i18n/errorText';

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

const timeOf = (at: number) => formatTime(currentLanguage(), at);
const dateTimeOf = (at: number) => formatDateTime(currentLanguage(), at, { withZone: true });
/** The session is over: nothing can change any more (the state says so when the server knows). */
const isOver = (state: AgreementState | null) => { const p = (state as { phase?: string } | null)?.phase; return p === 'ended' || p === 'archived'; };

export function AgreementPanel({ token, room }: PanelProps) {
  const { t } = useTranslation('agreement');
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
    if (r.ok) { setState(r.data); setLoadError(null); } else setLoadError(errorText(r.error));
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
        {mediatorRole && <button type="button" onClick={() => setShowDraft(false)}>{t('showJoint')}</button>}
        <DraftPanel api={api} token={token} sessionId={room.sessionId} space={room.self.space} editable={room.self.role !== 'observer'} />
      </>
    );
  }
  if (joint.status === 'closed-forbidden') return <p className="muted">{t('opensInJoint')}</p>;

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
        {loadError && <p className="agreement-error" role="alert">{t('loadFailed', { message: loadError })}</p>}
        {joint.status === 'closed' && (
          <p className="agreement-error" role="alert" data-testid="agreement-closed">
            {joint.closedMessage ?? t('stoppedSyncing')} {t('mayNotBeSaved')}
          </p>
        )}
        {joint.reloadedAfterRefusal && <p className="agreement-hint" role="status" data-testid="agreement-change-refused">{t('changeRefused')}</p>}
        {mediatorRole && isCaucus(room.self.space) && <button type="button" onClick={() => setShowDraft(true)}>{t('showDraft')}</button>}
        {/* Always mounted, so a change (frozen, someone signed, fully signed) is announced to everyone. */}
        <p className={`agreement-status ${signing?.stage ?? ''}`} role="status" aria-live="polite" data-testid="signing-status">{signing?.sentence ?? ''}</p>
        {frozen && state && <FrozenBanner state={state} api={api} refresh={refresh} />}
        {perms?.edit && editor && !locked && <FormatBar editor={editor} disabled={!!suggestAs} />}
        {perms?.edit && !locked && (
          <label className="agreement-suggest-toggle">
            <input type="checkbox" data-testid="suggest-mode" checked={suggesting} onChange={(e) => setSuggesting(e.target.checked)} /> {t('suggestMode')}
          </label>
        )}
        {/* The text arrives before this link's rights: say so, rather than a silently read-only editor. */}
        {joint.doc && !perms && !loadError && (
          <p className="agreement-hint muted" role="status" data-testid="agreement-rights-loading">{t('rightsLoading')}</p>
        )}
        {partySuggests && !locked && (
          <p className="agreement-hint" data-testid="party-suggest-hint">
            {t('partyHint')}
          </p>
        )}
        {editor && perms?.comment && !locked && <CommentButton editor={editor} api={api} refresh={refresh} />}
        {state?.empty && perms?.edit && !locked && (
          <div>
            <button type="button" onClick={() => void top.act(api.template())}>{t('template')}</button>
            <ActionError message={top.error} />
          </div>
        )}
        {joint.doc
          ? <AgreementEditor doc={joint.doc} awareness={joint.provider?.awareness ?? null} editable={canType} mayEditText={!!perms?.edit} label={locked ? t('labelLocked') : t('label')} onEditor={setEditor} suggestAs={suggestAs} />
          : <p className="muted">{t('connecting')}</p>}
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
  const { t } = useTranslation('agreement');
  const frozen = state.frozen!;
  const [confirming, setConfirming] = useState(false);
  const { act, error } = useAct(refresh);
  const live = state.signoffs.filter((s) => !s.voidedAt && s.versionId === frozen.versionId).length;
  return (
    <div className="agreement-frozen" data-testid="frozen-banner">
      <p><strong>{t('frozen.locked')}</strong> {frozen.name && !/^frozen for signature$/i.test(frozen.name) ? t('frozen.versionNamed', { number: frozen.number, name: frozen.name, time: timeOf(frozen.at) }) : t('frozen.version', { number: frozen.number, time: timeOf(frozen.at) })}</p>
      <details className="agreement-fingerprint">
        <summary>{t('frozen.showFingerprint')}</summary>
        <p>{t('frozen.fingerprint')} <code className="agreement-hash">{frozen.hash}</code></p>
      </details>
      {state.permissions.control && !confirming && (
        <button type="button" data-testid="unfreeze" onClick={() => setConfirming(true)}>{t('frozen.unfreeze')}</button>
      )}
      {confirming && (
        <div className="agreement-confirm" role="alertdialog" aria-labelledby="unfreeze-title" aria-describedby="unfreeze-desc" data-testid="unfreeze-dialog">
          <p id="unfreeze-title"><strong>{t('frozen.confirmTitle')}</strong></p>
          <p id="unfreeze-desc">
            {live === 1 ? t('frozen.voidOne') : live > 1 ? t('frozen.voidMany', { count: live }) : t('frozen.voidAny')}{' '}
            {t('frozen.signAgain')}
          </p>
          <button type="button" className="danger" data-testid="unfreeze-confirm" onClick={async () => { if (await act(api.unfreeze())) setConfirming(false); }}>{t('frozen.confirm')}</button>
          <button type="button" autoFocus onClick={() => setConfirming(false)}>{t('frozen.keep')}</button>
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
  const { t } = useTranslation('agreement');
  useSelectionMemory(editor);
  const [body, setBody] = useState('');
  const [range, setRange] = useState<{ from: number; to: number } | null>(null);
  const [hint, setHint] = useState<string | null>(null);
  const { act, error } = useAct(refresh);
  if (!range) {
    return (
      <div className="agreement-inline">
        <button type="button" onMouseDown={keepSelection} onClick={() => { const r = selectionOf(editor); if (r.from < r.to) { setHint(null); setRange(r); } else setHint(t('comment.selectFirst')); }}>{t('comment.onSelection')}</button>
        {hint && <span className="muted" role="status">{hint}</span>}
        <ActionError message={error} testId="comment-error" />
      </div>
    );
  }
  return (
    <form className="agreement-inline" onSubmit={async (e) => { e.preventDefault(); if (await act(api.comment(range.from, range.to, body))) { setBody(''); setRange(null); } }}>
      <input aria-label={t('comment.label')} value={body} onChange={(e) => setBody(e.target.value)} placeholder={t('comment.placeholder')} />
      <button type="submit" disabled={!body.trim()}>{t('comment.add')}</button>
      <button type="button" onClick={() => setRange(null)}>{t('comment.cancel')}</button>
      <ActionError message={error} testId="comment-error" />
    </form>
  );
}

function Suggestions({ state, api, refresh }: SectionProps) {
  const { t } = useTranslation('agreement');
  const authors = [...new Map(state.suggestions.map((s) => [s.author.id, s.author.name])).entries()];
  const { act, error } = useAct(refresh);
  return (
    <section aria-label={t('suggestions.label')}>
      <h3>{t('suggestions.heading', { count: state.suggestions.length })}</h3>
      {state.suggestions.map((s) => <SuggestionCard key={s.id} s={s} state={state} api={api} refresh={refresh} />)}
      {state.permissions.edit && !state.frozen && authors.map(([id, name]) => (
        <div key={id}>
          <button type="button" onClick={() => void act(api.decideAll(id, 'accept'))}>{t('suggestions.acceptAll', { name })}</button>
          <button type="button" onClick={() => void act(api.decideAll(id, 'reject'))}>{t('suggestions.rejectAll', { name })}</button>
        </div>
      ))}
      <ActionError message={error} />
    </section>
  );
}

function SuggestionCard({ s, state, api, refresh }: SectionProps & { s: AgreementState['suggestions'][number] }) {
  const { t } = useTranslation('agreement');
  const { act, error } = useAct(refresh);
  return (
    <div className="agreement-card" data-testid="suggestion" data-kind={s.kind}>
      <div className="muted">{t('suggestions.by', { context: s.kind, name: s.author.name, time: timeOf(s.at) })}</div>
      {s.deleted && <del>{s.deleted}</del>} {s.deleted && s.inserted && <span aria-hidden="true">→ </span>}{s.inserted && <ins>{s.inserted}</ins>}
      {state.permissions.edit && (
        <div>
          <button type="button" data-testid="suggestion-accept" onClick={() => void act(api.decide(s.id, 'accept'))}>{t('suggestions.accept')}</button>
          <button type="button" onClick={() => void act(api.decide(s.id, 'reject'))}>{t('suggestions.reject')}</button>
        </div>
      )}
      <ActionError message={error} />
    </div>
  );
}

function Threads({ state, api, refresh }: SectionProps) {
  const { t } = useTranslation('agreement');
  const [active, setActive] = useState<string | null>(null);
  const show = (id: string) => {
    setActive(id);
    document.querySelector(`.agreement-doc [data-thread="${CSS.escape(id)}"]`)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  };
  return (
    <section aria-label={t('threads.label')}>
      {/* The selected thread's anchor is highlighted in the document. */}
      {active && <style>{`.agreement-doc [data-thread="${CSS.escape(active)}"] { background: #ffd43b; outline: 1px solid #f59f00; }`}</style>}
      <h3>{t('threads.heading', { count: state.threads.filter((th) => th.status === 'open').length })}</h3>
      {state.threads.map((th) => <ThreadCard key={th.id} t={th} active={active === th.id} show={show} state={state} api={api} refresh={refresh} />)}
    </section>
  );
}

function ThreadCard({ t: thread, active, show, state, api, refresh }: SectionProps & { t: AgreementState['threads'][number]; active: boolean; show(id: string): void }) {
  const { t } = useTranslation('agreement');
  const [reply, setReply] = useState('');
  const { act, error } = useAct(refresh);
  return (
    <div className={`agreement-card ${thread.status}${active ? ' active' : ''}`} data-testid="thread">
      <blockquote><button type="button" className="link" title={t('threads.show')} onClick={() => show(thread.id)}>{thread.quote}</button></blockquote>
      {thread.comments.map((c) => <p key={c.id}><strong>{c.author.name}</strong>: {c.body}</p>)}
      {state.permissions.comment && (
        <>
          {!state.frozen && (
            <form onSubmit={async (e) => { e.preventDefault(); if (await act(api.reply(thread.id, reply))) setReply(''); }}>
              <input aria-label={t('threads.reply')} value={reply} onChange={(e) => setReply(e.target.value)} placeholder={t('threads.reply')} />
            </form>
          )}
          <button type="button" onClick={() => void act(api.setThread(thread.id, thread.status === 'open' ? 'resolve' : 'reopen'))}>{thread.status === 'open' ? t('threads.resolve') : t('threads.reopen')}</button>
        </>
      )}
      <ActionError message={error} />
    </div>
  );
}

function Proposals({ state, api, refresh }: SectionProps) {
  const { t } = useTranslation('agreement');
  const pending = state.proposals.filter((p) => p.status === 'pending');
  const { act, error } = useAct(refresh);
  if (pending.length === 0) return null;
  return (
    <section aria-label={t('proposals.label')}>
      <h3>{t('proposals.label')}</h3>
      {pending.map((p) => (
        <div key={p.id} className="agreement-card">
          <div className="muted">{p.author.name}</div>
          <p>{p.text}</p>
          {state.permissions.control && (
            <>
              <button type="button" onClick={() => void act(api.decideProposal(p.id, true))}>{t('proposals.approve')}</button>
              <button type="button" onClick={() => void act(api.decideProposal(p.id, false))}>{t('proposals.decline')}</button>
            </>
          )}
        </div>
      ))}
      <ActionError message={error} />
    </section>
  );
}

function Versions({ state, api, refresh }: SectionProps) {
  const { t } = useTranslation('agreement');
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
    <section aria-label={t('versions.label')}>
      <h3>{t('versions.label')}</h3>
      {state.permissions.edit && !state.frozen && (
        <form onSubmit={async (e) => { e.preventDefault(); if (await save.act(api.saveVersion(name))) setName(''); }}>
          <input aria-label={t('versions.name')} value={name} onChange={(e) => setName(e.target.value)} placeholder={t('versions.namePlaceholder')} />
          <button type="submit" disabled={!name.trim()}>{t('versions.save')}</button>
          <ActionError message={save.error} />
        </form>
      )}
      <ul className="agreement-versions">
        {versions.map((v) => (
          <li key={v.id}>
            {t('versions.item', { number: v.number, name: v.name })} <span className="muted">{t('versions.meta', { kind: t('versions.kind', { context: v.kind, defaultValue: v.kind }), author: v.author.name, date: dateTimeOf(v.createdAt) })}</span>
            <button type="button" aria-label={t('versions.docxLabel', { number: v.number })} title={t('versions.docxTitle', { number: v.number })} onClick={() => download(v.id, 'docx')}>DOCX</button>
            <button type="button" aria-label={t('versions.pdfLabel', { number: v.number })} title={t('versions.pdfLabel', { number: v.number })} onClick={() => download(v.id, 'pdf')}>PDF</button>
            {state.permissions.edit && !state.frozen && <button type="button" onClick={() => { if (confirm(t('versions.restoreConfirm', { number: v.number }))) void list.act(api.restore(v.id)); }}>{t('versions.restore')}</button>}
          </li>
        ))}
      </ul>
      <ActionError message={list.error} />
      <div>
        <button type="button" onClick={() => download('current', 'docx')}>{t('versions.exportDocx')}</button>
        <button type="button" onClick={() => download('current', 'pdf')}>{t('versions.exportPdf')}</button>
        <button type="button" onClick={() => download('current', 'pdf', true)}>{t('versions.exportAnnotated')}</button>
        <ActionError message={exp.error} />
      </div>
      <div className="agreement-inline">
        <label>{t('versions.redlineFrom')} <select value={from} onChange={(e) => setFrom(e.target.value)}><option value="">…</option>{versions.map((v) => <option key={v.id} value={v.id}>{t('versions.versionOption', { number: v.number })}</option>)}</select></label>
        <label>{t('versions.to')} <select value={to} onChange={(e) => setTo(e.target.value)}><option value="current">{t('versions.currentText')}</option>{versions.map((v) => <option key={v.id} value={v.id}>{t('versions.versionOption', { number: v.number })}</option>)}</select></label>
        <button type="button" disabled={!from} onClick={() => void compare.act(api.redline(from, to).then((r) => { if (r.ok) setRed(r.data); return r; }))}>{t('versions.compare')}</button>
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
  const { t } = useTranslation('agreement');
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
    <section aria-label={t('signoff.label')} className={summary.stage === 'fully-signed' ? 'agreement-signed' : ''}>
      <h3>{t('signoff.label')}</h3>
      {summary.stage === 'fully-signed' && <p className="agreement-fully-signed" data-testid="fully-signed"><strong>{t('signoff.fullySigned')}</strong> {t('signoff.everyoneSigned', { number: frozen?.number })}</p>}
      {state.permissions.control && !frozen && !isOver(state) && (
        <div>
          <button type="button" data-testid="freeze" onClick={() => void freeze.act(api.freeze())}>{t('signoff.freeze')}</button>
          <ActionError message={freeze.error} testId="freeze-error" />
        </div>
      )}
      <ul>
        {state.signers.map((s) => <li key={s.participantId}>{t(s.required === false ? 'signoff.signerOptional' : 'signoff.signer', { name: s.name, role: t(`common:roles.${s.role}`), state: s.signed ? t('signoff.signed') : frozen ? t('signoff.notYet') : t('signoff.oncefrozen') })}</li>)}
      </ul>
      {state.signoffs.length > 0 && (
        <ul>
          {state.signoffs.map((s) => (
            <li key={s.id} className={s.voidedAt ? 'void' : ''}>
              “{s.typedName}” {dateTimeOf(s.at)} {s.voidedAt ? t('signoff.voidSince', { date: dateTimeOf(s.voidedAt) }) : ''}
            </li>
          ))}
        </ul>
      )}
      {frozen && state.permissions.sign && !mine && (
        <form className="agreement-sign" data-testid="sign-form" onSubmit={async (e) => { e.preventDefault(); if (await sign.act(api.sign(frozen.versionId, frozen.hash, typedName))) setTypedName(''); }}>
          <label>{myName ? t('signoff.typeNameFor', { name: myName }) : t('signoff.typeName')}
            <input data-testid="sign-name" value={typedName} onChange={(e) => setTypedName(e.target.value)} placeholder={myName ?? t('signoff.namePlaceholder')} autoComplete="off" />
          </label>
          <label><input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} /> {t('signoff.agree', { number: frozen.number })}</label>
          <button type="submit" data-testid="sign-submit" disabled={!confirmed || typedName.trim().length < 2}>{t('signoff.sign')}</button>
          <ActionError message={sign.error} testId="sign-error" />
        </form>
      )}
      {mine && <p>{t('signoff.youSigned')}</p>}
    </section>
  );
}

/** In a caucus: the side's private draft (its members and mediators only), and proposing a clause. */
function DraftPanel({ api, token, sessionId, space, editable }: { api: AgreementApi; token: string; sessionId: string; space: string; editable: boolean }) {
  const { t } = useTranslation('agreement');
  const draft = useYDoc(docName(sessionId, 'draft', space), token);
  const [editor, setEditor] = useState<Editor | null>(null);
  const [note, setNote] = useState<string | null>(null);
  return (
    <div className="agreement">
      <div className="agreement-main">
        <p className="muted">{t('draft.intro')}</p>
        {editable && editor && <FormatBar editor={editor} />}
        {editable && editor && (
          <button type="button" onClick={async () => {
            const { from, to } = editor.state.selection;
            const r = await api.propose(space, from, Math.max(to, from + 1));
            setNote(r.ok ? t('draft.proposed') : errorText(r.error));
          }}>{t('draft.propose')}</button>
        )}
        {note && <p role="status">{note}</p>}
        {draft.status === 'closed' && <p className="agreement-error" role="alert">{draft.closedMessage ?? t('draft.stopped')} {t('draft.reload')}</p>}
        {draft.doc ? <AgreementEditor doc={draft.doc} editable={editable} mayEditText={editable} label={t('draft.label')} onEditor={setEditor} /> : <p className="muted">{t('connecting')}</p>}
      </div>
    </div>
  );
}
