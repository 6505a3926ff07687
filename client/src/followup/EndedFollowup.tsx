/**
 * The ended page's after-session sections: the follow-up plan as it concerns this person, and
 * their satisfaction survey (or the mediator's self-report and the survey totals).
 */
import { useEffect, useState } from 'react';
import { isMediatorRole, type PlanView, type Role, type SurveyForm, type SurveyReport } from '@mediation/shared';
import { followupApi, surveyApi } from './followupApi';
import { FollowupBoardView } from './FollowupBoardView';
import { PlanList } from './PlanList';
import { SurveyFormView } from './SurveyFormView';
import { MessagesPanel } from '../messaging/MessagesPanel';
import './followup.css';

export function EndedFollowup({ sessionId, token, role }: { sessionId: string; token: string; role: Role }) {
  const [plan, setPlan] = useState<PlanView | null>(null);
  const [survey, setSurvey] = useState<SurveyForm | null>(null);
  const [report, setReport] = useState<SurveyReport | null>(null);
  useEffect(() => {
    let cancelled = false;
    void followupApi.plan(sessionId, token).then((r) => !cancelled && r.ok && setPlan(r.data));
    void surveyApi.mine(sessionId, token).then((r) => !cancelled && r.ok && setSurvey(r.data));
    if (isMediatorRole(role)) void surveyApi.report(sessionId, token).then((r) => !cancelled && r.ok && setReport(r.data));
    return () => {
      cancelled = true;
    };
  }, [sessionId, token, role]);

  const hasPlan = plan && (plan.items.length > 0 || plan.discovery || plan.followUp);
  return (
    <>
      {hasPlan ? (
        <section className="card stack" data-testid="ended-plan" aria-labelledby="ended-plan-heading">
          <h2 id="ended-plan-heading">{isMediatorRole(role) ? 'The follow-up plan' : 'Your follow-up plan'}</h2>
          <PlanList plan={plan} />
          {isMediatorRole(role) ? <FollowupBoardView token={token} sessionId={sessionId} refresh={plan.updatedAt} /> : null}
          {!isMediatorRole(role) && plan.byEmail ? <p className="muted">It was also sent to your email{plan.me.email ? ` (${plan.me.email})` : ''}, with a link to tell the mediator how each item is going.</p> : null}
        </section>
      ) : null}
      {survey ? (
        <section className="card stack" data-testid="ended-survey" aria-labelledby="ended-survey-heading">
          <h2 id="ended-survey-heading">{survey.variant === 'mediator' ? 'Your self-report' : 'How was the mediation?'}</h2>
          <SurveyFormView form={survey} submit={(body) => surveyApi.answerMine(sessionId, token, body)} />
        </section>
      ) : null}
      {report ? <SurveyTotals report={report} /> : null}
      {plan?.byEmail && role !== 'observer' ? <MessagesPanel sessionId={sessionId} token={token} /> : null}
    </>
  );
}

function SurveyTotals({ report }: { report: SurveyReport }) {
  return (
    <section className="card stack" data-testid="survey-report" aria-labelledby="survey-report-heading">
      <h2 id="survey-report-heading">Survey totals</h2>
      <p className="muted">Totals appear only where at least {report.minAnswers} people answered, so no answer can be traced to one person.</p>
      <ul>
        {report.cuts.map((c) => (
          <li key={c.label}>
            <strong>{c.label}</strong>: {c.answers} answer{c.answers === 1 ? '' : 's'}
            {c.averages ? ` · ${Object.entries(c.averages).map(([k, v]) => `${k} ${v}/5`).join(', ')}${c.nps !== null ? ` · NPS ${c.nps}` : ''}` : ` · fewer than ${report.minAnswers}, not shown`}
          </li>
        ))}
      </ul>
    </section>
  );
}
