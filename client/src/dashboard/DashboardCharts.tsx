/**
 * The dashboard's charts, drawn with recharts. Why recharts: the issue asks for "a well-kept
 * charting library"; recharts is widely used and actively released, MIT, made of React
 * components (no imperative canvas code to keep in sync with state), draws crisp SVG that scales
 * to a phone, and has typed props. It is not small, so this module is loaded only on /dashboard
 * through React.lazy in DashboardPage: the join page and the room never fetch it.
 *
 * Every chart has a text alternative built from the same rows as its bars: an aria-label summary
 * on the figure and a visually hidden table, so a screen reader gets every number.
 */
import { Bar, BarChart, CartesianGrid, Cell, Label, LabelList, Legend, Pie, PieChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import type { Dashboard } from '@mediation/shared';
import { followUpRows, npsByMonthRows, npsByTypeRows, settlementRows, stageRows, summary, type ChartRow } from './chartData';

const BLUE = '#1d4ed8';
const RED = '#dc2626';
const GREEN = '#15803d';
const AMBER = '#b45309';
const GREY = '#6b7280';

/** The hidden table a screen reader reads instead of the picture. */
function TextTable({ caption, rows, unit = '' }: { caption: string; rows: ChartRow[]; unit?: string }) {
  const { t } = useTranslation('dashboard');
  return (
    <table className="sr-only">
      <caption>{caption}</caption>
      <thead><tr><th scope="col">{t('charts.item')}</th><th scope="col">{t('charts.value')}</th></tr></thead>
      <tbody>{rows.map((r) => <tr key={r.name}><th scope="row">{r.name}</th><td>{r.value === null ? (r.note ?? t('charts.notShown')) : `${r.value}${unit}`}{r.value !== null && r.note ? ` (${r.note})` : ''}</td></tr>)}</tbody>
    </table>
  );
}

/** A figure: the chart (hidden from assistive tech, labelled instead) plus its table. */
function Figure({ title, rows, unit, testId, children }: { title: string; rows: ChartRow[]; unit?: string; testId: string; children: React.ReactNode }) {
  const { t } = useTranslation('dashboard');
  return (
    <figure className="chart" data-testid={testId} style={{ margin: 0 }}>
      <div role="img" aria-label={rows.length === 0 ? t('charts.noData', { title }) : summary(title, rows, unit)}>
        <div aria-hidden="true">{children}</div>
      </div>
      <TextTable caption={title} rows={rows} unit={unit} />
    </figure>
  );
}

/** Horizontal bars: category names stay readable on a phone (they do not have to fit under a bar). */
function HBars({ rows, color, domain, unit = '' }: { rows: ChartRow[]; color: (r: ChartRow) => string; domain?: [number, number]; unit?: string }) {
  const { t } = useTranslation('dashboard');
  const height = Math.max(90, rows.length * 36 + 40);
  // recharts draws nothing for null: a suppressed cut is labelled "n/a" (explained under the
  // chart by SuppressedNote), and minPointSize keeps a zero visible with its "0" label.
  const data = rows.map((r) => ({ ...r, bar: r.value ?? 0, label: r.value === null ? t('charts.na') : `${r.value}${unit}` }));
  return (
    <ResponsiveContainer width="100%" height={height}>
      {/* No keyboard layer: the chart is hidden from assistive technology (its summary and table say it), so it must not take focus either. */}
      <BarChart data={data} layout="vertical" margin={{ top: 4, right: 48, bottom: 4, left: 8 }} accessibilityLayer={false}>
        <CartesianGrid horizontal={false} strokeDasharray="3 3" />
        <XAxis type="number" domain={domain ?? [0, 'auto']} allowDecimals={false} tick={{ fontSize: 12 }} />
        <YAxis type="category" dataKey="name" width={120} tick={{ fontSize: 12 }} />
        {domain && domain[0] < 0 ? <ReferenceLine x={0} stroke={GREY} /> : null}
        <Tooltip formatter={(_v, _n, item) => [(item.payload as { label: string }).label, '']} separator="" />
        <Bar dataKey="bar" isAnimationActive={false} barSize={18} radius={3} minPointSize={2}>
          {data.map((r) => <Cell key={r.name} fill={color(r)} />)}
          <LabelList dataKey="label" position="right" style={{ fontSize: 12, fill: '#111827' }} />
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}

/** NPS runs from -100 to 100: negative scores are red so a bad month stands out. */
const npsColor = (r: ChartRow) => (r.value !== null && r.value < 0 ? RED : BLUE);

/** Says in words which cuts are hidden by the three-answer rule (their bars read "n/a"). */
function SuppressedNote({ rows }: { rows: ChartRow[] }) {
  const { t } = useTranslation('dashboard');
  const hidden = rows.filter((r) => r.value === null).map((r) => r.name);
  if (hidden.length === 0) return null;
  return <p className="muted" aria-hidden="true">{t('charts.suppressed', { cuts: hidden.join(', ') })}</p>;
}

/** A donut with the rate in its middle and a legend below (labels beside it would not fit a phone). */
function SettlementPie({ rows }: { rows: ChartRow[] }) {
  const data = rows.map((r) => ({ name: `${r.name} (${r.value ?? 0})`, value: r.value ?? 0 }));
  const total = data.reduce((t, r) => t + r.value, 0);
  const rate = total === 0 ? '—' : `${Math.round(((rows[0]?.value ?? 0) / total) * 100)}%`;
  return (
    <ResponsiveContainer width="100%" height={200}>
      <PieChart accessibilityLayer={false}>
        <Pie data={data} dataKey="value" nameKey="name" innerRadius={45} outerRadius={70} isAnimationActive={false}>
          {data.map((r, i) => <Cell key={r.name} fill={i === 0 ? GREEN : GREY} />)}
          <Label value={rate} position="center" style={{ fontSize: 18, fontWeight: 700, fill: '#111827' }} />
        </Pie>
        <Legend verticalAlign="bottom" />
        <Tooltip />
      </PieChart>
    </ResponsiveContainer>
  );
}

const followColor: Record<string, string> = { 'Done on time': GREEN, 'Done late': AMBER, Overdue: RED, 'Needs help': AMBER, 'Not yet due': GREY };

export default function DashboardCharts({ d }: { d: Dashboard }) {
  const { t } = useTranslation('dashboard');
  // The rows (chartData.ts) name things in English; the charts and their text alternatives say them in the reader's language.
  const stages = stageRows(d).map((r, i) => ({ ...r, name: t('practice:stage', { context: d.casesByStage[i]?.stage, defaultValue: r.name }) }));
  const npsNote = (m: { nps: number | null; answers: number }) => (m.nps === null ? t('charts.fewAnswers') : t('charts.answers', { count: m.answers }));
  const byMonth = npsByMonthRows(d).map((r, i) => ({ ...r, note: npsNote(d.npsByMonth[i]!) }));
  const byType = npsByTypeRows(d).map((r, i) => ({ ...r, note: npsNote(d.npsByDisputeType[i]!) }));
  const followName: Record<string, string> = {
    'Done on time': t('charts.doneOnTime'), 'Done late': t('charts.doneLate'), Overdue: t('charts.overdue'), 'Needs help': t('charts.needsHelp'), 'Not yet due': t('charts.notYetDue'),
  };
  const follow = followUpRows(d).map((r) => ({ ...r, name: followName[r.name] ?? r.name, color: followColor[r.name] ?? BLUE }));
  const settleName: Record<string, string> = { Settled: t('charts.settled'), 'Not settled': t('charts.notSettled') };
  const settle = settlementRows(d).map((r) => ({ ...r, name: settleName[r.name] ?? r.name }));
  return (
    <>
      <section className="card stack" aria-labelledby="d-stages">
        <h2 id="d-stages">{t('charts.stages')}</h2>
        <Figure title={t('charts.stages')} rows={stages} testId="chart-stages"><HBars rows={stages} color={() => BLUE} /></Figure>
      </section>
      <section className="card stack" aria-labelledby="d-settle">
        <h2 id="d-settle">{t('charts.settlement')}</h2>
        {settle.length === 0 ? <p className="muted">{t('charts.noSession')}</p> : (
          <Figure title={t('charts.settlementTitle')} rows={settle} testId="chart-settlement"><SettlementPie rows={settle} /></Figure>
        )}
      </section>
      <section className="card stack" aria-labelledby="d-follow">
        <h2 id="d-follow">{t('charts.followUps')}</h2>
        {d.followUps.total === 0 ? <p className="muted">{t('charts.noFollowUps')}</p> : (
          <Figure title={t('charts.followUpsTitle')} rows={follow} testId="chart-followups"><HBars rows={follow} color={(r) => follow.find((x) => x.name === r.name)?.color ?? BLUE} /></Figure>
        )}
      </section>
      <section className="card stack" aria-labelledby="d-nps">
        <h2 id="d-nps">{t('charts.nps')}</h2>
        <p className="muted">{t('charts.npsHelp')}</p>
        {byMonth.length === 0 ? <p className="muted">{t('charts.noSurveys')}</p> : (
          <>
            <h3>{t('charts.byMonth')}</h3>
            <Figure title={t('charts.byMonthTitle')} rows={byMonth} testId="chart-nps-month"><HBars rows={byMonth} color={npsColor} domain={[-100, 100]} /></Figure>
            <SuppressedNote rows={byMonth} />
          </>
        )}
        {byType.length > 0 ? (
          <>
            <h3>{t('charts.byType')}</h3>
            <Figure title={t('charts.byTypeTitle')} rows={byType} testId="chart-nps-type"><HBars rows={byType} color={npsColor} domain={[-100, 100]} /></Figure>
            <SuppressedNote rows={byType} />
          </>
        ) : null}
      </section>
    </>
  );
}
