import { useEffect, useRef, useState } from 'react';
import { formatRemaining } from './describe';
import { playChime } from './chime';

/** Countdown for one space. At zero: a soft chime (once) and a gentle visual pulse. */
export function SpaceTimer({ endsAt, label, chime = true }: { endsAt: number | null; label: string | null; chime?: boolean }) {
  const [now, setNow] = useState(() => Date.now());
  const chimedFor = useRef<number | null>(null);
  useEffect(() => {
    if (!endsAt) return;
    const t = window.setInterval(() => setNow(Date.now()), 500);
    return () => window.clearInterval(t);
  }, [endsAt]);
  const remaining = endsAt ? endsAt - now : null;
  const expired = remaining !== null && remaining <= 0;
  useEffect(() => {
    // Only chime for a countdown we watched reach zero, not for one that was already over on load.
    if (expired && endsAt && chime && chimedFor.current !== endsAt && Date.now() - endsAt < 5000) {
      chimedFor.current = endsAt;
      playChime();
    }
  }, [expired, endsAt, chime]);
  if (!endsAt || remaining === null) return null;
  return (
    <div className={`timer${expired ? ' expired' : ''}`} data-testid="space-timer" data-expired={expired ? 'true' : 'false'} role="timer" aria-live={expired ? 'assertive' : 'off'}>
      {label ? `${label}: ` : 'Time left: '}
      {expired ? 'Time is up' : formatRemaining(remaining)}
    </div>
  );
}
