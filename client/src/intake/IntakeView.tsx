/**
 * `/practice/cases/:id/intake`: the mediator's intake view of one case. Who has answered, the
 * flags that matter, each person's answers and documents (downloads), the case's own questions and
 * screening switch, sending the intake links; the practice's agreement-to-mediate template and,
 * per session, requiring it, who has signed, and the signed PDF.
 */
import { LANGUAGE_NAMES } from '@mediation/shared';
import { useEffect, useState } from 'react';
import {
  ACCOMMODATION_LABEL, JOINT_PREFERENCE_LABEL,
  type AgreementTemplate, type CaseNote, type IntakeCaseView, type IntakePersonView, type Result,
} from '@mediation/shared';
import { CopyButton } from '../components/CopyButton';
import { intakeApi, loadCsrf } from './intakeApi';
import { practiceApi } from '../practice/practiceApi';
import './intake.css';

const when = (ms: number) => new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
let questionCounter = 0;
const newQuestionId = () => `q${Date.now().toString(36)}${(questionCounter++).toString(36)}`.padEnd(6, '0');

function Answers({ caseId, p, questions }: { caseId: string; p: IntakePersonView; questions: IntakeCaseView['settings']['questions'] }) {
  const a = p.answers;
  if (!a) return <p className="muted">No answers yet.</p>;
  const rows: Array<[string, string]> = [
    ['Can settle', a.authority.canSettle ?? '—'],
    ...(a.authority.canSettle !== 'yes' && a.authority.decisionMaker ? [['Decides', `${a.authority.decisionMaker}${a.authority.deciderAttends === false ? ' (not attending)' : ''}${a.authority.reachableHow ? `; reach: ${a.authority.reachableHow}` : ''}`] as [string, string]] : []),
    ['Accommodations', [...a.accommodations.needs.map((n) => ACCOMMODATION_LABEL[n]), a.accommodations.other].filter(Boolean).join(', ') || '—'],
    ['Interpreter', a.interpreter.needed ? a.interpreter.language || 'yes' : a.interpreter.needed === false ? 'no' : '—'],
    // Their emails and join page follow this answer (server/src/i18n/personLanguage.ts).
    ['Language', a.language ? LANGUAGE_NAMES[a.language] : '—'],
    ['Joint session', a.joint.preference ? JOINT_PREFERENCE_LABEL[a.joint.preference] : '—'],
    ...(a.joint.reason ? [['Why', a.joint.reason] as [string, string]] : []),
    ['Hard stop', a.hardStop.time ? `${a.hardStop.time} ${a.hardStop.timeZone}` : '—'],
    ['Available', a.availability.slots.map((s) => `${s.date} ${s.from}–${s.to}`).join('; ') + (a.availability.slots.length ? ` (${a.availability.timeZone})` : '—')],
    ['Position statement', a.positionStatement || '—'],
    ['Good outcome', a.goodOutcome || '—'],
    ...questions.map((q) => [q.text, a.custom[q.id] ?? '—'] as [string, string]),
    ...(a.screening ? [['Screening', `afraid: ${a.screening.afraid ?? '—'}, harmed or threatened: ${a.screening.harmedOrThreatened ?? '—'}, speaks freely: ${a.screening.canSpeakFreely ?? '—'}${a.screening.note ? `; ${a.screening.note}` : ''}`] as [string, string]] : []),
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
  const toMs = (v: string) => (v ? new Date(v).getTime() : null);
  return (
    <details data-testid="plan-form">
      <summary>Room plan from the intake</summary>
      <p className="muted small">Set when each person is expected (staggered starts). Hard stops, accommodations and separate rooms come from their answers; the control tower shows them and warns 30 and 10 minutes before a hard stop.</p>
      {people.map((p) => (
        <label key={p.personId} className="row wrap">{p.name}
          <input type="datetime-local" value={times[p.personId] ?? ''} onChange={(e) => setTimes({ ...times, [p.personId]: e.target.value })} data-testid="plan-arrival-input" aria-label={`${p.name} expected at`} />
        </label>
      ))}
      <label className="row wrap">The session must end by<input type="datetime-local" value={stopAt} onChange={(e) => setStopAt(e.target.value)} data-testid="plan-session-stop" /></label>
      <button type="button" className="secondary" data-testid="plan-apply" onClick={async () => {
        const arrivals = Object.fromEntries(Object.entries(times).filter(([, v]) => v).map(([k, v]) => [k, toMs(v)]));
        const r = await intakeApi.setPlan(caseId, sessionId, { arrivals, sessionHardStopAt: toMs(stopAt) });
        if (!r.ok) return onError(r.error.message);
        onDone(`Room plan saved for ${r.data.people.length} people.`);
      }}>Apply the intake to this session</button>
    </details>
  );
}

/** The pre-mediation call's notes (and any other mediator-only note on the case). */
function CaseNotes({ caseId, sessions }: { caseId: string; sessions: IntakeCaseView['sessions'] }) {
  const [notes, setNotes] = useState<CaseNote[]>([]);
  const [text, setText] = useState('');
  const [sessionId, setSessionId] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void intakeApi.notes(caseId).then((r) => r.ok && setNotes(r.data.notes));
  }, [caseId]);
  const titleOf = (id: string | null) => sessions.find((s) => s.sessionId === id);
  return (
    <section className="card stack" data-testid="case-notes">
      <h2>Notes (mediators only)</h2>
      <p className="muted small">For the pre-mediation call: schedule it from the case page (a "Pre-mediation call" session, joint or with one side), hold it in the room, and write what you learned here. Nobody but the practice's mediators reads these.</p>
      <ul className="doc-list">
        {notes.map((n) => <li key={n.id} data-testid="case-note"><span className="muted small">{when(n.at)}, {n.authorName}{n.sessionId ? ` · ${titleOf(n.sessionId)?.kind === 'pre-mediation' ? 'pre-mediation call' : 'session'}` : ''}</span><div className="answer">{n.text}</div></li>)}
      </ul>
      <form className="stack" onSubmit={async (e) => {
        e.preventDefault();
        const r = await intakeApi.addNote(caseId, { text, sessionId: sessionId || null });
        if (!r.ok) return setError(r.error.message);
        setError(null);
        setText('');
        setNotes(r.data.notes);
      }}>
        <select value={sessionId} onChange={(e) => setSessionId(e.target.value)} aria-label="About">
          <option value="">About the case</option>
          {sessions.map((s) => <option key={s.sessionId} value={s.sessionId}>{s.kind === 'pre-mediation' ? 'Pre-mediation call' : s.title}</option>)}
        </select>
        <textarea rows={3} value={text} onChange={(e) => setText(e.target.value)} maxLength={10_000} aria-label="Note" data-testid="note-text" />
        {error && <p className="error" role="alert">{error}</p>}
        <div><button type="submit" className="secondary" data-testid="note-add" disabled={!text.trim()}>Add the note</button></div>
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

  useEffect(() => {
    void loadCsrf().then(async () => {
      const [v, t] = await Promise.all([intakeApi.caseView(caseId), intakeApi.template()]);
      if (!v.ok) return setError(v.error.message);
      setView(v.data);
      if (t.ok) setTemplate(t.data);
    });
  }, [caseId]);

  const apply = async (r: Promise<Result<IntakeCaseView>>) => {
    const x = await r;
    if (!x.ok) return setError(x.error.message);
    setError(null);
    setView(x.data);
  };

  if (!view) return error ? <p className="error" role="alert">{error}</p> : <p className="muted">Loading the intake…</p>;
  const answered = view.people.filter((p) => p.submittedAt).length;

  return (
    <div className="intake-view" data-testid="intake-view">
      <p><a href={`/practice/cases/${encodeURIComponent(caseId)}`}>← Back to the case</a></p>
      <h1>Intake: {view.caseTitle}</h1>
      <p data-testid="intake-progress">{answered} of {view.people.length} people have sent their intake.</p>
      {error && <p className="error" role="alert" data-testid="intake-view-error">{error}</p>}
      {notice && <p className="notice" role="status">{notice}</p>}
      {view.caseFlags.map((f) => <p key={f.kind} className="warning" data-testid="case-flag">{f.text}</p>)}

      <section className="card stack">
        <h2>Send the intake forms</h2>
        <p className="muted small">Each person gets their own link by email (it works for 14 days; a new one replaces the old). People without an email address get a link to copy.</p>
        <div><button type="button" data-testid="send-intake" onClick={async () => {
          const r = await intakeApi.sendLinks(caseId, { ttlDays: 14 });
          if (!r.ok) return setError(r.error.message);
          setLinks(r.data.links);
          setNotice(`Intake links made for ${r.data.links.length} people.`);
          void apply(intakeApi.caseView(caseId));
        }}>Email the intake links</button></div>
        {links.length > 0 && (
          <ul className="doc-list" data-testid="intake-links">
            {links.map((l) => <li key={l.link}>{l.name}: <code className="small" data-testid="intake-link">{l.link}</code> <CopyButton text={l.link} label="Copy" />{l.skipped && <span className="muted small"> {l.skipped}</span>}</li>)}
          </ul>
        )}
      </section>

      {view.people.map((p) => (
        <section key={p.personId} className="card" data-testid="intake-person">
          <h2 style={{ margin: 0 }}>{p.name} <span className="muted small">{p.role}{p.side ? ` · ${p.side}` : ''}</span></h2>
          <p className="muted small">{p.submittedAt ? `Sent ${when(p.submittedAt)}` : p.startedAt ? `Started, last saved ${when(p.updatedAt!)}` : p.linkExpiresAt ? 'Not started yet' : 'No intake link yet'}</p>
          <div>{p.flags.map((f, i) => <span key={i} className={`flag ${f.kind}`} data-testid="intake-flag" data-kind={f.kind}>{f.text}</span>)}</div>
          <details open={!!p.answers}>
            <summary>Answers</summary>
            <Answers caseId={caseId} p={p} questions={view.settings.questions} />
          </details>
        </section>
      ))}

      <CaseNotes caseId={caseId} sessions={view.sessions} />

      <section className="card stack" data-testid="poll-admin">
        <h2>Scheduling poll</h2>
        <p className="muted small">Propose times; each person answers in their intake form. Times that run past someone's hard stop are marked.</p>
        <ul className="doc-list">
          {view.poll.map((o) => (
            <li key={o.id} data-testid="poll-option">
              <strong>{when(o.startsAt)}</strong> ({o.durationMinutes} min): {o.yes.length} suit{o.yes.length === 1 ? 's' : ''}{o.yes.length ? ` (${o.yes.join(', ')})` : ''}{o.no.length ? `; not ${o.no.join(', ')}` : ''}
              {o.pastHardStop.length > 0 && <span className="flag hard-stop"> Past the hard stop of {o.pastHardStop.join(', ')}</span>}{' '}
              <button type="button" className="secondary" data-testid="poll-choose" onClick={async () => {
                const r = await practiceApi.createSession(caseId, { kind: 'main', startsAt: o.startsAt, durationMinutes: o.durationMinutes });
                if (!r.ok) return setError(r.error.message);
                setNotice('The session is created at this time; send its invitations (with the calendar invite) from the case page.');
                await apply(intakeApi.caseView(caseId));
              }}>Create the session at this time</button>{' '}
              <button type="button" className="secondary" onClick={() => void apply(intakeApi.saveSettings(caseId, { ...view.settings, poll: view.settings.poll.filter((x) => x.id !== o.id) }))}>Remove</button>
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
          <input type="datetime-local" name="at" required aria-label="Proposed time" data-testid="poll-new-at" />
          <select name="minutes" aria-label="Length" defaultValue="180">
            {[60, 120, 180, 240, 360, 480].map((m) => <option key={m} value={m}>{m / 60} h</option>)}
          </select>
          <button type="submit" className="secondary" data-testid="poll-add">Propose this time</button>
        </form>
      </section>

      <section className="card stack">
        <h2>Questions for this case</h2>
        <ul className="doc-list">
          {view.settings.questions.map((q) => <li key={q.id}>{q.text} <button type="button" className="secondary" onClick={() => void apply(intakeApi.saveSettings(caseId, { ...view.settings, questions: view.settings.questions.filter((x) => x.id !== q.id) }))}>Remove</button></li>)}
        </ul>
        <form className="row wrap" onSubmit={(e) => {
          e.preventDefault();
          if (!question.trim()) return;
          void apply(intakeApi.saveSettings(caseId, { ...view.settings, questions: [...view.settings.questions, { id: newQuestionId(), text: question }] }));
          setQuestion('');
        }}>
          <input value={question} onChange={(e) => setQuestion(e.target.value)} maxLength={500} placeholder="Add a question" aria-label="New question" data-testid="new-question" />
          <button type="submit" className="secondary">Add</button>
        </form>
        <label className="row"><input type="checkbox" checked={view.settings.screening} data-testid="screening" onChange={(e) => void apply(intakeApi.saveSettings(caseId, { ...view.settings, screening: e.target.checked }))} />
          Ask the private safety screening questions (a concern makes the plan separate rooms only; never shown to the other side)</label>
      </section>

      <section className="card stack">
        <h2>Sessions: agreement to mediate and room plan</h2>
        {view.sessions.length === 0 && <p className="muted">Create a session from the case first; then require the agreement for it here.</p>}
        {view.sessions.map((s) => (
          <div key={s.sessionId} className="case-session" data-testid="atm-session">
            <h3>{s.title} <span className="muted small">{s.kind}</span></h3>
            <label className="row"><input type="checkbox" checked={s.agreementRequired !== null} data-testid="atm-require"
              onChange={(e) => void apply(intakeApi.requireAgreement(caseId, s.sessionId, e.target.checked))} /> Parties and attorneys must sign before they are admitted</label>
            <RoomPlanForm caseId={caseId} sessionId={s.sessionId} people={view.people} onError={setError} onDone={(n) => setNotice(n)} />
            {s.agreementRequired !== null && (
              <>
                <ul className="doc-list">
                  {s.signers.map((x) => <li key={x.participantId} data-testid="atm-signer" data-signed={x.signed ? 'yes' : 'no'}>{x.name} ({x.role}): {x.signed ? `signed as “${x.signed.typedName}”, ${when(x.signed.at)}` : 'not signed yet'}</li>)}
                </ul>
                <a href={intakeApi.pdfUrl(caseId, s.sessionId)} download data-testid="atm-pdf">Download the signed agreement (PDF)</a>
              </>
            )}
          </div>
        ))}
        {template && (
          <details>
            <summary>The practice's template (version {template.version || 'not yet saved'})</summary>
            <form className="stack" onSubmit={async (e) => {
              e.preventDefault();
              const r = await intakeApi.saveTemplate(draft ?? { title: template.title, text: template.text });
              if (!r.ok) return setError(r.error.message);
              setTemplate(r.data);
              setDraft(null);
              setNotice(`Template saved as version ${r.data.version}. Sessions that already require it keep the text they required.`);
            }}>
              <label className="stack">Title<input value={draft?.title ?? template.title} onChange={(e) => setDraft({ title: e.target.value, text: draft?.text ?? template.text })} maxLength={160} /></label>
              <label className="stack">Text<textarea rows={14} value={draft?.text ?? template.text} onChange={(e) => setDraft({ title: draft?.title ?? template.title, text: e.target.value })} data-testid="atm-template" /></label>
              <div><button type="submit" className="secondary">Save the template</button></div>
            </form>
          </details>
        )}
      </section>
    </div>
  );
}
