/** The plan as it concerns the reader (room panel for parties, ended page): items, discovery, follow-up date. */
import type { PlanView } from '@mediation/shared';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../i18n';
import { formatDate, formatDateTime } from '../i18n/format';
import { useFormat } from '../i18n/useFormat';

/** A due day (YYYY-MM-DD) is a calendar day: the same day in every zone. */
const dayWords = (day: string) => formatDate(currentLanguage(), day);
/** A follow-up's start: in the reader's zone, with the zone named (it is a time to be at). */
export const whenWords = (ms: number) => formatDateTime(currentLanguage(), ms, { withZone: true });

export function PlanList({ plan }: { plan: PlanView }) {
  const { t } = useTranslation('followup');
  useFormat(); // re-render on a language change (the dates above read the current language)
  return (
    <div className="stack" data-testid="plan-list">
      {plan.items.length === 0 ? <p className="muted">{t('plan.noItems')}</p> : (
        <ul className="plan-list">
          {plan.items.map((i) => (
            <li key={i.id} data-testid="plan-item" className={`state-${i.status}`}>
              <div><strong>{i.what}</strong></div>
              <div className="meta muted">
                {i.ownerLabel} · {t('plan.due', { date: dayWords(i.due) })}{i.clause ? ` · ${i.clause}` : ''}{i.status !== 'open' ? ` · ${t('status', { context: i.status })}` : ''}
              </div>
            </li>
          ))}
        </ul>
      )}
      {plan.discovery ? (
        <div>
          <h3>{t('plan.discovery')}</h3>
          <p style={{ whiteSpace: 'pre-wrap' }} data-testid="plan-discovery">{plan.discovery}</p>
        </div>
      ) : null}
      {plan.followUp ? (
        <p data-testid="plan-followup-date">
          <strong>{t('plan.followUp')}</strong> {t('plan.followUpWhen', { when: whenWords(plan.followUp.startsAt), minutes: plan.followUp.durationMinutes })}{plan.followUp.purpose ? ` — ${plan.followUp.purpose}` : ''}.
          {plan.followUpScheduled ? t('plan.linkByEmail') : ''}
        </p>
      ) : null}
    </div>
  );
}
