/** In the waiting room: someone who arrives before their planned time is told so, plainly. */
import { useEffect, useState } from 'react';
import { myPlanSchema, type MyPlan } from '@mediation/shared';

export function ArrivalNote({ token, sessionId }: { token: string; sessionId: string }) {
  const [plan, setPlan] = useState<MyPlan | null>(null);
  useEffect(() => {
    void fetch(`/api/intake/sessions/${encodeURIComponent(sessionId)}/plan`, { headers: { Authorization: `Bearer ${token}` } })
      .then(async (res) => (res.ok ? myPlanSchema.safeParse(await res.json()) : null))
      .then((r) => r?.success && setPlan(r.data))
      .catch(() => undefined);
  }, [token, sessionId]);
  if (!plan?.arrivalAt || Date.now() >= plan.arrivalAt) return null;
  const at = new Date(plan.arrivalAt).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return (
    <p className="notice" data-testid="early-arrival">
      You are early: the mediator expects you at {at}. Please wait here; the mediator will let you in when it is your turn.
    </p>
  );
}
