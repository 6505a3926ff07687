/** One case: its stage, people by side, conflict checks, sessions (links, invitations) and history. */
import { LANGUAGE_NAMES } from '@mediation/shared';
import { useEffect, useState, type FormEvent } from 'react';
import {
  CASE_SESSION_KINDS, CASE_SESSION_KIND_LABEL, CASE_STAGES, CASE_STAGE_LABEL, CONFLICT_DECISIONS, CONFLICT_DECISION_LABEL,
  type CaseDetail, type CasePerson, type CaseSession, type ConflictCheck, type ConflictDecision, type Result,
} from '@mediation/shared';
import { CopyButton } from '../components/CopyButton';
import { practiceApi } from './practiceApi';
import { PeopleEditor, ROLE_LABEL, blankPerson, toInputs, type PersonDraft } from './PeopleEditor';

const when = (ms: number) => new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function CasePage({ caseId }: { caseId: string }) {
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    void practiceApi.getCase(caseId).then((r) => (r.ok ? setDetail(r.data) : setError(r.error.message)));
  }, [caseId]);

  /** Runs a change; the answer is the fresh case (or an error shown at the top). */
  const apply = async (change: Promise<Result<CaseDetail>>): Promise<boolean> => {
    setNotice(null);
    const r = await change;
    if (!r.ok) {
      setError(r.error.message);
      return false;
    }
    setError(null);
    setDetail(r.data);
    return true;
  };

  if (!detail) return error ? <p className="error" role="alert">{error} <a href="/practice">Back to your cases</a></p> : <p className="muted">Loading the case…</p>;
  const c = detail.case;
  return (
    <div className="case-page">
      <p><a href="/practice">← All cases</a></p>
      <h1 data-testid="case-heading">{c.title}</h1>
      <p><a href={`/practice/cases/${encodeURIComponent(c.id)}/intake`} data-testid="intake-link-page">Intake and agreement to mediate →</a></p>
      <div className="row wrap">
        <span className="muted">{c.disputeType}</span>
        <label className="row">
          <span>Stage</span>
          <select value={c.stage} onChange={(e) => void apply(practiceApi.setStage(c.id, e.target.value as CaseDetail['case']['stage']))} data-testid="case-stage">
            {CASE_STAGES.map((s) => <option key={s} value={s}>{CASE_STAGE_LABEL[s]}</option>)}
          </select>
        </label>
      </div>
      {error && <p className="error" role="alert" data-testid="case-error">{error}</p>}
      {notice && <p className="notice" role="status" data-testid="case-notice">{notice}</p>}
      <div className="case-grid">
        <div className="stack">
          <ConflictChecks checks={detail.conflictChecks} onDecide={(id, decision, note) => apply(practiceApi.decide(c.id, id, { decision, note }))} />
          <People people={detail.people} onAdd={(rows) => apply(practiceApi.addPeople(c.id, { people: toInputs(rows) }))} />
        </div>
        <div className="stack">
          <Sessions detail={detail} onCreate={(body) => apply(practiceApi.createSession(c.id, body))} onJoin={(sessionId) => apply(practiceApi.mediatorLink(c.id, sessionId))} onSend={async (sessionId) => {
            const r = await practiceApi.sendInvitations(c.id, sessionId);
            if (!r.ok) return setError(r.error.message);
            const sent = r.data.emails.filter((e) => e.status === 'sent').length;
            const queued = r.data.emails.filter((e) => e.status === 'outbox').length;
            const failed = r.data.emails.filter((e) => e.status === 'failed').length;
            const parts = [sent && `${sent} sent`, queued && `${queued} in the outbox (no mail server is set up)`, failed && `${failed} failed`, ...r.data.skipped.map((s) => `${s.name} skipped: ${s.reason.replace(/\.$/, '')}`)].filter(Boolean);
            const fresh = await practiceApi.getCase(c.id);
            if (fresh.ok) setDetail(fresh.data);
            setNotice(`Invitations: ${parts.join('; ') || 'nobody to email'}.`);
          }} />
          <History detail={detail} />
        </div>
      </div>
    </div>
  );
}

