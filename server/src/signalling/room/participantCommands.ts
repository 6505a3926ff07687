/** What everyone in the room may do: chat, typing, knock, hand, history, and roaming when allowed. */
import { ErrorCode, fail, isMediatorRole, LOBBY, ok } from '@mediation/shared';
import type { HandlerTable } from './commandTypes.js';

type ParticipantRequest = 'chat:send' | 'chat:history' | 'typing:set' | 'knock:send' | 'hand:set' | 'space:enter';

export const participantCommands: HandlerTable<ParticipantRequest> = {
  'chat:send': ({ room, person }, { to, text }) => {
    const r = room.state.say(person.id, to, text);
    if (!r.ok) return r;
    const { message, audience, label, count } = r.data;
    room.sendToAll('chat:message', message, audience);
    return ok({ message, audience: { label, count } });
  },

  'chat:history': ({ room, person }) => ok({ messages: room.state.historyFor(person.id) }),

  'typing:set': ({ room, person }, { active }) => {
    if (person.space === LOBBY && !isMediatorRole(person.role)) return fail(ErrorCode.NOT_ADMITTED, 'You are in the waiting room; the mediator will bring you in.');
    room.setTyping(person.id, person.space, active);
    return ok({});
  },

  'knock:send': async ({ room, person }, { message }) => {
    const r = room.state.knock(person.id, message);
    if (!r.ok) return r;
    room.audit(person.id, 'knock.sent', { space: person.space });
    await room.commit(r.data);
    return ok({ knock: r.data.knock });
  },

  'hand:set': async ({ room, person }, { raised }) => {
    const r = room.state.setHand(person.id, raised);
    if (!r.ok) return r;
    await room.commit(r.data);
    return ok({});
  },

  'space:enter': async ({ room, person }, { space }) => {
    const r = room.state.enter(person.id, space);
    if (!r.ok) return r;
    await room.commit(r.data);
    if (r.data.moves.length > 0) room.audit(person.id, 'space.entered', { space });
    return ok({});
  },
};
