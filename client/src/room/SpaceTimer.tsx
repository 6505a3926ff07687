import { useTranslation } from 'react-i18next';
import { useEffect, useState } from 'react';
import { formatRemaining } from './describe';

/** Countdown for one space (role timer: not read out every second; the room's Announcer says
 * when it starts, when one minute is left and when time is up). At zero it pulses gently; the soft chime plays when the server says
 * the timer expired (`timer:expired`), so it sounds once even with several countdowns on screen. */
export function SpaceTimer({ endsAt, label, expired: atZero = false }: { endsAt: number | null; label: string | null; expired?: boolean }) {
  const { t } = useTranslation('room');
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!endsAt) return;
    const t = window.setInterval(() => setNow(Date.now()), 500);
    return () => window.clearInterval(t);
  }, [endsAt]);
  if (!endsAt) return null;
  const remaining = endsAt - now;
  // The server's word counts too: this machine's clock may be behind the server's.
  const expired = atZero || remaining <= 0;
  return (
    <div className={`timer${expired ? ' expired' : ''}`} data-testid="space-timer" data-expired={expired ? 'true' : 'false'} role="timer">
      {label ? t('timer.labelled', { label }) : t('timer.left')}
      {expired ? t('timer.up') : formatRemaining(remaining)}
    </div>
  );
}