function ConflictChecks({ checks, onDecide }: { checks: ConflictCheck[]; onDecide: (id: string, d: ConflictDecision, note: string) => Promise<boolean> }) {
  return (
    <section className="card" aria-labelledby="conflicts-h" data-testid="conflict-checks">
      <h2 id="conflicts-h">Conflict check</h2>
      {checks.map((k) => (
        <div key={k.id} className="conflict-check">
          <p className="muted small">{k.reason === 'created' ? 'When the case was opened' : 'When people were added'}, {when(k.at)}</p>
          {k.matches.length === 0 ? <p>No earlier case shares a name or organisation.</p> : (
            <ul className="conflict-matches">
              {k.matches.map((m, i) => (
                <li key={i} data-testid="conflict-match">
                  <strong>{m.ours}</strong> matches {m.field === 'name' ? 'the name' : 'the organisation'} <strong>{m.theirs}</strong> in <a href={`/practice/cases/${m.caseId}`}>{m.caseTitle}</a> ({ROLE_LABEL[m.theirRole].toLowerCase()}{m.theirSide ? `, ${m.theirSide}` : ''})
                </li>
              ))}
            </ul>
          )}
          {k.decision ? (
            <p data-testid="conflict-decision"><span className={`badge ${k.decision === 'declined' ? 'badge-muted' : 'badge-neutral'}`}>{CONFLICT_DECISION_LABEL[k.decision]}</span>{k.note && k.matches.length > 0 ? ` ${k.note}` : ''}{k.decidedBy && k.matches.length > 0 ? <span className="muted"> — {k.decidedBy}, {when(k.decidedAt!)}</span> : null}</p>
          ) : <DecisionForm onDecide={(d, note) => onDecide(k.id, d, note)} />}
        </div>
      ))}
    </section>
  );
}

function DecisionForm({ onDecide }: { onDecide: (d: ConflictDecision, note: string) => Promise<boolean> }) {
  const [decision, setDecision] = useState<ConflictDecision>('clear');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <form className="stack decision-form" data-testid="decision-form" onSubmit={async (e) => {
      e.preventDefault();
      setBusy(true);
      await onDecide(decision, note);
      setBusy(false);
    }}>
      <fieldset>
        <legend>Your decision</legend>
        {CONFLICT_DECISIONS.map((d) => (
          <label key={d} className="check"><input type="radio" name="decision" value={d} checked={decision === d} onChange={() => setDecision(d)} /><span>{CONFLICT_DECISION_LABEL[d]}</span></label>
        ))}
      </fieldset>
      <label className="field"><span>Note for the case history</span><textarea maxLength={2000} rows={2} value={note} onChange={(e) => setNote(e.target.value)} data-testid="decision-note" /></label>
      <div><button type="submit" disabled={busy} data-testid="record-decision">Record decision</button></div>
    </form>
  );
}

function People({ people, onAdd }: { people: CasePerson[]; onAdd: (rows: PersonDraft[]) => Promise<boolean> }) {
  const [rows, setRows] = useState<PersonDraft[] | null>(null);
  const sides = [...new Set(people.map((p) => p.side))].sort((a, b) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)));
  return (
    <section className="card" aria-labelledby="people-h" data-testid="case-people">
      <h2 id="people-h">People</h2>
      {people.length === 0 && <p className="muted">Nobody yet.</p>}
      {sides.map((side) => (
        <div key={side ?? '(none)'} className="side-group">
          <h3>{side ?? 'No side (neutral)'}</h3>
          <ul className="people-list">
            {people.filter((p) => p.side === side).map((p) => (
              <li key={p.id} data-testid="case-person">
                <strong>{p.name}</strong> <span className="badge badge-neutral">{ROLE_LABEL[p.role]}</span>
                {p.organisation && <span> · {p.organisation}</span>}
                {p.language ? <span className="badge badge-neutral" lang={p.language} data-testid="case-person-language"> {LANGUAGE_NAMES[p.language]}</span> : null}
                <div className="muted small">{[p.email, p.phone].filter(Boolean).join(' · ') || 'No contact details'}</div>
              </li>
            ))}
          </ul>
        </div>
      ))}
      {rows ? (
        <form className="stack" onSubmit={async (e: FormEvent) => {
          e.preventDefault();
          if (await onAdd(rows)) setRows(null);
        }}>
          <PeopleEditor rows={rows} onChange={setRows} />
          <div className="row wrap"><button type="submit" data-testid="save-people">Add and check conflicts</button><button type="button" className="secondary" onClick={() => setRows(null)}>Cancel</button></div>
        </form>
      ) : <button type="button" className="secondary" onClick={() => setRows([blankPerson()])} data-testid="add-people">Add people</button>}
    </section>
  );
}

