/**
 * `/practice/cases/:id/intake`: the mediator's intake view of one case. Who has answered, the
 * flags that matter, each person's answers and documents (downloads), the case's own questions and
 * screening switch, sending the intake links; the practice's agreement-to-mediate template and,
 * per session, requiring it, who has signed, and the signed PDF.
 */
import { LANGUAGE_NAMES } from '@mediation/shared';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ACCOMMODATION_LABEL, JOINT_PREFERENCE_LABEL,
  type AgreementTemplate, type CaseNote, type IntakeCaseView, type IntakePersonView, type Result,
} from '@mediation/shared';
import { CopyButton } from '../components/CopyButton';
import { errorText } from '../i18n/errorText';
import { useFormat } from '../i18n/useFormat';
import { intakeApi, loadCsrf } from './intakeApi';
import { practiceApi } from '../practice/practiceApi';
import './intake.css';

let questionCounter = 0;
const newQuestionId = () => `q${Date.now().toString(36)}${(questionCounter++).toString(36)}`.padEnd(6, '0');

function Answers({ caseId, p, questions }: { caseId: string; p: IntakePersonView; questions: IntakeCaseView['settings']['questions'] }) {
  const { t } = useTranslation('intake');
  const a = p.answers;
  if (!a) return <p className="muted">{t('view.noAnswers')}</p>;
  const yesNo = (v: boolean | null) => (v === null ? '—' : t('view.bool', { context: String(v) }));
  const decides = () => {
    const who = a.authority.deciderAttends === false ? t('view.notAttending', { who: a.authority.decisionMaker }) : a.authority.decisionMaker;
    return a.authority.reachableHow ? t('view.reach', { who, how: a.authority.reachableHow }) : who;
  };
  const rows: Array<[string, string]> = [
    [t('view.canSettle'), a.authority.canSettle ? t('view.answer', { context: a.authority.canSettle }) : '—'],
    ...(a.authority.canSettle !== 'yes' && a.authority.decisionMaker ? [[t('view.decides'), decides()] as [string, string]] : []),
    [t('view.accommodations'), [...a.accommodations.needs.map((n) => t('help.acc', { context: n, defaultValue: ACCOMMODATION_LABEL[n] })), a.accommodations.other].filter(Boolean).join(', ') || '—'],
    [t('view.interpreter'), a.interpreter.needed ? a.interpreter.language || t('view.answer_yes') : a.interpreter.needed === false ? t('view.answer_no') : '—'],
    // Their emails and join page follow this answer (server/src/i18n/personLanguage.ts).
    [t('view.language'), a.language ? LANGUAGE_NAMES[a.language] : '—'],
    [t('view.joint'), a.joint.preference ? t('session.pref', { context: a.joint.preference, defaultValue: JOINT_PREFERENCE_LABEL[a.joint.preference] }) : '—'],
    ...(a.joint.reason ? [[t('view.why'), a.joint.reason] as [string, string]] : []),
    [t('view.hardStop'), a.hardStop.time ? `${a.hardStop.time} ${a.hardStop.timeZone}` : '—'],
    [t('view.available'), a.availability.slots.map((s) => `${s.date} ${s.from}–${s.to}`).join('; ') + (a.availability.slots.length ? ` (${a.availability.timeZone})` : '—')],
    [t('view.position'), a.positionStatement || '—'],
    [t('view.outcome'), a.goodOutcome || '—'],
    ...questions.map((q) => [q.text, a.custom[q.id] ?? '—'] as [string, string]),
    ...(a.screening ? [[t('view.screening'), `${t('view.screeningValue', { afraid: yesNo(a.screening.afraid), harmed: yesNo(a.screening.harmedOrThreatened), free: yesNo(a.screening.canSpeakFreely) })}${a.screening.note ? `; ${a.screening.note}` : ''}`] as [string, string]] : []),
  ];
  return (
    <>
      <dl data-testid={`answers-${p.personId}`}>{rows.map(([k, v]) => <div key={k} style={{ display: 'contents' }}><dt>{k}</dt><dd className="answer">{v}</dd></div>)}</dl>
      {p.documents.length > 0 && (
        <ul className="doc-list">
          {p.documents.map((d) => <li key={d.id}><a href={intakeApi.documentUrl(caseId, d.id)} download data-testid="doc-download">{d.name}</a> <span className="muted small">({Math.ceil(d.size / 1024)} KB)</span></li>)}
        </ul>
      )}
    </>
  );
}

