/** One case: its stage, people by side, conflict checks, sessions (links, invitations) and history. */
import { LANGUAGE_NAMES } from '@mediation/shared';
import { useEffect, useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import {
  CASE_SESSION_KINDS, CASE_SESSION_KIND_LABEL, CASE_STAGES, CASE_STAGE_LABEL, CONFLICT_DECISIONS, CONFLICT_DECISION_LABEL,
  type CaseDetail, type CasePerson, type CaseSession, type ConflictCheck, type ConflictDecision, type Result,
} from '@mediation/shared';
import { CopyButton } from '../components/CopyButton';
import { errorText } from '../i18n/errorText';
import { useFormat } from '../i18n/useFormat';
import { practiceApi } from './practiceApi';
import { PeopleEditor, ROLE_LABEL, blankPerson, toInputs, type PersonDraft } from './PeopleEditor';

export function CasePage({ caseId }: { caseId: string }) {
  const { t } = useTranslation('practice');
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    void practiceApi.getCase(caseId).then((r) => (r.ok ? setDetail(r.data) : setError(errorText(r.error))));
  }, [caseId]);

  /** Runs a change; the answer is the fresh case (or an error shown at the top). */
  const apply = async (change: Promise<Result<CaseDetail>>): Promise<boolean> => {
    setNotice(null);
    const r = await change;
    if (!r.ok) {
      setError(errorText(r.error));
      return false;
    }
    setError(null);
    setDetail(r.data);
    return true;
  };

  if (!detail) return error ? <p className="error" role="alert">{error} <a href="/practice">{t('app.backToCases')}</a></p> : <p className="muted">{t('case.loading')}</p>;
  const c = detail.case;
  return (
    <div className="case-page">
      <p><a href="/practice">{t('case.allCases')}</a></p>
      <h1 data-testid="case-heading">{c.title}</h1>
      <p><a href={`/practice/cases/${encodeURIComponent(c.id)}/intake`} data-testid="intake-link-page">{t('case.intakeLink')}</a></p>
      <div className="row wrap">
        <span className="muted">{c.disputeType}</span>
        <label className="row">
          <span>{t('case.stage')}</span>
          <select value={c.stage} onChange={(e) => void apply(practiceApi.setStage(c.id, e.target.value as CaseDetail['case']['stage']))} data-testid="case-stage">
            {CASE_STAGES.map((s) => <option key={s} value={s}>{t('stage', { context: s, defaultValue: CASE_STAGE_LABEL[s] })}</option>)}
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
            if (!r.ok) return setError(errorText(r.error));
            const sent = r.data.emails.filter((e) => e.status === 'sent').length;
            const queued = r.data.emails.filter((e) => e.status === 'outbox').length;
            const failed = r.data.emails.filter((e) => e.status === 'failed').length;
            const parts = [sent && t('case.invitations.sent', { count: sent }), queued && t('case.invitations.outbox', { count: queued }), failed && t('case.invitations.failed', { count: failed }), ...r.data.skipped.map((s) => t('case.invitations.skipped', { name: s.name, reason: s.reason.replace(/\.$/, '') }))].filter(Boolean);
            const fresh = await practiceApi.getCase(c.id);
            if (fresh.ok) setDetail(fresh.data);
            setNotice(parts.length > 0 ? t('case.invitations.notice', { parts: parts.join('; ') }) : t('case.invitations.none'));
          }} />
          <History detail={detail} />
        </div>
      </div>
    </div>
  );
}

function ConflictChecks({ checks, onDecide }: { checks: ConflictCheck[]; onDecide: (id: string, d: ConflictDecision, note: string) => Promise<boolean> }) {
  const { t } = useTranslation('practice');
  const f = useFormat();
  return (
    <section className="card" aria-labelledby="conflicts-h" data-testid="conflict-checks">
      <h2 id="conflicts-h">{t('case.conflict.heading')}</h2>
      {checks.map((k) => (
        <div key={k.id} className="conflict-check">
          <p className="muted small">{k.reason === 'created' ? t('case.conflict.whenCreated', { when: f.dateTime(k.at) }) : t('case.conflict.whenAdded', { when: f.dateTime(k.at) })}</p>
          {k.matches.length === 0 ? <p>{t('case.conflict.noMatch')}</p> : (
            <ul className="conflict-matches">
              {k.matches.map((m, i) => (
                <li key={i} data-testid="conflict-match">
                  <ConflictMatchText match={m} />
                </li>
              ))}
            </ul>
          )}
          {k.decision ? (
            <p data-testid="conflict-decision"><span className={`badge ${k.decision === 'declined' ? 'badge-muted' : 'badge-neutral'}`}>{t('decision', { context: k.decision, defaultValue: CONFLICT_DECISION_LABEL[k.decision] })}</span>{k.note && k.matches.length > 0 ? ` ${k.note}` : ''}{k.decidedBy && k.matches.length > 0 ? <span className="muted"> — {k.decidedBy}, {f.dateTime(k.decidedAt!)}</span> : null}</p>
          ) : <DecisionForm onDecide={(d, note) => onDecide(k.id, d, note)} />}
        </div>
      ))}
    </section>
  );
}