function Sessions({ detail, onCreate, onJoin, onSend }: { detail: CaseDetail; onCreate: (body: { kind: CaseSession['kind']; startsAt: number | null; durationMinutes: number }) => Promise<boolean>; onJoin: (sessionId: string) => Promise<boolean>; onSend: (sessionId: string) => Promise<void> }) {
  const [kind, setKind] = useState<CaseSession['kind']>('pre-mediation');
  const [start, setStart] = useState('');
  const [duration, setDuration] = useState(60);
  const [busy, setBusy] = useState(false);
  const blocked = detail.case.stage === 'declined' ? 'This case was declined.' : detail.case.conflictPending ? 'Record the conflict check decision first.' : null;
  return (
    <section className="card" aria-labelledby="sessions-h" data-testid="case-sessions">
      <h2 id="sessions-h">Sessions</h2>
      {detail.sessions.length === 0 && <p className="muted">No sessions yet.</p>}
      {detail.sessions.map((s) => (
        <article key={s.sessionId} className="case-session" data-testid="case-session">
          <h3>{CASE_SESSION_KIND_LABEL[s.kind]}</h3>
          <p className="muted small">{s.startsAt !== null ? `${when(s.startsAt)}, ${s.durationMinutes} minutes` : 'No time set'} · led by {s.leadMediator}</p>
          <div className="row wrap">
            {s.mediatorLink
              ? <a className="button" href={s.mediatorLink.replace(/^https?:\/\/[^/]+/, '')} target="_blank" rel="noopener" data-testid="open-room">Open the room</a>
              : <button type="button" disabled={busy} data-testid="join-as-comediator" onClick={async () => {
                setBusy(true);
                await onJoin(s.sessionId);
                setBusy(false);
              }}>Join as co-mediator</button>}
            <button type="button" className="secondary" disabled={busy} data-testid="send-invitations" onClick={async () => {
              setBusy(true);
              await onSend(s.sessionId);
              setBusy(false);
            }}>Email the invitations</button>
          </div>
          <ul className="invite-list">
            {s.invitees.map((i) => (
              <li key={i.participantId} className="invite-row">
                <span><strong>{i.name}</strong>{i.revoked && <span className="badge badge-muted"> Link withdrawn</span>}</span>
                <span className="link-text">{i.link}</span>
                <span><CopyButton text={i.link} label={`Copy ${i.name}’s link`} /></span>
              </li>
            ))}
          </ul>
        </article>
      ))}
      <form className="stack new-session" onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        const ok = await onCreate({ kind, startsAt: start ? new Date(start).getTime() : null, durationMinutes: duration });
        setBusy(false);
        if (ok) setStart('');
      }}>
        <h3>New session</h3>
        <div className="row wrap">
          <label className="field"><span>Kind</span>
            <select value={kind} onChange={(e) => setKind(e.target.value as CaseSession['kind'])} data-testid="session-kind">
              {CASE_SESSION_KINDS.map((k) => <option key={k} value={k}>{CASE_SESSION_KIND_LABEL[k]}</option>)}
            </select>
          </label>
          <label className="field"><span>Starts (your time)</span><input type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} data-testid="session-start" /></label>
          <label className="field"><span>Minutes</span><input type="number" min={15} max={1440} step={15} value={duration} onChange={(e) => setDuration(Number(e.target.value))} /></label>
        </div>
        {blocked && <p className="warning">{blocked}</p>}
        <div><button type="submit" disabled={busy || blocked !== null} data-testid="create-session">Create session with everyone’s links</button></div>
      </form>
    </section>
  );
}

function History({ detail }: { detail: CaseDetail }) {
  return (
    <section className="card" aria-labelledby="history-h" data-testid="case-history">
      <h2 id="history-h">History</h2>
      <ol className="case-history">
        {[...detail.history].reverse().map((h, i) => (
          <li key={i}><span className="muted small">{when(h.at)} · {h.actorName}</span><div>{h.text}</div></li>
        ))}
      </ol>
    </section>
  );
}
