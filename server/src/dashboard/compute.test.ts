import { describe, expect, it } from 'vitest';
import type { SurveyAnswerRecord } from '../storage/followupTypes.js';
import { computeDashboard, dashboardCsv, type CaseFacts } from './compute.js';

const DAY = 86_400_000;
const T0 = Date.parse('2027-01-01T10:00:00Z');
const item = (over: Partial<CaseFacts['items'][number]>): CaseFacts['items'][number] => ({
  id: 'i', sessionId: 's', position: 0, what: 'Pay', owner: { kind: 'everyone' }, due: '2027-02-01', clause: '', status: 'open', note: '', statusAt: null, ownerLabel: 'Everyone', ...over,
});
const answer = (month: string, recommend: number, disputeType = 'fee', satisfied = 4): SurveyAnswerRecord => ({
  sessionId: 's', caseId: 'c', practiceId: 'p', disputeType, variant: 'party', month, ratings: { satisfied }, recommend, comment: '',
});

/** Seeded: three cases (one settled in 10 days, one ended without agreement, one in intake). */
const CASES: CaseFacts[] = [
  { title: 'A v B', disputeType: 'fee', stage: 'follow-up', createdAt: T0, ended: true, fullySignedAt: T0 + 10 * DAY, items: [
    item({ what: 'Pay on time', status: 'done', due: '2027-01-20', statusAt: Date.parse('2027-01-19T12:00:00Z') }),
    item({ what: 'Pay late', status: 'done', due: '2027-01-20', statusAt: Date.parse('2027-01-22T12:00:00Z') }),
    item({ what: 'Send invoice', status: 'open', due: '2027-01-25', ownerLabel: 'Ana Diaz' }),
    item({ what: 'Form', status: 'needs-help', due: '2027-03-01' }),
  ] },
  { title: '=HYPERLINK("x") v C', disputeType: 'lease', stage: 'closed', createdAt: T0, ended: true, fullySignedAt: null, items: [] },
  { title: 'D v E', disputeType: 'fee', stage: 'intake', createdAt: T0, ended: false, fullySignedAt: null, items: [] },
];

describe('practice dashboard', () => {
  it('counts cases by stage, the settlement rate, the median time to agreement, follow-ups on time and overdue', () => {
    const d = computeDashboard(CASES, [], '2027-02-01');
    expect(d.casesByStage.filter((s) => s.count > 0).map((s) => [s.label, s.count])).toEqual([['Intake', 1], ['Follow-up', 1], ['Closed', 1]]);
    expect(d.settlement).toEqual({ settled: 1, ended: 2, rate: 0.5 });
    expect(d.medianDaysToAgreement).toBe(10);
    expect(d.followUps).toEqual({ total: 4, done: 2, doneOnTime: 1, overdue: 1, needsHelp: 1 });
    expect(d.overdue).toEqual([{ caseTitle: 'A v B', what: 'Send invoice', ownerLabel: 'Ana Diaz', due: '2027-01-25' }]);
  });

  it('shows NPS over time and by dispute type only where three or more answered', () => {
    const answers = [answer('2027-01', 10), answer('2027-01', 9), answer('2027-01', 3), answer('2027-02', 10), answer('2027-02', 10, 'lease'),
      { ...answer('2027-02', 0), variant: 'mediator' as const, recommend: null }];
    const d = computeDashboard(CASES, answers, '2027-02-01');
    expect(d.npsByMonth).toEqual([{ month: '2027-01', answers: 3, nps: 33, satisfied: 4 }, { month: '2027-02', answers: 2, nps: null, satisfied: null }]);
    expect(d.npsByDisputeType).toEqual([{ disputeType: 'fee', answers: 4, nps: 50 }, { disputeType: 'lease', answers: 1, nps: null }]);
  });

  it('exports one CSV row per case, with formulas defused', () => {
    const csv = dashboardCsv(CASES, '2027-02-01').split('\r\n');
    expect(csv[0]).toBe('"case","dispute type","stage","settled","days to agreement","action items","done","done on time","overdue","needs help"');
    expect(csv[1]).toBe('"A v B","fee","Follow-up","yes","10","4","2","1","1","1"');
    expect(csv[2]).toBe(`"'=HYPERLINK(""x"") v C","lease","Closed","no","","0","0","0","0","0"`);
    expect(csv[3]).toBe('"D v E","fee","Intake","","","0","0","0","0","0"');
  });
});
