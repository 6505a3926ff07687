/** The mediator's home page: the practice's cases grouped by stage, and opening a new case. */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CASE_STAGES, CASE_STAGE_LABEL, type CaseSummary } from '@mediation/shared';
import { errorText } from '../i18n/errorText';
import { practiceApi } from './practiceApi';
import { PeopleEditor, blankPerson, toInputs, type PersonDraft } from './PeopleEditor';

export function CasesPage() {
  const { t } = useTranslation('practice');
  const [cases, setCases] = useState<CaseSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    void practiceApi.cases().then((r) => (r.ok ? setCases(r.data.cases) : setError(errorText(r.error))));
  }, []);

  if (error) return <p className="error" role="alert">{error}</p>;
  if (!cases) return <p className="muted">{t('cases.loading')}</p>;
  return (
    <>
      <div className="row wrap practice-heading">
        <h1>{t('cases.title')}</h1>
        {!creating && <button type="button" onClick={() => setCreating(true)} data-testid="new-case">{t('cases.new')}</button>}
      </div>
      {creating && <NewCaseForm onCancel={() => setCreating(false)} />}
      {cases.length === 0 && !creating && <p className="muted">{t('cases.empty')}</p>}
      <div className="stage-columns" data-testid="cases-by-stage">
        {CASE_STAGES.map((stage) => {
          const inStage = cases.filter((c) => c.stage === stage);
          if (inStage.length === 0) return null;
          return (
            <section key={stage} className="card stage-column" aria-labelledby={`stage-${stage}`}>
              <h2 id={`stage-${stage}`}>{t('stage', { context: stage, defaultValue: CASE_STAGE_LABEL[stage] })} <span className="muted">({inStage.length})</span></h2>
              <ul className="case-list">
                {inStage.map((c) => (
                  <li key={c.id}>
                    <a href={`/practice/cases/${c.id}`} data-testid="case-link">{c.title}</a>
                    <div className="muted small">{c.disputeType} · {t('cases.people', { count: c.people })}</div>
                    {c.conflictPending && <span className="badge badge-warn">{t('cases.conflictPending')}</span>}
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
  const { t } = useTranslation('practice');
  const [title, setTitle] = useState('');
  const [disputeType, setDisputeType] = useState('');
  const [people, setPeople] = useState<PersonDraft[]>(() => [blankPerson(t('people.claimant')), blankPerson(t('people.respondent'))]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await practiceApi.createCase({ title, disputeType, people: toInputs(people) });
    setBusy(false);
    if (!r.ok) return setError(errorText(r.error));
    window.location.assign(`/practice/cases/${r.data.case.id}`);
  }

  return (
    <form className="card stack" onSubmit={submit} data-testid="new-case-form">
      <h2>{t('cases.form.heading')}</h2>
      <label className="field"><span>{t('cases.form.title')}</span><input required maxLength={160} value={title} onChange={(e) => setTitle(e.target.value)} placeholder={t('cases.form.titlePlaceholder')} data-testid="case-title" /></label>
      <label className="field"><span>{t('cases.form.type')}</span><input required maxLength={80} value={disputeType} onChange={(e) => setDisputeType(e.target.value)} placeholder={t('cases.form.typePlaceholder')} data-testid="case-type" /></label>
      <PeopleEditor rows={people} onChange={setPeople} />
      <p className="muted small">{t('cases.form.checkNote')}</p>
      {error && <p className="error" role="alert">{error}</p>}
      <div className="row wrap">
        <button type="submit" disabled={busy} data-testid="create-case">{t('cases.form.create')}</button>
        <button type="button" className="secondary" onClick={onCancel}>{t('common:actions.cancel')}</button>
      </div>
    </form>
  );
}
