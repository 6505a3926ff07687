/**
 * The room plan in the control tower (mediators only): accommodations, hard stop, separate rooms
 * only and the expected arrival beside each person, warnings 30 and 10 minutes before a hard stop,
 * and who is expected or late. The plan is made in the practice's intake view.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ACCOMMODATION_LABEL, ACCOMMODATIONS, JOINT, sessionPlanSchema, type RoomView, type SessionPlan } from '@mediation/shared';
import { arrivalOf, arrivalText, hardStopWarnings } from './plan';
import { usePlan } from './usePlan';
import './intake.css';

const PlanContext = createContext<SessionPlan | null>(null);
export const useRoomPlan = (): SessionPlan | null => useContext(PlanContext);

export function RoomPlanProvider({ token, sessionId, children }: { token: string; sessionId: string; children: ReactNode }) {
  const plan = usePlan(token, sessionId, sessionPlanSchema);
  return <PlanContext.Provider value={plan}>{children}</PlanContext.Provider>;
}

/** The intake's accommodation ids by the English label the plan carries ("Regular breaks" -> breaks). */
const ACCOMMODATION_BY_LABEL = new Map<string, (typeof ACCOMMODATIONS)[number]>(ACCOMMODATIONS.map((id) => [ACCOMMODATION_LABEL[id], id]));

/** Beside a person in the tower. */
export function PlanBadges({ participantId, online, now = Date.now() }: { participantId: string; online: boolean; now?: number }) {
  const { t } = useTranslation('intake');
  const plan = useRoomPlan();
  const p = plan?.people.find((x) => x.participantId === participantId);
  if (!p) return null;
  const arrival = arrivalText(arrivalOf(p.arrivalAt, online, now));
  /** The plan's accommodations are the intake's English labels (and "Interpreter: <language>", or what the person typed). */
  const accommodation = (label: string): string => {
    if (label === 'Regular breaks') return t('plan.breaks');
    const id = ACCOMMODATION_BY_LABEL.get(label);
    if (id) return t('help.acc', { context: id, defaultValue: label });
    const interpreter = /^Interpreter(?:: (.+))?$/.exec(label);
    if (interpreter) return interpreter[1] ? t('plan.interpreterFor', { language: interpreter[1] }) : t('plan.interpreter');
    return label;
  };
  return (
    <span className="plan-badges" data-testid="plan-badges">
      {p.separateOnly && <span className="badge badge-warn" data-testid="plan-separate">{t('plan.separateOnly')}</span>}
      {p.hardStopLabel && <span className="badge badge-muted" data-testid="plan-hardstop">{t('plan.leaves', { time: p.hardStopLabel })}</span>}
      {p.accommodations.map((a) => <span key={a} className="badge badge-muted" data-testid="plan-accommodation">{accommodation(a)}</span>)}
      {arrival && <span className="badge badge-muted" data-testid="plan-arrival">{arrival}</span>}
    </span>
  );
}

/** Hard-stop warnings and late arrivals, above the spaces. */
export function RoomPlanWarnings({ room, now }: { room: RoomView; now: number }) {
  const { t } = useTranslation('intake');
  const plan = useRoomPlan();
  if (!plan) return null;
  const present = new Set(room.participants.filter((p) => p.online).map((p) => p.id));
  const warnings = hardStopWarnings(plan, now, present);
  const late = plan.people.filter((p) => arrivalOf(p.arrivalAt, present.has(p.participantId), now).kind === 'late');
  if (warnings.length === 0 && late.length === 0) return null;
  return (
    <div className="stack" role="status" data-testid="plan-warnings">
      {warnings.map((w) => <p key={w.key} className="warning" data-testid="hardstop-warning">{w.text}</p>)}
      {late.map((p) => <p key={p.participantId} className="warning" data-testid="late-warning">{t('plan.isLate', { name: p.name })}</p>)}
    </div>
  );
}

/** Who "everyone back to joint" would take out of their separate room. */
export function separateOnlyOutsideJoint(plan: SessionPlan | null, room: RoomView): string[] {
  if (!plan) return [];
  return plan.people.filter((p) => p.separateOnly && room.participants.some((x) => x.id === p.participantId && x.online && x.whereabouts !== JOINT && x.whereabouts !== 'lobby')).map((p) => p.name);
}
