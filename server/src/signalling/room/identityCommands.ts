/**
 * Names in the room. A person's name is the one they were invited with; they may ask for a
 * correction, which a mediator approves or declines; mediators may also rename directly. Every
 * step is audited, and no change may give two people names that read the same.
 */
import { ErrorCode, fail, isMediatorRole, ok, type Result } from '@mediation/shared';
import { nameHolder, nameTaken } from '../../auth/names.js';
import type { HandlerTable } from './commandTypes.js';
import type { Room } from './room.js';
import type { PersonState } from './roomState.js';

type IdentityRequest = 'name:propose' | 'control:renameParticipant' | 'control:answerNameProposal';

/** Refuses a name someone else in the session already has (checked against storage, which also
 * holds people invited but never connected). */
function clash(room: Room, personId: string, name: string): Result<never> | null {
  return nameHolder(room.ctx.storage.listParticipants(room.sessionId), name, personId) ? nameTaken(name) : null;
}

/** Gives `target` the name `to` everywhere it is read from: the room, storage, pending knocks. */
function rename(room: Room, target: PersonState, to: string): void {
  target.displayName = to;
  target.proposedName = null;
  room.ctx.storage.updateParticipant(target.id, { displayName: to });
  for (const k of room.state.knocks) if (k.fromId === target.id) k.fromName = to;
}

export const identityCommands: HandlerTable<IdentityRequest> = {
  'name:propose': ({ room, person }, { displayName }) => {
    if (isMediatorRole(person.role)) return fail(ErrorCode.BAD_REQUEST, 'Mediators change names directly, from the people list.');
    if (displayName === person.displayName) return fail(ErrorCode.CONFLICT, 'That is already your name.');
    const taken = clash(room, person.id, displayName);
    if (taken) return taken;
    person.proposedName = displayName;
    room.audit(person.id, 'participant.rename.proposed', { participantId: person.id, from: person.displayName, to: displayName });
    room.publishState();
    return ok({});
  },

  'control:answerNameProposal': ({ room, person }, { participantId, approve }) => {
    const target = room.state.person(participantId);
    if (!target) return fail(ErrorCode.NOT_FOUND, 'No such participant in this session.');
    const proposed = target.proposedName;
    if (!proposed) return fail(ErrorCode.NOT_FOUND, `${target.displayName} has not asked for a name correction (or another mediator answered it).`);
    if (approve) {
      // Someone may have been invited with that name since it was asked for: the proposal stays.
      const taken = clash(room, target.id, proposed);
      if (taken) return taken;
      const from = target.displayName;
      rename(room, target, proposed);
      room.audit(person.id, 'participant.rename.approved', { participantId, from, to: proposed });
    } else {
      target.proposedName = null;
      room.audit(person.id, 'participant.rename.rejected', { participantId, name: target.displayName, proposed });
    }
    room.publishState();
    return ok({});
  },

  'control:renameParticipant': ({ room, person }, { participantId, displayName }) => {
    const target = room.state.person(participantId);
    if (!target) return fail(ErrorCode.NOT_FOUND, 'No such participant in this session.');
    if (target.role === 'mediator' && person.role !== 'mediator') return fail(ErrorCode.FORBIDDEN, 'Only the lead mediator can change the lead mediator’s name.');
    if (displayName === target.displayName) return ok({});
    const taken = clash(room, target.id, displayName);
    if (taken) return taken;
    const from = target.displayName;
    rename(room, target, displayName);
    room.audit(person.id, 'participant.renamed', { participantId, from, to: displayName });
    room.publishState();
    return ok({});
  },
};
