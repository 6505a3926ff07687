/**
 * Pages opened from an email: `/checkin#k=…` (report on an action item: done, not done, need
 * help, with a note) and `/survey#k=…` (the satisfaction survey). The key stays in the fragment.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { CHECKIN_STATUS_LABEL, CHECKIN_STATUSES, type CheckinStatus, type CheckinView, type SurveyForm } from '@mediation/shared';
import { followupApi, keyFromHash, surveyApi } from './followupApi';
import { SurveyFormView } from './SurveyFormView';
import './followup.css';

type Loaded<T> = { kind: 'loading' } | { kind: 'ready'; data: T } | { kind: 'error'; message: string };

export function CheckinPage() {
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
      setSaved(`Thank you. The mediator sees: ${CHECKIN_STATUS_LABEL[r.data.item.status]}.`);
    } else setError(r.error.message);
  }
  return (
    <main className="page narrow">
      <section className="card stack" data-testid="checkin-page">
        <h1>How is it going?</h1>
        {state.kind === 'loading' ? <p role="status">Opening…</p> : null}
        {state.kind === 'error' ? <p className="error" role="alert">{state.message}</p> : null}
        {state.kind === 'ready' ? (
          <form className="stack" onSubmit={send}>
            <p>From “{state.data.sessionTitle}”:</p>
            <p><strong data-testid="checkin-item">{state.data.item.what}</strong><br /><span className="muted">Due {state.data.item.due} · now: {CHECKIN_STATUS_LABEL[state.data.item.status]}</span></p>
            <div className="checkin-choices" role="radiogroup" aria-label="Where it stands">
              {CHECKIN_STATUSES.map((s) => (
                <label key={s}><input type="radio" name="status" checked={status === s} onChange={() => setStatus(s)} data-testid={`checkin-${s}`} />{s === 'needs-help' ? 'I need help' : CHECKIN_STATUS_LABEL[s]}</label>
              ))}
            </div>
            <label className="field"><span>A note for the mediator (optional)</span>
              <textarea rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} data-testid="checkin-note" />
            </label>
            {error ? <p className="error" role="alert">{error}</p> : null}
            {saved ? <p role="status" data-testid="checkin-saved">{saved}</p> : null}
            <button type="submit" data-testid="checkin-send">Tell the mediator</button>
          </form>
        ) : null}
      </section>
    </main>
  );
}

export function SurveyPage() {
  const key = keyFromHash();
  const [state, setState] = useState<Loaded<SurveyForm>>({ kind: 'loading' });
  useEffect(() => {
    void surveyApi.open(key).then((r) => setState(r.ok ? { kind: 'ready', data: r.data } : { kind: 'error', message: r.error.message }));
  }, [key]);
  return (
    <main className="page narrow">
      <section className="card stack" data-testid="survey-page">
        <h1>{state.kind === 'ready' ? `How was “${state.data.sessionTitle}”?` : 'Your feedback'}</h1>
        {state.kind === 'loading' ? <p role="status">Opening…</p> : null}
        {state.kind === 'error' ? <p className="error" role="alert">{state.message}</p> : null}
        {state.kind === 'ready' ? <SurveyFormView form={state.data} submit={(body) => surveyApi.answer(key, body)} /> : null}
      </section>
    </main>
  );
}
