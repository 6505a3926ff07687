/** The plan as it concerns the reader (room panel for parties, ended page): items, discovery, follow-up date. */
import { CHECKIN_STATUS_LABEL, type PlanView } from '@mediation/shared';

const dayWords = (day: string) => new Date(`${day}T12:00:00Z`).toLocaleDateString(undefined, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
export const whenWords = (ms: number) => new Date(ms).toLocaleString(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });

export function PlanList({ plan }: { plan: PlanView }) {
  return (
    <div className="stack" data-testid="plan-list">
      {plan.items.length === 0 ? <p className="muted">No action items concern you.</p> : (
        <ul className="plan-list">
          {plan.items.map((i) => (
            <li key={i.id} data-testid="plan-item" className={`state-${i.status}`}>
              <div><strong>{i.what}</strong></div>
              <div className="meta muted">
                {i.ownerLabel} · due {dayWords(i.due)}{i.clause ? ` · ${i.clause}` : ''}{i.status !== 'open' ? ` · ${CHECKIN_STATUS_LABEL[i.status]}` : ''}
              </div>
            </li>
          ))}
        </ul>
      )}
      {plan.discovery ? (
        <div>
          <h3>Information to gather</h3>
          <p style={{ whiteSpace: 'pre-wrap' }} data-testid="plan-discovery">{plan.discovery}</p>
        </div>
      ) : null}
      {plan.followUp ? (
        <p data-testid="plan-followup-date">
          <strong>Follow-up:</strong> {whenWords(plan.followUp.startsAt)} ({plan.followUp.durationMinutes} minutes){plan.followUp.purpose ? ` — ${plan.followUp.purpose}` : ''}.
          {plan.followUpScheduled ? ' Your personal link to it comes by email.' : ''}
        </p>
      ) : null}
    </div>
  );
}
