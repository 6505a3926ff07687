/** What everyone in the room may do: chat, typing, knock, hand, history, and roaming when allowed. */
import { ErrorCode, fail, isMediatorRole, LOBBY, ok } from '@mediation/shared';
import type { HandlerTable } from './commandTypes.js';

type ParticipantRequest = 'chat:send' | 'chat:history' | 'typing:set' | 'knock:send' | 'hand:set' | 'space:enter';

export const participantCommands: HandlerTable<ParticipantRequest> = {
  'chat:send': ({ room, person }, { to, text }) => {
    const r = room.state.say(person.id, to, text);
    if (!r.ok) return r;
    const { message, audience, label, count, readers } = r.data;
    room.keepChat(message, readers);
    room.sendToAll('chat:message', message, audience);
    return ok({ message, audience: { label, count } });
  },

  'chat:history': ({ room, person }) => ok({ messages: room.state.historyFor(person.id) }),

  'typing:set': ({ room, person }, { active }) => {
    if (person.space === LOBBY && !isMediatorRole(person.role)) return fail(ErrorCode.NOT_ADMITTED, 'You are in the waiting room; the mediator will bring you in.');
    room.setTyping(person.id, person.space, active);
    return ok({});
  },

  'knock:send': ({ room, person }, { message }) =>
    room.accept(room.state.knock(person.id, message), ({ knock }) => {
      room.audit(person.id, 'knock.sent', { space: knock.space });
      return { knock };
    }),

  'hand:set': ({ room, person }, { raised }) => room.accept(room.state.setHand(person.id, raised), () => ({})),

  'space:enter': ({ room, person }, { space }) =>
    room.accept(room.state.enter(person.id, space), (c) => {
      if (c.moves.length > 0) room.audit(person.id, 'space.entered', { space });
      return {};
    }),
};
