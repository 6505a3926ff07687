/**
 * Names in the room. A person's name is the one they were invited with; they may ask for a
 * correction, which a mediator approves or declines; mediators may also rename directly. Every
 * step is audited, and no change may give two people names that read the same.
 */
import { nameHolder } from '../../auth/names.js';
import type { HandlerTable } from './commandTypes.js';
import type { Room } from './room.js';
import type { NameTaken } from './roomState.js';

type IdentityRequest = 'name:propose' | 'control:renameParticipant' | 'control:answerNameProposal';

/** Whether someone else in the session already has a name that reads like `name`: checked against
 * storage, which also holds people invited but never connected. */
async function namesTakenBesides(room: Room, personId: string): Promise<NameTaken> {
  const people = await room.ctx.stores.sessions.listParticipants(room.sessionId);
  return (name) => nameHolder(people, name, personId) !== null;
}

export const identityCommands: HandlerTable<IdentityRequest> = {
  'name:propose': async ({ room, person }, { displayName }) =>
    room.accept(room.state.proposeName(person.id, displayName, await namesTakenBesides(room, person.id)), ({ from }) => {
      room.audit(person.id, 'participant.rename.proposed', { participantId: person.id, from, to: displayName });
      return {};
    }),

  'control:answerNameProposal': async ({ room, person }, { participantId, approve }) =>
    room.accept(room.state.answerNameProposal(participantId, approve, await namesTakenBesides(room, participantId)), ({ from, proposed }) => {
      if (approve) room.audit(person.id, 'participant.rename.approved', { participantId, from, to: proposed });
      else room.audit(person.id, 'participant.rename.rejected', { participantId, name: from, proposed });
      return {};
    }),

  'control:renameParticipant': async ({ room, person }, { participantId, displayName }) =>
    room.accept(room.state.renameParticipant(person.role, participantId, displayName, await namesTakenBesides(room, participantId)), ({ from }) => {
      // Already called that: nothing changed, nothing to audit.
      if (from !== displayName) room.audit(person.id, 'participant.renamed', { participantId, from, to: displayName });
      return {};
    }),
};
