/**
 * The session's room plan as this link may read it (the whole plan for mediators, one's own part
 * for everyone else), refetched whenever the server says the mediator remade it (`plan:changed`).
 * `null` until loaded and when no plan has been made: the room works without one. One hook for the
 * tower's plan and everyone's hard-stop notice, so both follow the same fetch and the same signal.
 */
import { useEffect, useState } from 'react';
import { onPlanChange } from './planSignal';

/** The part of a zod schema used here (the client reaches zod only through @mediation/shared). */
interface Schema<T> {
  safeParse(raw: unknown): { success: true; data: T } | { success: false };
}

export function usePlan<T>(token: string, sessionId: string, schema: Schema<T>): T | null {
  const [plan, setPlan] = useState<T | null>(null);
  useEffect(() => {
    let stop = false;
    const load = async () => {
      try {
        const res = await fetch(`/api/intake/sessions/${encodeURIComponent(sessionId)}/plan`, { headers: { Authorization: `Bearer ${token}` } });
        if (!res.ok) return;
        const raw: unknown = await res.json();
        if (stop) return;
        if (raw === null) return setPlan(null);
        const r = schema.safeParse(raw);
        if (r.success) setPlan(r.data);
      } catch {
        // Nothing is shown; the room works without a plan.
      }
    };
    void load();
    const off = onPlanChange(() => void load());
    return () => {
      stop = true;
      off();
    };
  }, [token, sessionId, schema]);
  return plan;
}
