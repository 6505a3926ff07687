/**
 * The practice dashboard (`/dashboard`, signed-in mediators; server/src/dashboard): cases by
 * stage, settlement rate and time to agreement, follow-ups on time and overdue, NPS over time and
 * by dispute type (only where at least three people answered), and a CSV export. The charts
 * (recharts, see DashboardCharts) are imported lazily: only this route pays for the library.
 */
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
  const [state, setState] = useState<Loaded>({ kind: 'loading' });
  useEffect(() => {
    void load().then(setState);
  }, []);
  return (
    <main className="page" data-testid="dashboard">
      <header className="row wrap" style={{ justifyContent: 'space-between' }}>
        <h1>Practice dashboard</h1>
        <span className="row wrap">
          <a href="/practice">Cases</a>
          {state.kind === 'ready' ? <a href="/api/dashboard/cases.csv" download data-testid="dashboard-csv">Download CSV (one row per case)</a> : null}
        </span>
      </header>
      {state.kind === 'loading' ? <p role="status">Loading…</p> : null}
      {state.kind === 'error' ? <p className="error" role="alert">{state.message} <a href="/practice">Sign in</a></p> : null}
      {state.kind === 'ready' ? <Numbers d={state.data} /> : null}
    </main>
  );
}

function Numbers({ d }: { d: Dashboard }) {
  const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);
  return (
    <>
      <section className="card stack" aria-labelledby="d-glance">
        <h2 id="d-glance">At a glance</h2>
        <div className="row wrap" style={{ gap: '2rem' }}>
          <div><div className="muted">Settlement rate</div><strong data-testid="dashboard-settlement">{pct(d.settlement.rate)}</strong> <span className="muted">({d.settlement.settled} of {d.settlement.ended} cases with a session held)</span></div>
          <div><div className="muted">Median time to agreement</div><strong>{d.medianDaysToAgreement === null ? '—' : `${d.medianDaysToAgreement} days`}</strong></div>
          <div><div className="muted">Follow-ups done on time</div><strong data-testid="dashboard-ontime">{d.followUps.doneOnTime} of {d.followUps.total}</strong> <span className="muted">({d.followUps.overdue} overdue, {d.followUps.needsHelp} need help)</span></div>
        </div>
      </section>
      <Suspense fallback={<p role="status">Loading charts…</p>}>
        <DashboardCharts d={d} />
      </Suspense>
      <section className="card stack" aria-labelledby="d-overdue">
        <h2 id="d-overdue">Overdue follow-up items</h2>
        {d.overdue.length === 0 ? <p className="muted">Nothing overdue.</p> : (
          <ul className="plan-list">{d.overdue.map((o, i) => <li key={i} className="state-overdue"><strong>{o.what}</strong><div className="meta muted">{o.caseTitle} · {o.ownerLabel} · due {o.due}</div></li>)}</ul>
        )}
      </section>
    </>
  );
}
