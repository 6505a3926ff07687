/**
 * Turns the dashboard answer into the rows each chart draws and its text alternative reads.
 * Pure and separate from the chart components so it is tested without a browser, and so the
 * visible bars and the hidden table can never disagree: both are built from these rows.
 */
import type { Dashboard } from '@mediation/shared';

/** One bar: `value` null means "not shown" (fewer than three answers for that cut). */
export type ChartRow = { name: string; value: number | null; note?: string };

const FEW = 'fewer than 3 answers';

export function stageRows(d: Dashboard): ChartRow[] {
  return d.casesByStage.map((s) => ({ name: s.label, value: s.count }));
}

export function npsByMonthRows(d: Dashboard): ChartRow[] {
  return d.npsByMonth.map((m) => ({ name: m.month, value: m.nps, note: m.nps === null ? FEW : `${m.answers} answers` }));
}

export function npsByTypeRows(d: Dashboard): ChartRow[] {
  return d.npsByDisputeType.map((m) => ({ name: m.disputeType, value: m.nps, note: m.nps === null ? FEW : `${m.answers} answers` }));
}

/**
 * Follow-up items split into disjoint groups (the same split as the board: done, needs help,
 * overdue, the rest), with "done" cut into on time and late, so the bars add up to the total.
 */
export function followUpRows(d: Dashboard): ChartRow[] {
  const f = d.followUps;
  const notYetDue = Math.max(0, f.total - f.done - f.needsHelp - f.overdue);
  return [
    { name: 'Done on time', value: f.doneOnTime },
    { name: 'Done late', value: f.done - f.doneOnTime },
    { name: 'Overdue', value: f.overdue },
    { name: 'Needs help', value: f.needsHelp },
    { name: 'Not yet due', value: notYetDue },
  ];
}

/** Settled against not settled, of the cases that held a session; empty when none did. */
export function settlementRows(d: Dashboard): ChartRow[] {
  if (d.settlement.ended === 0) return [];
  return [
    { name: 'Settled', value: d.settlement.settled },
    { name: 'Not settled', value: d.settlement.ended - d.settlement.settled },
  ];
}

/** A one-sentence summary for a chart's aria-label: every number, in order. */
export function summary(title: string, rows: ChartRow[], unit = ''): string {
  if (rows.length === 0) return `${title}: no data yet.`;
  return `${title}: ${rows.map((r) => `${r.name}, ${r.value === null ? (r.note ?? 'not shown') : `${r.value}${unit}`}`).join('; ')}.`;
}
