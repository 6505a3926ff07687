import { describe, expect, it } from 'vitest';
import type { Dashboard } from '@mediation/shared';
import { followUpRows, npsByMonthRows, settlementRows, summary } from './chartData';

const base: Dashboard = {
  casesByStage: [{ stage: 'intake', label: 'Intake', count: 2 }],
  settlement: { settled: 3, ended: 4, rate: 0.75 },
  medianDaysToAgreement: 12,
  followUps: { total: 10, done: 5, doneOnTime: 3, overdue: 2, needsHelp: 1 },
  overdue: [],
  npsByMonth: [
    { month: '2026-10', answers: 2, nps: null, satisfied: null },
    { month: '2026-11', answers: 4, nps: -25, satisfied: 0.5 },
  ],
  npsByDisputeType: [],
};

describe('dashboard chart rows', () => {
  it('splits follow-ups into disjoint groups that add up to the total', () => {
    const rows = followUpRows(base);
    expect(rows.map((r) => [r.name, r.value])).toEqual([
      ['Done on time', 3], ['Done late', 2], ['Overdue', 2], ['Needs help', 1], ['Not yet due', 2],
    ]);
    expect(rows.reduce((s, r) => s + (r.value ?? 0), 0)).toBe(base.followUps.total);
  });

  it('keeps a cut with fewer than three answers unshown, and says so in the text alternative', () => {
    const rows = npsByMonthRows(base);
    expect(rows[0]).toMatchObject({ name: '2026-10', value: null });
    expect(summary('NPS by month', rows)).toBe('NPS by month: 2026-10, fewer than 3 answers; 2026-11, -25.');
  });

  it('draws settlement only when a case held a session', () => {
    expect(settlementRows(base).map((r) => r.value)).toEqual([3, 1]);
    expect(settlementRows({ ...base, settlement: { settled: 0, ended: 0, rate: null } })).toEqual([]);
    expect(summary('Settled', [])).toBe('Settled: no data yet.');
  });
});
