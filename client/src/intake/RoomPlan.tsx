/**
 * The room plan in the control tower (mediators only): accommodations, hard stop, separate rooms
 * only and the expected arrival beside each person, warnings 30 and 10 minutes before a hard stop,
 * and who is expected or late. The plan is made in the practice's intake view.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { JOINT, sessionPlanSchema, type RoomView, type SessionPlan } from '@mediation/shared';
import { arrivalOf, arrivalText, hardStopWarnings } from './plan';
import { usePlan } from './usePlan';
import './intake.css';

const PlanContext = createContext<SessionPlan | null>(null);
export const useRoomPlan = (): SessionPlan | null => useContext(PlanContext);

export function RoomPlanProvider({ token, sessionId, children }: { token: string; sessionId: string; children: ReactNode }) {
  const plan = usePlan(token, sessionId, sessionPlanSchema);
  return <PlanContext.Provider value={plan}>{children}</PlanContext.Provider>;
}

/** Beside a person in the tower. */
export function PlanBadges({ participantId, online, now = Date.now() }: { participantId: string; online: boolean; now?: number }) {
  const plan = useRoomPlan();
  const p = plan?.people.find((x) => x.participantId === participantId);
  if (!p) return null;
  const arrival = arrivalText(arrivalOf(p.arrivalAt, online, now));
  return (
    <span className="plan-badges" data-testid="plan-badges">
      {p.separateOnly && <span className="badge badge-warn" data-testid="plan-separate">Separate rooms only</span>}
      {p.hardStopLabel && <span className="badge badge-muted" data-testid="plan-hardstop">Leaves {p.hardStopLabel}</span>}
      {p.accommodations.map((a) => <span key={a} className="badge badge-muted" data-testid="plan-accommodation">{a === 'Regular breaks' ? 'Breaks: remind every 60 min' : a}</span>)}
      {arrival && <span className="badge badge-muted" data-testid="plan-arrival">{arrival}</span>}
    </span>
  );
}

/** Hard-stop warnings and late arrivals, above the spaces. */
export function RoomPlanWarnings({ room, now }: { room: RoomView; now: number }) {
  const plan = useRoomPlan();
  if (!plan) return null;
  const present = new Set(room.participants.filter((p) => p.online).map((p) => p.id));
  const warnings = hardStopWarnings(plan, now, present);
  const late = plan.people.filter((p) => arrivalOf(p.arrivalAt, present.has(p.participantId), now).kind === 'late');
  if (warnings.length === 0 && late.length === 0) return null;
  return (
    <div className="stack" role="status" data-testid="plan-warnings">
      {warnings.map((w) => <p key={w.key} className="warning" data-testid="hardstop-warning">{w.text}</p>)}
      {late.map((p) => <p key={p.participantId} className="warning" data-testid="late-warning">{p.name} is late.</p>)}
    </div>
  );
}

/** Who "everyone back to joint" would take out of their separate room. */
export function separateOnlyOutsideJoint(plan: SessionPlan | null, room: RoomView): string[] {
  if (!plan) return [];
  return plan.people.filter((p) => p.separateOnly && room.participants.some((x) => x.id === p.participantId && x.online && x.whereabouts !== JOINT && x.whereabouts !== 'lobby')).map((p) => p.name);
}
