/**
 * The session-wide hard stop, for everyone in the room and in the waiting room: a calm notice 30
 * and 10 minutes before ("This session ends at 16:00 — 10 minutes left"), in a polite live region
 * that exists before it fills, so screen readers announce it without interrupting anyone. Only the
 * session's stop is read here (every room link may read it); people's own hard stops stay in the
 * mediator's tower.
 */
import { useEffect, useState } from 'react';
import { sessionPlanSchema } from '@mediation/shared';
import { sessionEndNotice, type PlanWarning } from './plan';
import { usePlan } from './usePlan';

// A mediator's link reads the whole plan, anyone else's only their own part: both carry the stop.
const stopSchema = sessionPlanSchema.pick({ sessionHardStopAt: true });

export function SessionEndNotice({ token, sessionId }: { token: string; sessionId: string }) {
  const stopAt = usePlan(token, sessionId, stopSchema)?.sessionHardStopAt ?? null;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const tick = window.setInterval(() => setNow(Date.now()), 15_000);
    return () => window.clearInterval(tick);
  }, []);
  const notice = useStableNotice(sessionEndNotice(stopAt, now));
  return (
    <div role="status" aria-live="polite" data-testid="session-end-notice">
      {notice && <p className="banner banner-info" data-minutes={notice.minutes}>{notice.text}</p>}
    </div>
  );
}

/** Keeps the words from when the 30- or 10-minute notice began, so the live region changes (and is
 * announced) twice, not every minute. */
function useStableNotice(next: PlanWarning | null): PlanWarning | null {
  const [shown, setShown] = useState<PlanWarning | null>(next);
  const changed = (next?.key ?? null) !== (shown?.key ?? null);
  useEffect(() => {
    if (changed) setShown(next);
  }, [changed, next]);
  return changed ? next : shown;
}
