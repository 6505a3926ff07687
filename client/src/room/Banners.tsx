import { useTranslation } from 'react-i18next';
import { isCaucus } from '@mediation/shared';
import type { Broadcast, ConnectionState } from './state';
import { whereAmI } from './describe';
import { selectRoom, useRoom } from './useRoom';


/** Always present (tests and screen readers rely on it); loud only when something is wrong.
 * `compact`: the top bar's version (a dot when connected, a calm amber pill when reconnecting),
 * always in the same place so nothing below it moves. */
export function ConnectionBanner({ connection, mediaError, compact = false }: { connection: ConnectionState; mediaError: string | null; compact?: boolean }) {
  const { t } = useTranslation('room');
  const ok = connection.kind === 'connected';
  const text = connection.kind === 'reconnecting' && connection.attempt > 1 ? t('conn.attempt', { attempt: connection.attempt }) : t(`conn.${connection.kind}`);
  const tail = connection.kind === 'reconnecting' ? t('conn.dropped') : '';
  if (compact) {
    return (
      <div data-testid="connection-state" data-state={connection.kind} role="status" aria-live="polite" className={ok ? 'conn-dot' : 'conn-pill'} title={`${text}${tail}`}>
        {text}
        {tail ? <span className="sr-only">{tail}</span> : null}
      </div>
    );
  }
  return (
    <>
      <div
        data-testid="connection-state"
        data-state={connection.kind}
        role="status"
        aria-live="polite"
        className={ok ? 'muted' : `banner ${connection.kind === 'reconnecting' ? 'banner-warn' : 'banner-info'}`}
        style={ok ? { fontSize: '0.85rem', marginBottom: '0.5rem' } : undefined}
      >
        {ok ? '● ' : ''}
        {text}
        {tail}
      </div>
      {mediaError ? (
        <div className="banner banner-warn" role="alert" data-testid="media-error">
          {mediaError}
        </div>
      ) : null}
    </>
  );
}

/** Where I am, with whom, and who can hear me: the top bar's pill (amber in a caucus). One line,
 * with the whole sentence in its tooltip when it does not fit. */
/**
 * Where I am and who hears me. It reads the room itself, at once (useRoom), like the video stage:
 * the rest of the page's frame waits for a move's first picture (useRoomInTransition), and this
 * line must never say "caucus" while the stage already shows the joint room.
 */
export function WhereAmIBanner() {
  const { t } = useTranslation('room');
  const room = useRoom(selectRoom);
  if (!room) return null;
  const w = whereAmI(room);
  return (
    <div className="where-pill" data-testid="where-am-i" data-space={room.self.space} data-caucus={isCaucus(room.self.space) ? 'true' : 'false'} title={w.sentence}>
      <span className="where-text">
        <span className="sr-only">{t('where.youAreIn')}</span>
        <strong>{w.spaceName}</strong>
        <span className="where-with">{t('where.with', { with: w.withText })}</span> <span>{w.hearing}</span>
      </span>
    </div>
  );
}

export function BroadcastBanners({ broadcasts, onDismiss }: { broadcasts: Broadcast[]; onDismiss: (id: number) => void }) {
  const { t } = useTranslation('room');
  if (broadcasts.length === 0) return null;
  return (
    <>
      {broadcasts.slice(-3).map((b) => (
        // Not a live region itself: the room's Announcer says each new broadcast once, assertively.
        <div key={b.id} className="banner banner-broadcast" role="note" data-testid="broadcast">
          <span>
            {t('broadcast.from', { text: b.text })} <small>— {b.fromName}</small>
          </span>
          <button type="button" onClick={() => onDismiss(b.id)} aria-label={t('broadcast.dismissLabel')}>
            {t('broadcast.dismiss')}
          </button>
        </div>
      ))}
    </>
  );
}
