/**
 * The practice dashboard (`/dashboard`, signed-in mediators; server/src/dashboard): cases by
 * stage, settlement rate and time to agreement, follow-ups on time and overdue, NPS over time and
 * by dispute type (only where at least three people answered), and a CSV export. The charts
 * (recharts, see DashboardCharts) are imported lazily: only this route pays for the library.
 */
import { useTranslation } from 'react-i18next';
import { lazy, Suspense, useEffect, useState } from 'react';
import { dashboardSchema, type Dashboard } from '@mediation/shared';
import { request } from '../lib/http';
import '../followup/followup.css';

const DashboardCharts = lazy(() => import('./DashboardCharts'));

type Loaded = { kind: 'loading' } | { kind: 'ready'; data: Dashboard } | { kind: 'error'; message: string };

async function load(): Promise<Loaded> {
  const r = await request('/api/dashboard', dashboardSchema, { credentials: 'same-origin' });
  return r.ok ? { kind: 'ready', data: r.data } : { kind: 'error', message: r.error.message };
}

export function DashboardPage() {
  const { t } = useTranslation('dashboard');
  const [state, setState] = useState<Loaded>({ kind: 'loading' });
  useEffect(() => {
    void load().then(setState);
  }, []);
  return (
    <main className="page" data-testid="dashboard">
      <header className="row wrap" style={{ justifyContent: 'space-between' }}>
        <h1>{t('heading')}</h1>
        <span className="row wrap">
          <a href="/practice">{t('cases')}</a>
          {state.kind === 'ready' ? <a href="/api/dashboard/cases.csv" download data-testid="dashboard-csv">{t('csv')}</a> : null}
        </span>
      </header>
      {state.kind === 'loading' ? <p role="status">{t('loading')}</p> : null}
      {state.kind === 'error' ? <p className="error" role="alert">{state.message} <a href="/practice">{t('signIn')}</a></p> : null}
      {state.kind === 'ready' ? <Numbers d={state.data} /> : null}
    </main>
  );
}

function Numbers({ d }: { d: Dashboard }) {
  const { t } = useTranslation('dashboard');
  const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);
  return (
    <>
      <section className="card stack" aria-labelledby="d-glance">
        <h2 id="d-glance">{t('glance')}</h2>
        <div className="row wrap" style={{ gap: '2rem' }}>
          <div><div className="muted">{t('settlement')}</div><strong data-testid="dashboard-settlement">{pct(d.settlement.rate)}</strong> <span className="muted">{t('settledOf', { settled: d.settlement.settled, ended: d.settlement.ended })}</span></div>
          <div><div className="muted">{t('median')}</div><strong>{d.medianDaysToAgreement === null ? '—' : t('days', { count: d.medianDaysToAgreement })}</strong></div>
          <div><div className="muted">{t('onTime')}</div><strong data-testid="dashboard-ontime">{t('ofTotal', { done: d.followUps.doneOnTime, total: d.followUps.total })}</strong> <span className="muted">{t('overdueHelp', { overdue: d.followUps.overdue, help: d.followUps.needsHelp })}</span></div>
        </div>
      </section>
      <Suspense fallback={<p role="status">{t('loadingCharts')}</p>}>
        <DashboardCharts d={d} />
      </Suspense>
      <section className="card stack" aria-labelledby="d-overdue">
        <h2 id="d-overdue">{t('overdueHeading')}</h2>
        {d.overdue.length === 0 ? <p className="muted">{t('nothingOverdue')}</p> : (
          <ul className="plan-list">{d.overdue.map((o, i) => <li key={i} className="state-overdue"><strong>{o.what}</strong><div className="meta muted">{o.caseTitle} · {o.ownerLabel} · {t('due', { date: o.due })}</div></li>)}</ul>
        )}
      </section>
    </>
  );
}
