import { DEFAULT_LOBBY_MESSAGE, type RoomView } from '@mediation/shared';
import { useTranslation } from 'react-i18next';
import { AgreementToMediateGate } from '../intake/AgreementToMediateGate';
import { StageTracker } from '../intake/StageTracker';
import { ArrivalNote } from '../intake/ArrivalNote';
import { SessionEndNotice } from '../intake/SessionEndNotice';

/** The calm holding page: no media, no chat, just the title and the mediator's message. */
export function WaitingRoom({ room, onLeave, token }: { room: RoomView; onLeave: () => void; token?: string }) {
  const { t } = useTranslation('room');
  return (
    <section className="card waiting stack" data-testid="waiting-room" aria-labelledby="waiting-heading">
      <h1 id="waiting-heading">{room.title}</h1>
      <p style={{ fontSize: "1.2rem" }} data-testid="where-am-i" data-space="lobby">
        {t('waiting.where')}
      </p>
      <blockquote className="card" data-testid="lobby-message" style={{ maxWidth: 560, margin: '1rem auto' }}>
        {room.lobbyMessage && room.lobbyMessage !== DEFAULT_LOBBY_MESSAGE ? room.lobbyMessage : t('waiting.defaultMessage')}
      </blockquote>
      {/* Parties and attorneys of a session that requires it sign the agreement to mediate here first. */}
      {token && <StageTracker token={token} sessionId={room.sessionId} mediator={false} />}
      {token && <ArrivalNote token={token} sessionId={room.sessionId} />}
      {token && <SessionEndNotice token={token} sessionId={room.sessionId} />}
      {token && <AgreementToMediateGate token={token} sessionId={room.sessionId} name={room.self.displayName} />}
      <p className="muted">{t('waiting.privacy')}</p>
      <div>
        <button type="button" className="secondary" onClick={onLeave} data-testid="leave">
          {t('waiting.leave')}
        </button>
      </div>
    </section>
  );
}
