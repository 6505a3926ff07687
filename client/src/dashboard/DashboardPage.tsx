/**
 * The practice dashboard (`/dashboard`, signed-in mediators; server/src/dashboard): cases by
 * stage, settlement rate and time to agreement, follow-ups on time and overdue, NPS over time and
 * by dispute type (only where at least three people answered), and a CSV export. Bars are plain
 * SVG: a handful of numbers, readable at a glance, no chart library needed for them.
 */
import { useEffect, useState } from 'react';
import { appErrorSchema, dashboardSchema, type Dashboard } from '@mediation/shared';
import '../followup/followup.css';

type Loaded = { kind: 'loading' } | { kind: 'ready'; data: Dashboard } | { kind: 'error'; message: string };

async function load(): Promise<Loaded> {
  try {
    const res = await fetch('/api/dashboard', { credentials: 'same-origin' });
    const json: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const e = appErrorSchema.safeParse((json as { error?: unknown } | null)?.error);
      return { kind: 'error', message: e.success ? e.data.message : `The server answered ${res.status}.` };
    }
    const d = dashboardSchema.safeParse(json);
    return d.success ? { kind: 'ready', data: d.data } : { kind: 'error', message: 'The server sent an unexpected answer.' };
  } catch {
    return { kind: 'error', message: 'The server could not be reached.' };
  }
}

function Bars({ rows, label, max }: { rows: Array<{ name: string; value: number | null; note?: string }>; label: string; max?: number }) {
  const top = max ?? Math.max(1, ...rows.map((r) => Math.abs(r.value ?? 0)));
  return (
    <svg role="img" aria-label={label} viewBox={`0 0 320 ${rows.length * 28 + 4}`} width="100%" style={{ maxWidth: 520 }}>
      {rows.map((r, i) => {
        const w = !r.value ? 0 : Math.max(2, (Math.abs(r.value) / top) * 150);
        return (
          <g key={r.name} transform={`translate(0 ${i * 28 + 4})`}>
            <text x="0" y="16" fontSize="12">{r.name}</text>
            <rect x="130" y="4" width={w} height="16" rx="3" fill={r.value !== null && r.value < 0 ? '#dc2626' : '#1d4ed8'} />
            <text x={136 + w} y="16" fontSize="12">{r.value === null ? (r.note ?? 'fewer than 3 answers') : r.value}</text>
          </g>
        );
      })}
    </svg>
  );
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
      <section className="card stack" aria-labelledby="d-stages">
        <h2 id="d-stages">Cases by stage</h2>
        <Bars label="Cases by stage" rows={d.casesByStage.map((s) => ({ name: s.label, value: s.count }))} />
      </section>
      <section className="card stack" aria-labelledby="d-nps">
        <h2 id="d-nps">Net Promoter Score by month</h2>
        <p className="muted">From anonymous client surveys; shown only where at least three people answered.</p>
        {d.npsByMonth.length === 0 ? <p className="muted">No survey answers yet.</p> : <Bars label="NPS by month" max={100} rows={d.npsByMonth.map((m) => ({ name: `${m.month} (${m.answers})`, value: m.nps }))} />}
        {d.npsByDisputeType.length > 0 ? <Bars label="NPS by dispute type" max={100} rows={d.npsByDisputeType.map((m) => ({ name: `${m.disputeType} (${m.answers})`, value: m.nps }))} /> : null}
      </section>
      <section className="card stack" aria-labelledby="d-overdue">
        <h2 id="d-overdue">Overdue follow-up items</h2>
        {d.overdue.length === 0 ? <p className="muted">Nothing overdue.</p> : (
          <ul className="plan-list">{d.overdue.map((o, i) => <li key={i} className="state-overdue"><strong>{o.what}</strong><div className="meta muted">{o.caseTitle} · {o.ownerLabel} · due {o.due}</div></li>)}</ul>
        )}
      </section>
    </>
  );
}
