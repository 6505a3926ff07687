/**
 * The ended page's after-session sections: the follow-up plan as it concerns this person, and
 * their satisfaction survey (or the mediator's self-report and the survey totals).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isMediatorRole, type PlanView, type Role, type SurveyForm, type SurveyReport } from '@mediation/shared';
import { followupApi, surveyApi } from './followupApi';
import { FollowupBoardView } from './FollowupBoardView';
import { PlanList } from './PlanList';
import { SurveyFormView } from './SurveyFormView';
import { MessagesPanel } from '../messaging/MessagesPanel';
import './followup.css';

export function EndedFollowup({ sessionId, token, role }: { sessionId: string; token: string; role: Role }) {
  const { t } = useTranslation('followup');
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
          <h2 id="ended-plan-heading">{isMediatorRole(role) ? t('ended.planMediator') : t('ended.planMine')}</h2>
          <PlanList plan={plan} />
          {isMediatorRole(role) ? <FollowupBoardView token={token} sessionId={sessionId} refresh={plan.updatedAt} /> : null}
          {!isMediatorRole(role) && plan.byEmail ? <p className="muted">{plan.me.email ? t('ended.alsoEmailedTo', { email: plan.me.email }) : t('ended.alsoEmailed')}</p> : null}
        </section>
      ) : null}
      {survey ? (
        <section className="card stack" data-testid="ended-survey" aria-labelledby="ended-survey-heading">
          <h2 id="ended-survey-heading">{survey.variant === 'mediator' ? t('ended.selfReport') : t('ended.howWasIt')}</h2>
          <SurveyFormView form={survey} submit={(body) => surveyApi.answerMine(sessionId, token, body)} />
        </section>
      ) : null}
      {report ? <SurveyTotals report={report} /> : null}
      {plan?.byEmail && role !== 'observer' ? <MessagesPanel sessionId={sessionId} token={token} /> : null}
    </>
  );
}

function SurveyTotals({ report }: { report: SurveyReport }) {
  const { t } = useTranslation('followup');
  return (
    <section className="card stack" data-testid="survey-report" aria-labelledby="survey-report-heading">
      <h2 id="survey-report-heading">{t('ended.totals')}</h2>
      <p className="muted">{t('ended.totalsNote', { count: report.minAnswers })}</p>
      <ul>
        {report.cuts.map((c) => (
          <li key={c.label}>
            <strong>{c.label}</strong>: {t('ended.answers', { count: c.answers })}
            {c.averages ? ` · ${Object.entries(c.averages).map(([k, v]) => `${k} ${v}/5`).join(', ')}${c.nps !== null ? ` · NPS ${c.nps}` : ''}` : ` · ${t('ended.fewer', { count: report.minAnswers })}`}
          </li>
        ))}
      </ul>
    </section>
  );
}
