import type { RoomView } from '@mediation/shared';
import type { Broadcast, ConnectionState } from './state';
import { whereAmI } from './describe';

const CONNECTION_TEXT: Record<ConnectionState['kind'], string> = {
  connecting: 'Connecting…',
  joining: 'Joining the session…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  closed: 'Disconnected',
  failed: 'Could not join',
  left: 'You left the session',
};

/** Always present (tests and screen readers rely on it); loud only when something is wrong. */
export function ConnectionBanner({ connection, mediaError }: { connection: ConnectionState; mediaError: string | null }) {
  const ok = connection.kind === 'connected';
  const text = connection.kind === 'reconnecting' && connection.attempt > 1 ? `Reconnecting… (attempt ${connection.attempt})` : CONNECTION_TEXT[connection.kind];
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
        {connection.kind === 'reconnecting' ? ' Your connection dropped; we are bringing you back automatically.' : ''}
      </div>
      {mediaError ? (
        <div className="banner banner-warn" role="alert" data-testid="media-error">
          {mediaError}
        </div>
      ) : null}
    </>
  );
}

export function WhereAmIBanner({ room }: { room: RoomView }) {
  const w = whereAmI(room);
  return (
    <div className="banner banner-info" data-testid="where-am-i" data-space={room.self.space} aria-live="polite">
      You are in: <strong>{w.spaceName}</strong>, with: {w.withText}. <span>{w.hearing}</span>
    </div>
  );
}

export function BroadcastBanners({ broadcasts, onDismiss }: { broadcasts: Broadcast[]; onDismiss: (id: number) => void }) {
  if (broadcasts.length === 0) return null;
  return (
    <>
      {broadcasts.slice(-3).map((b) => (
        <div key={b.id} className="banner banner-broadcast" role="alert" data-testid="broadcast">
          <span>
            Message from the mediator: {b.text} <small>— {b.fromName}</small>
          </span>
          <button type="button" onClick={() => onDismiss(b.id)} aria-label="Dismiss message">
            Dismiss
          </button>
        </div>
      ))}
    </>
  );
}
