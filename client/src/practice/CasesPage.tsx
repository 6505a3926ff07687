/** The mediator's home page: the practice's cases grouped by stage, and opening a new case. */
import { useEffect, useState, type FormEvent } from 'react';
import { CASE_STAGES, CASE_STAGE_LABEL, type CaseSummary } from '@mediation/shared';
import { practiceApi } from './practiceApi';
import { PeopleEditor, blankPerson, toInputs, type PersonDraft } from './PeopleEditor';

export function CasesPage() {
  const [cases, setCases] = useState<CaseSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    void practiceApi.cases().then((r) => (r.ok ? setCases(r.data.cases) : setError(r.error.message)));
  }, []);

  if (error) return <p className="error" role="alert">{error}</p>;
  if (!cases) return <p className="muted">Loading cases…</p>;
  return (
    <>
      <div className="row wrap practice-heading">
        <h1>Cases</h1>
        {!creating && <button type="button" onClick={() => setCreating(true)} data-testid="new-case">New case</button>}
      </div>
      {creating && <NewCaseForm onCancel={() => setCreating(false)} />}
      {cases.length === 0 && !creating && <p className="muted">No cases yet. Open one with “New case”: its people, conflict check, sessions and emails live there.</p>}
      <div className="stage-columns" data-testid="cases-by-stage">
        {CASE_STAGES.map((stage) => {
          const inStage = cases.filter((c) => c.stage === stage);
          if (inStage.length === 0) return null;
          return (
            <section key={stage} className="card stage-column" aria-labelledby={`stage-${stage}`}>
              <h2 id={`stage-${stage}`}>{CASE_STAGE_LABEL[stage]} <span className="muted">({inStage.length})</span></h2>
              <ul className="case-list">
                {inStage.map((c) => (
                  <li key={c.id}>
                    <a href={`/practice/cases/${c.id}`} data-testid="case-link">{c.title}</a>
                    <div className="muted small">{c.disputeType} · {c.people === 1 ? '1 person' : `${c.people} people`}</div>
                    {c.conflictPending && <span className="badge badge-warn">Conflict check needs a decision</span>}
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
      </div>
    </>
  );
}

function NewCaseForm({ onCancel }: { onCancel: () => void }) {
  const [title, setTitle] = useState('');
  const [disputeType, setDisputeType] = useState('');
  const [people, setPeople] = useState<PersonDraft[]>(() => [blankPerson('Claimant'), blankPerson('Respondent')]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await practiceApi.createCase({ title, disputeType, people: toInputs(people) });
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    window.location.assign(`/practice/cases/${r.data.case.id}`);
  }

  return (
    <form className="card stack" onSubmit={submit} data-testid="new-case-form">
      <h2>New case</h2>
      <label className="field"><span>Title</span><input required maxLength={160} value={title} onChange={(e) => setTitle(e.target.value)} placeholder="e.g. PixelForge Studio v. Harbor Bakery, invoice #2024-117" data-testid="case-title" /></label>
      <label className="field"><span>Dispute type</span><input required maxLength={80} value={disputeType} onChange={(e) => setDisputeType(e.target.value)} placeholder="e.g. client-service / fee" data-testid="case-type" /></label>
      <PeopleEditor rows={people} onChange={setPeople} />
      <p className="muted small">Every name and organisation is checked against the practice’s earlier cases when you create the case.</p>
      {error && <p className="error" role="alert">{error}</p>}
      <div className="row wrap">
        <button type="submit" disabled={busy} data-testid="create-case">Create case and check conflicts</button>
        <button type="button" className="secondary" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
