/**
 * Survey aggregates for the mediator, with the three-answer rule: a cut (this session, this
 * case, the practice, a dispute type, a month) shows averages and NPS only when at least
 * SURVEY_MIN_ANSWERS people answered in it, so nobody's answer in a two-party case can be read
 * back. Free-text comments are shown only practice-wide, and only past the same threshold, in
 * alphabetical order (never the order they came in).
 */
import { SURVEY_MIN_ANSWERS, netPromoterScore, type SurveyReport } from '@mediation/shared';
import type { SurveyAnswerRecord } from '../storage/followupTypes.js';

type Cut = SurveyReport['cuts'][number];

export function cutOf(label: string, answers: readonly SurveyAnswerRecord[]): Cut {
  if (answers.length < SURVEY_MIN_ANSWERS) return { label, answers: answers.length, averages: null, nps: null };
  const sums = new Map<string, { total: number; n: number }>();
  for (const a of answers) {
    for (const [k, v] of Object.entries(a.ratings)) {
      const s = sums.get(k) ?? { total: 0, n: 0 };
      s.total += v;
      s.n += 1;
      sums.set(k, s);
    }
  }
  // An item answered by fewer than the threshold is left out of its cut too.
  const averages = Object.fromEntries([...sums].filter(([, s]) => s.n >= SURVEY_MIN_ANSWERS).map(([k, s]) => [k, Math.round((s.total / s.n) * 10) / 10]));
  const recommend = answers.map((a) => a.recommend).filter((r): r is number => r !== null);
  return { label, answers: answers.length, averages, nps: recommend.length >= SURVEY_MIN_ANSWERS ? netPromoterScore(recommend) : null };
}

/** The report a mediator reads from a session: clients' answers (not the mediators' self-reports). */
export function surveyReport(session: { id: string }, caseId: string | null, practice: readonly SurveyAnswerRecord[], sessionOnly: readonly SurveyAnswerRecord[]): SurveyReport {
  const clients = (xs: readonly SurveyAnswerRecord[]) => xs.filter((a) => a.variant !== 'mediator');
  const all = clients(practice);
  const cuts: Cut[] = [cutOf('This session', clients(sessionOnly))];
  if (caseId) cuts.push(cutOf('This case', all.filter((a) => a.caseId === caseId)));
  if (all.length > 0) {
    cuts.push(cutOf('All your cases', all));
    for (const type of [...new Set(all.map((a) => a.disputeType))].sort()) cuts.push(cutOf(`Dispute type: ${type}`, all.filter((a) => a.disputeType === type)));
    for (const month of [...new Set(all.map((a) => a.month))].sort()) cuts.push(cutOf(`Month: ${month}`, all.filter((a) => a.month === month)));
  }
  const selfReports = sessionOnly.filter((a) => a.variant === 'mediator');
  cuts.push(cutOf('Mediator self-reports, this session', selfReports));
  const comments = all.length >= SURVEY_MIN_ANSWERS ? all.map((a) => a.comment).filter((c) => c !== '').sort() : null;
  void session;
  return { minAnswers: SURVEY_MIN_ANSWERS, cuts, comments };
}
