/** In the waiting room: someone who arrives before their planned time is told so, plainly. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../i18n/useFormat';
import { myPlanSchema, type MyPlan } from '@mediation/shared';

export function ArrivalNote({ token, sessionId }: { token: string; sessionId: string }) {
  const { t } = useTranslation('intake');
  const f = useFormat();
  const [plan, setPlan] = useState<MyPlan | null>(null);
  useEffect(() => {
    void fetch(`/api/intake/sessions/${encodeURIComponent(sessionId)}/plan`, { headers: { Authorization: `Bearer ${token}` } })
      .then(async (res) => (res.ok ? myPlanSchema.safeParse(await res.json()) : null))
      .then((r) => r?.success && setPlan(r.data))
      .catch(() => undefined);
  }, [token, sessionId]);
  if (!plan?.arrivalAt || Date.now() >= plan.arrivalAt) return null;
  const at = f.time(plan.arrivalAt, { withZone: true });
  return (
    <p className="notice" data-testid="early-arrival">
      {t('arrival.early', { time: at })}
    </p>
  );
}
