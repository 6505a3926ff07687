import { useTranslation } from 'react-i18next';
import { useState, type DragEvent } from 'react';
import { isFollowerRole, isMediatorRole, JOINT, LOBBY, type ParticipantView, type SpaceId, type SpaceView } from '@mediation/shared';
import { roleLabel } from '../room/describe';
import { selectRoom, useRoom } from '../room/useRoom';
import type { Act } from './useAction';
import { PlanBadges } from '../intake/RoomPlan';
import { Icon } from '../layout/Icon';
import { useActionSelect } from '../a11y/actionSelect';
import { bindingOf, servable } from './Invitees';

export const DRAG_TYPE = 'application/x-mediation-participants';

interface Props {
  person: ParticipantView;
  selfId: string;
  spaces: SpaceView[];
  selected: boolean;
  /** Everyone selected, so dragging a selected person drags the whole selection. */
  selection: string[];
  onToggle: (id: string) => void;
  act: Act;
}

/** One person in a space card: select, drag, admit, move (menu), hold, remove. */
export function PersonRow({ person, selfId, spaces, selected, selection, onToggle, act }: Props) {
  const { t } = useTranslation('tower');
  const [confirmRemove, setConfirmRemove] = useState(false);
  const here = person.whereabouts as SpaceId;
  const inLobby = here === LOBBY;
  const isSelf = person.id === selfId;
  const name = `${person.displayName}${isSelf ? t('person.you') : ''}`;

  function onDragStart(e: DragEvent) {
    const ids = selected && selection.length ? selection : [person.id];
    e.dataTransfer.setData(DRAG_TYPE, JSON.stringify(ids));
    e.dataTransfer.setData('text/plain', ids.join(','));
    e.dataTransfer.effectAllowed = 'move';
  }

  function moveTo(to: string) {
    if (!to) return;
    if (to === LOBBY) void act('control:hold', { participantIds: [person.id] }, t('person.inLobby', { name: person.displayName }));
    else void act('control:move', { participantIds: [person.id], to: to as SpaceId }, t('person.moved', { name: person.displayName }));
  }

  // Whom an interpreter serves is named from the room's people list.
  const room = useRoom(selectRoom);

  // Arrow keys only browse the destinations; Enter moves (the mouse and the open list move at once).
  const moveMenu = useActionSelect(moveTo);

  return (
    <li className={`person${selected ? ' selected' : ''}`} draggable onDragStart={onDragStart} data-testid="tower-person" data-participant-id={person.id}>
      <input type="checkbox" checked={selected} onChange={() => onToggle(person.id)} aria-label={t('person.select', { name: person.displayName })} data-testid="select-person" data-participant-id={person.id} />
      <span className="person-name">
        <strong>{name}</strong>{' '}
        <span className="muted">
          <span data-testid="tower-role">{roleLabel(person, room?.participants ?? [])}</span>
          {person.side ? `, ${person.side}` : ''}
        </span>
        {/* Nobody in the waiting room sends sound, so "Muted" there would say nothing true. */}
        {person.audioMuted && person.role !== 'observer' && !inLobby ? (
          <span className="badge badge-muted" style={{ marginLeft: 4 }} data-testid="tower-muted">
            {t('person.muted')}
          </span>
        ) : null}
        {person.handRaised ? (
          <span className="badge badge-warn" style={{ marginLeft: 4 }} data-testid="tower-hand">
            {t('person.hand')}
          </span>
        ) : null}
        {/* From the intake: separate rooms only, hard stop, accommodations, expected arrival. */}
        <PlanBadges participantId={person.id} online={person.online} />
      </span>
      {/* An interpreter or captioner moves with whom they serve; released, they move on their own. */}
      {isFollowerRole(person.role) && room ? (
        <select
          value={person.interpretsFor ? ('participantId' in person.interpretsFor ? `p:${person.interpretsFor.participantId}` : `s:${person.interpretsFor.side}`) : ''}
          aria-label={t('person.serves', { name: person.displayName })}
          data-testid="bind-menu"
          data-participant-id={person.id}
          onChange={(e) => void act('control:bind', { participantId: person.id, interpretsFor: bindingOf(e.target.value) ?? null }, e.target.value ? t('person.follows', { name: person.displayName }) : t('person.released', { name: person.displayName }))}
        >
          <option value="">{t('person.servesNobody')}</option>
          {servable(room).map((o) => (
            <option key={o.value} value={o.value}>
              {t('person.servesOption', { label: o.label })}
            </option>
          ))}
        </select>
      ) : null}
      {inLobby ? (
        <button type="button" data-testid="admit" data-participant-id={person.id} aria-label={t('person.admitName', { name: person.displayName })} onClick={() => void act('control:admit', { participantIds: [person.id] }, t('person.admitted', { name: person.displayName }))}>
          {t('person.admit')}
        </button>
      ) : null}
      <select {...moveMenu} aria-label={t('person.moveName', { name })} data-testid="move-menu" data-participant-id={person.id}>
        <option value="">{t('person.moveTo')}</option>
        {spaces
          .filter((s) => s.id !== here && !(s.id === LOBBY && isMediatorRole(person.role)))
          .map((s) => (
            <option key={s.id} value={s.id}>
              {s.id === LOBBY ? t('person.hold') : s.id === JOINT && s.name === 'Joint session' ? t('room:space.joint') : s.name}
            </option>
          ))}
      </select>
      {!isSelf ? (
        confirmRemove ? (
          <span className="row">
            <button type="button" className="danger" data-testid="confirm-remove" onClick={() => void act('control:remove', { participantId: person.id }, t('person.removed', { name: person.displayName }))}>
              {t('person.remove', { name: person.displayName })}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirmRemove(false)}>
              {t('person.cancel')}
            </button>
          </span>
        ) : (
          <button type="button" className="secondary icon-button person-remove" data-testid="remove" data-participant-id={person.id} onClick={() => setConfirmRemove(true)} aria-label={t('person.removeFromSession', { name: person.displayName })} title={t('person.removeFromSession', { name: person.displayName })}>
            <Icon name="close" />
          </button>
        )
      ) : null}
    </li>
  );
}
