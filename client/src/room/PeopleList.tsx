import { Trans, useTranslation } from 'react-i18next';
import { useState } from 'react';
import { isMediatorRole, type ParticipantView, type RoomView } from '@mediation/shared';
import { roleLabel, whereaboutsLabel } from './describe';
import type { RoomSession } from './roomSession';
import { errorText } from '../i18n/errorText';

/** Everyone this person may know about, with only as much "where" as the server allows
 * (others' caucuses show as "in a caucus", never which one). */
export function PeopleList({ room, session }: { room: RoomView; session?: Pick<RoomSession, 'request'> }) {
  const { t } = useTranslation('room');
  const others = room.participants.filter((p) => p.id !== room.self.id);
  const here = (p: ParticipantView) => p.online && p.whereabouts === room.self.space;
  const sorted = [...others].sort((a, b) => Number(here(b)) - Number(here(a)) || a.displayName.localeCompare(b.displayName));
  return (
    <section className="card stack people-card" aria-labelledby="people-heading" data-testid="people-list">
      <h2 id="people-heading">{t('people.heading')}</h2>
      {sorted.length === 0 ? <p className="muted">{t('people.noOne')}</p> : null}
      <ul className="people">
        {sorted.map((p) => (
          <li key={p.id} className="person" data-testid="person-whereabouts" data-participant-id={p.id} data-whereabouts={p.whereabouts}>
            <span className="person-name">
              <strong>{p.displayName}</strong>{' '}
              <span className="muted">
                <span data-testid="person-role">{roleLabel(p, room.participants)}</span>
                {p.side ? `, ${p.side}` : ''}
              </span>
            </span>
            <span className={here(p) ? 'badge badge-speaking' : 'badge badge-neutral'}>{whereaboutsLabel(room, p)}</span>
            {p.proposedName && session && isMediatorRole(room.self.role) ? <NameCorrection person={p} session={session} /> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A correction this person asked for (names are set at invitation; only a mediator changes them). */
function NameCorrection({ person, session }: { person: ParticipantView; session: Pick<RoomSession, 'request'> }) {
  const { t } = useTranslation('room');
  const [error, setError] = useState<string | null>(null);
  const answer = (approve: boolean) =>
    void session.request('control:answerNameProposal', { participantId: person.id, approve }).then((r) => setError(r.ok ? null : errorText(r.error)));
  return (
    <div data-testid="name-correction" style={{ flexBasis: '100%' }}>
      <p style={{ margin: '0.2rem 0 0.4rem' }}>
        <Trans t={t} i18nKey="people.asks" values={{ name: person.proposedName }} components={{ strong: <strong /> }} />
      </p>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0.4rem' }}>
        <button type="button" className="secondary" onClick={() => answer(true)}>
          {t('people.use')}
        </button>
        <button type="button" className="secondary" onClick={() => answer(false)}>
          {t('people.keep', { name: person.displayName })}
        </button>
      </div>
      {error ? <span role="alert">{error}</span> : null}
    </div>
  );
}