/** "Ana Diaz matches the name Ana Diaz in <case> (party, Claimant)": one sentence, the values as text. */
function ConflictMatchText({ match: m }: { match: ConflictCheck['matches'][number] }) {
  const { t } = useTranslation('practice');
  const role = t('role', { context: m.theirRole, defaultValue: ROLE_LABEL[m.theirRole] }).toLowerCase();
  const who = m.theirSide ? t('case.conflict.roleSide', { role, side: m.theirSide }) : role;
  const values = { ours: m.ours, theirs: m.theirs, title: m.caseTitle, who };
  const components = { strong: <strong />, a: <a href={`/practice/cases/${m.caseId}`} /> };
  return m.field === 'name'
    ? <Trans t={t} i18nKey="case.conflict.matchName" values={values} components={components} />
    : <Trans t={t} i18nKey="case.conflict.matchOrganisation" values={values} components={components} />;
}

function DecisionForm({ onDecide }: { onDecide: (d: ConflictDecision, note: string) => Promise<boolean> }) {
  const { t } = useTranslation('practice');
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
        <legend>{t('case.conflict.yourDecision')}</legend>
        {CONFLICT_DECISIONS.map((d) => (
          <label key={d} className="check"><input type="radio" name="decision" value={d} checked={decision === d} onChange={() => setDecision(d)} /><span>{t('decision', { context: d, defaultValue: CONFLICT_DECISION_LABEL[d] })}</span></label>
        ))}
      </fieldset>
      <label className="field"><span>{t('case.conflict.note')}</span><textarea maxLength={2000} rows={2} value={note} onChange={(e) => setNote(e.target.value)} data-testid="decision-note" /></label>
      <div><button type="submit" disabled={busy} data-testid="record-decision">{t('case.conflict.record')}</button></div>
    </form>
  );
}