/** Arrival times (staggered starts) and the session's hard stop; the rest of the plan comes from the answers. */
function RoomPlanForm({ caseId, sessionId, people, onError, onDone }: { caseId: string; sessionId: string; people: IntakePersonView[]; onError: (m: string) => void; onDone: (m: string) => void }) {
  const [times, setTimes] = useState<Record<string, string>>({});
  const [stopAt, setStopAt] = useState('');
  const { t } = useTranslation('intake');
  const toMs = (v: string) => (v ? new Date(v).getTime() : null);
  return (
    <details data-testid="plan-form">
      <summary>{t('view.roomPlan.summary')}</summary>
      <p className="muted small">{t('view.roomPlan.help')}</p>
      {people.map((p) => (
        <label key={p.personId} className="row wrap">{p.name}
          <input type="datetime-local" value={times[p.personId] ?? ''} onChange={(e) => setTimes({ ...times, [p.personId]: e.target.value })} data-testid="plan-arrival-input" aria-label={t('view.roomPlan.expectedAt', { name: p.name })} />
        </label>
      ))}
      <label className="row wrap">{t('view.roomPlan.sessionEnd')}<input type="datetime-local" value={stopAt} onChange={(e) => setStopAt(e.target.value)} data-testid="plan-session-stop" /></label>
      <button type="button" className="secondary" data-testid="plan-apply" onClick={async () => {
        const arrivals = Object.fromEntries(Object.entries(times).filter(([, v]) => v).map(([k, v]) => [k, toMs(v)]));
        const r = await intakeApi.setPlan(caseId, sessionId, { arrivals, sessionHardStopAt: toMs(stopAt) });
        if (!r.ok) return onError(errorText(r.error));
        onDone(t('view.roomPlan.saved', { count: r.data.people.length }));
      }}>{t('view.roomPlan.apply')}</button>
    </details>
  );
}

