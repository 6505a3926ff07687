/**
 * Pages opened from an email: `/checkin#k=…` (report on an action item: done, not done, need
 * help, with a note) and `/survey#k=…` (the satisfaction survey). The key stays in the fragment.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { CHECKIN_STATUSES, type CheckinStatus, type CheckinView, type SurveyForm } from '@mediation/shared';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../i18n/useFormat';
import { followupApi, keyFromHash, surveyApi } from './followupApi';
import { SurveyFormView } from './SurveyFormView';
import './followup.css';

type Loaded<T> = { kind: 'loading' } | { kind: 'ready'; data: T } | { kind: 'error'; message: string };

export function CheckinPage() {
  const { t } = useTranslation('followup');
  const f = useFormat();
  const key = keyFromHash();
  const [state, setState] = useState<Loaded<CheckinView>>({ kind: 'loading' });
  const [status, setStatus] = useState<CheckinStatus>('done');
  const [note, setNote] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void followupApi.openCheckin(key).then((r) => setState(r.ok ? { kind: 'ready', data: r.data } : { kind: 'error', message: r.error.message }));
  }, [key]);
  async function send(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const r = await followupApi.checkin({ key, status, note: note.trim() });
    if (r.ok) {
      setState({ kind: 'ready', data: r.data });
      setSaved(t('checkin.saved', { status: t('status', { context: r.data.item.status }) }));
    } else setError(r.error.message);
  }
  return (
    <main className="page narrow">
      <section className="card stack" data-testid="checkin-page">
        <h1>{t('checkin.heading')}</h1>
        {state.kind === 'loading' ? <p role="status">{t('checkin.opening')}</p> : null}
        {state.kind === 'error' ? <p className="error" role="alert">{state.message}</p> : null}
        {state.kind === 'ready' ? (
          <form className="stack" onSubmit={send}>
            <p>{t('checkin.from', { title: state.data.sessionTitle })}</p>
            <p><strong data-testid="checkin-item">{state.data.item.what}</strong><br /><span className="muted">{t('checkin.dueNow', { date: f.date(state.data.item.due), status: t('status', { context: state.data.item.status }) })}</span></p>
            <div className="checkin-choices" role="radiogroup" aria-label={t('checkin.where')}>
              {CHECKIN_STATUSES.map((s) => (
                <label key={s}><input type="radio" name="status" checked={status === s} onChange={() => setStatus(s)} data-testid={`checkin-${s}`} />{s === 'needs-help' ? t('checkin.needHelp') : t('status', { context: s })}</label>
              ))}
            </div>
            <label className="field"><span>{t('checkin.note')}</span>
              <textarea rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} data-testid="checkin-note" />
            </label>
            {error ? <p className="error" role="alert">{error}</p> : null}
            {saved ? <p role="status" data-testid="checkin-saved">{saved}</p> : null}
            <button type="submit" data-testid="checkin-send">{t('checkin.send')}</button>
          </form>
        ) : null}
      </section>
    </main>
  );
}

export function SurveyPage() {
  const { t } = useTranslation('followup');
  const key = keyFromHash();
  const [state, setState] = useState<Loaded<SurveyForm>>({ kind: 'loading' });
  useEffect(() => {
    void surveyApi.open(key).then((r) => setState(r.ok ? { kind: 'ready', data: r.data } : { kind: 'error', message: r.error.message }));
  }, [key]);
  return (
    <main className="page narrow">
      <section className="card stack" data-testid="survey-page">
        <h1>{state.kind === 'ready' ? t('survey.howWas', { title: state.data.sessionTitle }) : t('survey.yourFeedback')}</h1>
        {state.kind === 'loading' ? <p role="status">{t('checkin.opening')}</p> : null}
        {state.kind === 'error' ? <p className="error" role="alert">{state.message}</p> : null}
        {state.kind === 'ready' ? <SurveyFormView form={state.data} submit={(body) => surveyApi.answer(key, body)} /> : null}
      </section>
    </main>
  );
}