function People({ people, onAdd }: { people: CasePerson[]; onAdd: (rows: PersonDraft[]) => Promise<boolean> }) {
  const { t } = useTranslation('practice');
  const [rows, setRows] = useState<PersonDraft[] | null>(null);
  const sides = [...new Set(people.map((p) => p.side))].sort((a, b) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)));
  return (
    <section className="card" aria-labelledby="people-h" data-testid="case-people">
      <h2 id="people-h">{t('case.people.heading')}</h2>
      {people.length === 0 && <p className="muted">{t('case.people.nobody')}</p>}
      {sides.map((side) => (
        <div key={side ?? '(none)'} className="side-group">
          <h3>{side ?? t('case.people.noSide')}</h3>
          <ul className="people-list">
            {people.filter((p) => p.side === side).map((p) => (
              <li key={p.id} data-testid="case-person">
                <strong>{p.name}</strong> <span className="badge badge-neutral">{t('role', { context: p.role, defaultValue: ROLE_LABEL[p.role] })}</span>
                {p.organisation && <span> · {p.organisation}</span>}
                {p.language ? <span className="badge badge-neutral" lang={p.language} data-testid="case-person-language"> {LANGUAGE_NAMES[p.language]}</span> : null}
                <div className="muted small">{[p.email, p.phone].filter(Boolean).join(' · ') || t('case.people.noContact')}</div>
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
          <div className="row wrap"><button type="submit" data-testid="save-people">{t('case.people.addAndCheck')}</button><button type="button" className="secondary" onClick={() => setRows(null)}>{t('common:actions.cancel')}</button></div>
        </form>
      ) : <button type="button" className="secondary" onClick={() => setRows([blankPerson()])} data-testid="add-people">{t('case.people.add')}</button>}
    </section>
  );
}

function Sessions({ detail, onCreate, onJoin, onSend }: { detail: CaseDetail; onCreate: (body: { kind: CaseSession['kind']; startsAt: number | null; durationMinutes: number }) => Promise<boolean>; onJoin: (sessionId: string) => Promise<boolean>; onSend: (sessionId: string) => Promise<void> }) {
  const [kind, setKind] = useState<CaseSession['kind']>('pre-mediation');
  const [start, setStart] = useState('');
  const [duration, setDuration] = useState(60);
  const [busy, setBusy] = useState(false);
  const { t } = useTranslation('practice');
  const f = useFormat();
  const blocked = detail.case.stage === 'declined' ? t('case.sessions.declined') : detail.case.conflictPending ? t('case.sessions.conflictFirst') : null;
  return (
    <section className="card" aria-labelledby="sessions-h" data-testid="case-sessions">
      <h2 id="sessions-h">{t('case.sessions.heading')}</h2>
      {detail.sessions.length === 0 && <p className="muted">{t('case.sessions.none')}</p>}
      {detail.sessions.map((s) => (
        <article key={s.sessionId} className="case-session" data-testid="case-session">
          <h3>{t('sessionKind', { context: s.kind, defaultValue: CASE_SESSION_KIND_LABEL[s.kind] })}</h3>
          <p className="muted small">{s.startsAt !== null ? t('case.sessions.scheduled', { when: f.dateTime(s.startsAt), count: s.durationMinutes, lead: s.leadMediator }) : t('case.sessions.unscheduled', { lead: s.leadMediator })}</p>
          <div className="row wrap">
            {s.mediatorLink
              ? <a className="button" href={s.mediatorLink.replace(/^https?:\/\/[^/]+/, '')} target="_blank" rel="noopener" data-testid="open-room">{t('case.sessions.openRoom')}</a>
              : <button type="button" disabled={busy} data-testid="join-as-comediator" onClick={async () => {
                setBusy(true);
                await onJoin(s.sessionId);
                setBusy(false);
              }}>{t('case.sessions.joinAsComediator')}</button>}
            <button type="button" className="secondary" disabled={busy} data-testid="send-invitations" onClick={async () => {
              setBusy(true);
              await onSend(s.sessionId);
              setBusy(false);
            }}>{t('case.sessions.sendInvitations')}</button>
          </div>
          <ul className="invite-list">
            {s.invitees.map((i) => (
              <li key={i.participantId} className="invite-row">
                <span><strong>{i.name}</strong>{i.revoked && <span className="badge badge-muted"> {t('case.sessions.withdrawn')}</span>}</span>
                <span className="link-text">{i.link}</span>
                <span><CopyButton text={i.link} label={t('case.sessions.copyLink', { name: i.name })} /></span>
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
        <h3>{t('case.sessions.new')}</h3>
        <div className="row wrap">
          <label className="field"><span>{t('case.sessions.kind')}</span>
            <select value={kind} onChange={(e) => setKind(e.target.value as CaseSession['kind'])} data-testid="session-kind">
              {CASE_SESSION_KINDS.map((k) => <option key={k} value={k}>{t('sessionKind', { context: k, defaultValue: CASE_SESSION_KIND_LABEL[k] })}</option>)}
            </select>
          </label>
          <label className="field"><span>{t('case.sessions.starts')}</span><input type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} data-testid="session-start" /></label>
          <label className="field"><span>{t('case.sessions.minutes')}</span><input type="number" min={15} max={1440} step={15} value={duration} onChange={(e) => setDuration(Number(e.target.value))} /></label>
        </div>
        {blocked && <p className="warning">{blocked}</p>}
        <div><button type="submit" disabled={busy || blocked !== null} data-testid="create-session">{t('case.sessions.create')}</button></div>
      </form>
    </section>
  );
}

function History({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation('practice');
  const f = useFormat();
  return (
    <section className="card" aria-labelledby="history-h" data-testid="case-history">
      <h2 id="history-h">{t('case.history')}</h2>
      <ol className="case-history">
        {[...detail.history].reverse().map((h, i) => (
          <li key={i}><span className="muted small">{f.dateTime(h.at)} · {h.actorName}</span><div>{h.text}</div></li>
        ))}
      </ol>
    </section>
  );
}