/** The pre-mediation call's notes (and any other mediator-only note on the case). */
function CaseNotes({ caseId, sessions }: { caseId: string; sessions: IntakeCaseView['sessions'] }) {
  const [notes, setNotes] = useState<CaseNote[]>([]);
  const [text, setText] = useState('');
  const [sessionId, setSessionId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const { t } = useTranslation('intake');
  const fmt = useFormat();
  useEffect(() => {
    void intakeApi.notes(caseId).then((r) => r.ok && setNotes(r.data.notes));
  }, [caseId]);
  const titleOf = (id: string | null) => sessions.find((s) => s.sessionId === id);
  return (
    <section className="card stack" data-testid="case-notes">
      <h2>{t('view.notes.heading')}</h2>
      <p className="muted small">{t('view.notes.help')}</p>
      <ul className="doc-list">
        {notes.map((n) => <li key={n.id} data-testid="case-note"><span className="muted small">{fmt.dateTime(n.at)}, {n.authorName}{n.sessionId ? ` · ${titleOf(n.sessionId)?.kind === 'pre-mediation' ? t('view.notes.preMediationCall') : t('view.notes.session')}` : ''}</span><div className="answer">{n.text}</div></li>)}
      </ul>
      <form className="stack" onSubmit={async (e) => {
        e.preventDefault();
        const r = await intakeApi.addNote(caseId, { text, sessionId: sessionId || null });
        if (!r.ok) return setError(errorText(r.error));
        setError(null);
        setText('');
        setNotes(r.data.notes);
      }}>
        <select value={sessionId} onChange={(e) => setSessionId(e.target.value)} aria-label={t('view.notes.about')}>
          <option value="">{t('view.notes.aboutCase')}</option>
          {sessions.map((s) => <option key={s.sessionId} value={s.sessionId}>{s.kind === 'pre-mediation' ? t('view.notes.preMediationOption') : s.title}</option>)}
        </select>
        <textarea rows={3} value={text} onChange={(e) => setText(e.target.value)} maxLength={10_000} aria-label={t('view.notes.note')} data-testid="note-text" />
        {error && <p className="error" role="alert">{error}</p>}
        <div><button type="submit" className="secondary" data-testid="note-add" disabled={!text.trim()}>{t('view.notes.add')}</button></div>
      </form>
    </section>
  );
}

export function IntakeView({ caseId }: { caseId: string }) {
  const [view, setView] = useState<IntakeCaseView | null>(null);
  const [template, setTemplate] = useState<AgreementTemplate | null>(null);
  const [draft, setDraft] = useState<{ title: string; text: string } | null>(null);
  const [links, setLinks] = useState<Array<{ name: string; link: string; skipped: string | null }>>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [question, setQuestion] = useState('');
  const { t } = useTranslation('intake');
  const fmt = useFormat();

  useEffect(() => {
    void loadCsrf().then(async () => {
      const [v, tpl] = await Promise.all([intakeApi.caseView(caseId), intakeApi.template()]);
      if (!v.ok) return setError(errorText(v.error));
      setView(v.data);
      if (tpl.ok) setTemplate(tpl.data);
    });
  }, [caseId]);

  const apply = async (r: Promise<Result<IntakeCaseView>>) => {
    const x = await r;
    if (!x.ok) return setError(errorText(x.error));
    setError(null);
    setView(x.data);
  };

  /** "(180 min): 2 suit (Ana Diaz, Tom Brennan); not Jordan Lee", as one sentence per case. */
  const pollAnswers = (o: IntakeCaseView['poll'][number]) => {
    const v = { minutes: o.durationMinutes, count: o.yes.length, yes: o.yes.join(', '), no: o.no.join(', ') };
    if (o.yes.length && o.no.length) return t('view.poll.summaryYesNo', v);
    if (o.yes.length) return t('view.poll.summaryYes', v);
    if (o.no.length) return t('view.poll.summaryNo', v);
    return t('view.poll.summary', v);
  };

  if (!view) return error ? <p className="error" role="alert">{error}</p> : <p className="muted">{t('view.loading')}</p>;
  const answered = view.people.filter((p) => p.submittedAt).length;

  return (
    <div className="intake-view" data-testid="intake-view">
      <p><a href={`/practice/cases/${encodeURIComponent(caseId)}`}>{t('view.back')}</a></p>
      <h1>{t('view.title', { title: view.caseTitle })}</h1>
      <p data-testid="intake-progress">{t('view.progress', { answered, count: view.people.length })}</p>
      {error && <p className="error" role="alert" data-testid="intake-view-error">{error}</p>}
      {notice && <p className="notice" role="status">{notice}</p>}
      {view.caseFlags.map((f) => <p key={f.kind} className="warning" data-testid="case-flag">{f.text}</p>)}

      <section className="card stack">
        <h2>{t('view.send.heading')}</h2>
        <p className="muted small">{t('view.send.help')}</p>
        <div><button type="button" data-testid="send-intake" onClick={async () => {
          const r = await intakeApi.sendLinks(caseId, { ttlDays: 14 });
          if (!r.ok) return setError(errorText(r.error));
          setLinks(r.data.links);
          setNotice(t('view.send.made', { count: r.data.links.length }));
          void apply(intakeApi.caseView(caseId));
        }}>{t('view.send.button')}</button></div>
        {links.length > 0 && (
          <ul className="doc-list" data-testid="intake-links">
            {links.map((l) => <li key={l.link}>{l.name}: <code className="small" data-testid="intake-link">{l.link}</code> <CopyButton text={l.link} label={t('common:actions.copy')} />{l.skipped && <span className="muted small"> {l.skipped}</span>}</li>)}
          </ul>
        )}
      </section>

      {view.people.map((p) => (
        <section key={p.personId} className="card" data-testid="intake-person">
          <h2 style={{ margin: 0 }}>{p.name} <span className="muted small">{t('view.personRole', { context: p.role, defaultValue: p.role })}{p.side ? ` · ${p.side}` : ''}</span></h2>
          <p className="muted small">{p.submittedAt ? t('view.status.sent', { when: fmt.dateTime(p.submittedAt) }) : p.startedAt ? t('view.status.started', { when: fmt.dateTime(p.updatedAt!) }) : p.linkExpiresAt ? t('view.status.notStarted') : t('view.status.noLink')}</p>
          <div>{p.flags.map((f, i) => <span key={i} className={`flag ${f.kind}`} data-testid="intake-flag" data-kind={f.kind}>{f.text}</span>)}</div>
          <details open={!!p.answers}>
            <summary>{t('view.answers')}</summary>
            <Answers caseId={caseId} p={p} questions={view.settings.questions} />
          </details>
        </section>
      ))}

      <CaseNotes caseId={caseId} sessions={view.sessions} />

      <section className="card stack" data-testid="poll-admin">
        <h2>{t('view.poll.heading')}</h2>
        <p className="muted small">{t('view.poll.help')}</p>
        <ul className="doc-list">
          {view.poll.map((o) => (
            <li key={o.id} data-testid="poll-option">
              <strong>{fmt.dateTime(o.startsAt)}</strong> {pollAnswers(o)}
              {o.pastHardStop.length > 0 && <span className="flag hard-stop"> {t('view.poll.pastHardStop', { names: o.pastHardStop.join(', ') })}</span>}{' '}
              <button type="button" className="secondary" data-testid="poll-choose" onClick={async () => {
                const r = await practiceApi.createSession(caseId, { kind: 'main', startsAt: o.startsAt, durationMinutes: o.durationMinutes });
                if (!r.ok) return setError(errorText(r.error));
                setNotice(t('view.poll.created'));
                await apply(intakeApi.caseView(caseId));
              }}>{t('view.poll.create')}</button>{' '}
              <button type="button" className="secondary" onClick={() => void apply(intakeApi.saveSettings(caseId, { ...view.settings, poll: view.settings.poll.filter((x) => x.id !== o.id) }))}>{t('view.remove')}</button>
            </li>
          ))}
        </ul>
        <form className="row wrap" onSubmit={(e) => {
          e.preventDefault();
          const data = new FormData(e.currentTarget);
          const at = new Date(String(data.get('at'))).getTime();
          if (!Number.isFinite(at)) return;
          void apply(intakeApi.saveSettings(caseId, { ...view.settings, poll: [...view.settings.poll, { id: newQuestionId(), startsAt: at, durationMinutes: Number(data.get('minutes')) }] }));
        }}>
          <input type="datetime-local" name="at" required aria-label={t('view.poll.proposedTime')} data-testid="poll-new-at" />
          <select name="minutes" aria-label={t('view.poll.length')} defaultValue="180">
            {[60, 120, 180, 240, 360, 480].map((m) => <option key={m} value={m}>{t('view.poll.hours', { hours: m / 60 })}</option>)}
          </select>
          <button type="submit" className="secondary" data-testid="poll-add">{t('view.poll.propose')}</button>
        </form>
      </section>

      <section className="card stack">
        <h2>{t('view.questions.heading')}</h2>
        <ul className="doc-list">
          {view.settings.questions.map((q) => <li key={q.id}>{q.text} <button type="button" className="secondary" onClick={() => void apply(intakeApi.saveSettings(caseId, { ...view.settings, questions: view.settings.questions.filter((x) => x.id !== q.id) }))}>{t('view.remove')}</button></li>)}
        </ul>
        <form className="row wrap" onSubmit={(e) => {
          e.preventDefault();
          if (!question.trim()) return;
          void apply(intakeApi.saveSettings(caseId, { ...view.settings, questions: [...view.settings.questions, { id: newQuestionId(), text: question }] }));
          setQuestion('');
        }}>
          <input value={question} onChange={(e) => setQuestion(e.target.value)} maxLength={500} placeholder={t('view.questions.placeholder')} aria-label={t('view.questions.new')} data-testid="new-question" />
          <button type="submit" className="secondary">{t('view.questions.add')}</button>
        </form>
        <label className="row"><input type="checkbox" checked={view.settings.screening} data-testid="screening" onChange={(e) => void apply(intakeApi.saveSettings(caseId, { ...view.settings, screening: e.target.checked }))} />
          {t('view.questions.screening')}</label>
      </section>

      <section className="card stack">
        <h2>{t('view.sessions.heading')}</h2>
        {view.sessions.length === 0 && <p className="muted">{t('view.sessions.none')}</p>}
        {view.sessions.map((s) => (
          <div key={s.sessionId} className="case-session" data-testid="atm-session">
            <h3>{s.title} <span className="muted small">{t('view.sessions.kind', { context: s.kind, defaultValue: s.kind })}</span></h3>
            <label className="row"><input type="checkbox" checked={s.agreementRequired !== null} data-testid="atm-require"
              onChange={(e) => void apply(intakeApi.requireAgreement(caseId, s.sessionId, e.target.checked))} /> {t('view.sessions.require')}</label>
            <RoomPlanForm caseId={caseId} sessionId={s.sessionId} people={view.people} onError={setError} onDone={(n) => setNotice(n)} />
            {s.agreementRequired !== null && (
              <>
                <ul className="doc-list">
                  {s.signers.map((x) => <li key={x.participantId} data-testid="atm-signer" data-signed={x.signed ? 'yes' : 'no'}>{x.name} ({t('room:role', { context: x.role, defaultValue: x.role })}): {x.signed ? t('view.sessions.signedAs', { name: x.signed.typedName, when: fmt.dateTime(x.signed.at) }) : t('view.sessions.notSigned')}</li>)}
                </ul>
                <a href={intakeApi.pdfUrl(caseId, s.sessionId)} download data-testid="atm-pdf">{t('view.sessions.pdf')}</a>
              </>
            )}
          </div>
        ))}
        {template && (
          <details>
            <summary>{template.version ? t('view.template.summary', { version: template.version }) : t('view.template.unsaved')}</summary>
            <form className="stack" onSubmit={async (e) => {
              e.preventDefault();
              const r = await intakeApi.saveTemplate(draft ?? { title: template.title, text: template.text });
              if (!r.ok) return setError(errorText(r.error));
              setTemplate(r.data);
              setDraft(null);
              setNotice(t('view.template.saved', { version: r.data.version }));
            }}>
              <label className="stack">{t('view.template.title')}<input value={draft?.title ?? template.title} onChange={(e) => setDraft({ title: e.target.value, text: draft?.text ?? template.text })} maxLength={160} /></label>
              <label className="stack">{t('view.template.text')}<textarea rows={14} value={draft?.text ?? template.text} onChange={(e) => setDraft({ title: draft?.title ?? template.title, text: e.target.value })} data-testid="atm-template" /></label>
              <div><button type="submit" className="secondary">{t('view.template.save')}</button></div>
            </form>
          </details>
        )}
      </section>
    </div>
  );
}
