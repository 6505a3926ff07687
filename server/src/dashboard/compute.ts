/**
 * The practice dashboard's numbers, as a pure function of what the stores hold (tested with
 * seeded records). Survey cuts follow the three-answer rule like every survey aggregate.
 */
import { CASE_STAGES, CASE_STAGE_LABEL, SURVEY_MIN_ANSWERS, boardState, netPromoterScore, type Dashboard } from '@mediation/shared';
import type { ItemRecord, SurveyAnswerRecord } from '../storage/followupTypes.js';

export interface CaseFacts {
  title: string;
  disputeType: string;
  stage: (typeof CASE_STAGES)[number];
  createdAt: number;
  /** A session of the case has ended. */
  ended: boolean;
  /** When the agreement was signed by everyone (first time), or null. */
  fullySignedAt: number | null;
  items: Array<ItemRecord & { ownerLabel: string }>;
}

const DAY = 86_400_000;
const median = (xs: number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const endOfDay = (day: string) => Date.parse(`${day}T23:59:59.999Z`);

export function computeDashboard(cases: readonly CaseFacts[], answers: readonly SurveyAnswerRecord[], today: string): Dashboard {
  const ended = cases.filter((c) => c.ended);
  const settled = ended.filter((c) => c.fullySignedAt !== null);
  const items = cases.flatMap((c) => c.items.map((i) => ({ ...i, caseTitle: c.title })));
  const clients = answers.filter((a) => a.variant !== 'mediator');
  const npsOf = (xs: readonly SurveyAnswerRecord[]) => {
    if (xs.length < SURVEY_MIN_ANSWERS) return null;
    const r = xs.map((a) => a.recommend).filter((x): x is number => x !== null);
    return r.length >= SURVEY_MIN_ANSWERS ? netPromoterScore(r) : null;
  };
  const satisfiedOf = (xs: readonly SurveyAnswerRecord[]) => {
    const v = xs.map((a) => a.ratings.satisfied).filter((x): x is number => typeof x === 'number');
    return xs.length >= SURVEY_MIN_ANSWERS && v.length >= SURVEY_MIN_ANSWERS ? Math.round((v.reduce((a, b) => a + b, 0) / v.length) * 10) / 10 : null;
  };
  return {
    casesByStage: CASE_STAGES.map((stage) => ({ stage, label: CASE_STAGE_LABEL[stage], count: cases.filter((c) => c.stage === stage).length })),
    settlement: { settled: settled.length, ended: ended.length, rate: ended.length === 0 ? null : Math.round((settled.length / ended.length) * 100) / 100 },
    medianDaysToAgreement: median(settled.map((c) => Math.round(((c.fullySignedAt! - c.createdAt) / DAY) * 10) / 10)),
    followUps: {
      total: items.length,
      done: items.filter((i) => i.status === 'done').length,
      doneOnTime: items.filter((i) => i.status === 'done' && i.statusAt !== null && i.statusAt <= endOfDay(i.due)).length,
      overdue: items.filter((i) => boardState(i, today) === 'overdue').length,
      needsHelp: items.filter((i) => i.status === 'needs-help').length,
    },
    overdue: items.filter((i) => boardState(i, today) === 'overdue').map((i) => ({ caseTitle: i.caseTitle, what: i.what, ownerLabel: i.ownerLabel, due: i.due })),
    npsByMonth: [...new Set(clients.map((a) => a.month))].sort().map((month) => {
      const xs = clients.filter((a) => a.month === month);
      return { month, answers: xs.length, nps: npsOf(xs), satisfied: satisfiedOf(xs) };
    }),
    npsByDisputeType: [...new Set(clients.map((a) => a.disputeType))].sort().map((disputeType) => {
      const xs = clients.filter((a) => a.disputeType === disputeType);
      return { disputeType, answers: xs.length, nps: npsOf(xs) };
    }),
  };
}

/** One row per case, for a spreadsheet. Cells are quoted, and a cell starting with = + - @ gets a
 * leading apostrophe so a spreadsheet never runs a case title as a formula. */
export function dashboardCsv(cases: readonly CaseFacts[], today: string): string {
  const cell = (v: string | number | null) => {
    const s = v === null ? '' : String(v);
    const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
    return `"${safe.replace(/"/g, '""')}"`;
  };
  const rows = [['case', 'dispute type', 'stage', 'settled', 'days to agreement', 'action items', 'done', 'done on time', 'overdue', 'needs help']];
  for (const c of cases) {
    rows.push([
      c.title, c.disputeType, CASE_STAGE_LABEL[c.stage], c.fullySignedAt !== null ? 'yes' : c.ended ? 'no' : '',
      c.fullySignedAt !== null ? String(Math.round(((c.fullySignedAt - c.createdAt) / DAY) * 10) / 10) : '',
      String(c.items.length), String(c.items.filter((i) => i.status === 'done').length),
      String(c.items.filter((i) => i.status === 'done' && i.statusAt !== null && i.statusAt <= endOfDay(i.due)).length),
      String(c.items.filter((i) => boardState(i, today) === 'overdue').length), String(c.items.filter((i) => i.status === 'needs-help').length),
    ]);
  }
  return `${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
