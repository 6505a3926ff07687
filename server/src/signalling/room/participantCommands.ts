/** What everyone in the room may do: chat, typing, knock, hand, history, and roaming when allowed. */
import crypto from 'node:crypto';
import { can, ErrorCode, fail, isMediatorRole, LOBBY, ok, type ChatMessage } from '@mediation/shared';
import { dmThread } from '../chat.js';
import type { CommandContext, HandlerTable } from './commandTypes.js';
import type { Audience } from '../egress.js';

type ParticipantRequest = 'chat:send' | 'chat:history' | 'typing:set' | 'knock:send' | 'hand:set' | 'space:enter';

const waiting = (c: CommandContext) => c.person.space === LOBBY && !isMediatorRole(c.person.role);
const notAdmitted = () => fail(ErrorCode.NOT_ADMITTED, 'You are in the waiting room; the mediator will bring you in.');
const plural = (n: number) => `${n} ${n === 1 ? 'person' : 'people'}`;

export const participantCommands: HandlerTable<ParticipantRequest> = {
  'chat:send': ({ room, person }, { to, text }) => {
    // Observers do not write in a space's chat, but may write privately to the mediators.
    const allowed = to.kind === 'mediators' ? can(person.role, 'messageMediator') : can(person.role, 'chat');
    if (!allowed) return fail(ErrorCode.FORBIDDEN, 'Observers write only privately to the mediators.');
    if (person.space === LOBBY && !isMediatorRole(person.role)) return notAdmitted();
    const online = room.state.online();
    const mediators = online.filter((p) => isMediatorRole(p.role));
    let thread: string;
    let audience: Audience;
    let readers: string[];
    let label: string;
    if (to.kind === 'space') {
      thread = person.space;
      audience = { kind: 'space', space: person.space, channel: 'chat' };
      readers = [...new Set([...room.state.membersOf(person.space), ...mediators].map((p) => p.id))];
      label = `${room.state.spaces.get(person.space)?.name ?? person.space} (${plural(readers.length - 1)})`;
    } else if (to.kind === 'mediators') {
      thread = dmThread(person.id);
      audience = { kind: 'privateLine', participantId: person.id };
      readers = [...new Set([person.id, ...mediators.map((p) => p.id)])];
      label = `Mediators only (${plural(readers.length - 1)})`;
    } else {
      if (!isMediatorRole(person.role)) return fail(ErrorCode.FORBIDDEN, 'Only mediators write privately to one participant.');
      const target = room.state.person(to.participantId);
      if (!target) return fail(ErrorCode.NOT_FOUND, 'No such participant in this session.');
      if (isMediatorRole(target.role)) return fail(ErrorCode.BAD_REQUEST, 'Write to mediators with the mediators line.');
      // Nothing reaches the waiting room but its own message (the policy); say so instead of queueing.
      if (target.space === LOBBY) return fail(ErrorCode.CONFLICT, `${target.displayName} is in the waiting room; use the waiting-room message.`);
      thread = dmThread(target.id);
      audience = { kind: 'privateLine', participantId: target.id };
      readers = [...new Set([target.id, ...mediators.map((p) => p.id)])];
      label = `${target.displayName} and the mediators (private)`;
    }
    const message: ChatMessage = { id: crypto.randomUUID(), thread, fromId: person.id, fromName: person.displayName, fromRole: person.role, text, at: Date.now() };
    room.chat.append(message, readers);
    room.sendToAll('chat:message', message, audience);
    return ok({ message, audience: { label, count: readers.length - 1 } });
  },

  'chat:history': ({ room, person }) => ok({ messages: room.chat.historyFor({ id: person.id, mediator: isMediatorRole(person.role), space: person.space }) }),

  'typing:set': (c, { active }) => {
    if (waiting(c)) return notAdmitted();
    c.room.setTyping(c.person.id, c.person.space, active);
    return ok({});
  },

  'knock:send': (c, { message }) => {
    const { room, person } = c;
    if (!can(person.role, 'knock')) return fail(ErrorCode.FORBIDDEN, 'Mediators and observers do not knock.');
    if (waiting(c)) return notAdmitted();
    if (room.state.knocks.some((k) => k.fromId === person.id)) return fail(ErrorCode.CONFLICT, 'You already asked for the mediator; they will come.');
    const knock = { id: crypto.randomUUID(), fromId: person.id, fromName: person.displayName, space: person.space, message, at: Date.now() };
    room.state.knocks.push(knock);
    room.audit(person.id, 'knock.sent', { space: person.space });
    room.publishState();
    return ok({ knock });
  },

  'hand:set': ({ room, person }, { raised }) => {
    if (person.handRaised !== raised) {
      person.handRaised = raised;
      room.publishState();
    }
    return ok({});
  },

  'space:enter': (c, { space }) => {
    const { room, person } = c;
    const mediator = isMediatorRole(person.role);
    if (!mediator) {
      if (!room.state.settings.allowRoaming || !can(person.role, 'roam')) return fail(ErrorCode.FORBIDDEN, 'Only the mediator moves people between rooms in this session.');
      if (waiting(c)) return notAdmitted();
    }
    if (space === LOBBY) return fail(ErrorCode.FORBIDDEN, 'Nobody enters the waiting room by choice.');
    if (!room.state.hasSpace(space)) return fail(ErrorCode.NOT_FOUND, 'No such room.');
    const moved = room.relocate([person.id], space);
    if (moved.length > 0) room.audit(person.id, 'space.entered', { space });
    return ok({});
  },
};
