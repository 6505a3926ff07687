import { useTranslation } from 'react-i18next';
import { useEffect, useRef, useState } from 'react';
import type { RoomSession } from './roomSession';
import { freshAlerts, type MediatorAlert } from './alerts';
import { alertSoundOn, playChime, setAlertSound } from './chime';
import { errorText } from '../i18n/errorText';

/** Knocks, raised hands and arrivals, shown to a mediator who is not looking at the control tower
 * (on the tower they are in the space cards already). Each has the action it asks for. */
export function MediatorAlertBanner({ alerts, session, onGoToTower, visible }: { alerts: MediatorAlert[]; session: RoomSession; onGoToTower: () => void; visible: boolean }) {
  const { t } = useTranslation('room');
  const [error, setError] = useState<string | null>(null);
  if (!visible || alerts.length === 0) return null;
  const shown = alerts.slice(0, 3);
  async function admit(personId: string) {
    const r = await session.request('control:admit', { participantIds: [personId] });
    setError(r.ok ? null : errorText(r.error));
  }
  return (
    <section className="banner banner-warn alert-banner" role="status" aria-live="polite" data-testid="mediator-alerts" aria-label={t('alerts.label')}>
      <ul>
        {shown.map((a) => (
          <li key={a.key} data-testid="mediator-alert" data-kind={a.kind}>
            <span>{a.text}</span>{' '}
            {a.kind === 'waiting' ? (
              <button type="button" data-testid="alert-admit" aria-label={t('alerts.admitName', { name: a.name })} onClick={() => void admit(a.personId)}>
                {t('alerts.admit')}
              </button>
            ) : (
              <button type="button" className="secondary" data-testid="alert-go" onClick={onGoToTower}>
                {t('alerts.tower')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {alerts.length > shown.length ? (
        <p>
          {t('alerts.more', { count: alerts.length - shown.length })}{' '}
          <button type="button" className="secondary" onClick={onGoToTower}>
            {t('alerts.seeAll')}
          </button>
        </p>
      ) : null}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}

/** Plays the alert sound when a new knock, hand or arrival appears (not for those already there
 * when the page opened), unless the mediator turned the sound off. */
export function useAlertSound(alerts: MediatorAlert[]): { soundOn: boolean; setSoundOn: (on: boolean) => void } {
  const [soundOn, setOn] = useState(alertSoundOn);
  const seen = useRef<Set<string> | null>(null);
  useEffect(() => {
    const keys = new Set(alerts.map((a) => a.key));
    const fresh = seen.current ? freshAlerts(seen.current, alerts) : [];
    seen.current = keys;
    if (fresh.length && soundOn) playChime('alert');
  }, [alerts, soundOn]);
  return {
    soundOn,
    setSoundOn: (on) => {
      setAlertSound(on);
      setOn(on);
    },
  };
}

export function AlertSoundToggle({ soundOn, setSoundOn }: { soundOn: boolean; setSoundOn: (on: boolean) => void }) {
  const { t } = useTranslation('room');
  return (
    <label className="check alert-sound">
      <input type="checkbox" checked={soundOn} onChange={(e) => setSoundOn(e.target.checked)} data-testid="alert-sound" />
      <span>{t('alerts.sound')}</span>
    </label>
  );
}
