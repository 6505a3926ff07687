/**
 * Mediator controls. The dispatcher has already checked `can(role, 'control')`. Each handler asks
 * the room state for the change (the state validates the whole command and refuses it without
 * changing anything), commits what changed, and audits it.
 */
import { ErrorCode, fail, JOINT, LOBBY, ok, type RequestName } from '@mediation/shared';
import { notSigned, unsignedAmong } from './admissionGate.js';
import { mayCutOff } from '../../auth/authority.js';
import type { HandlerTable } from './commandTypes.js';

/** Name changes are in identityCommands.ts. */
type ControlRequest = Exclude<Extract<RequestName, `control:${string}`>, 'control:renameParticipant' | 'control:answerNameProposal'>;

export const controlCommands: HandlerTable<ControlRequest> = {
  'control:admit': async ({ room, person }, { participantIds, all }) => {
    // Nobody who must sign the agreement to mediate (and has not) is admitted: named people are
    // refused with NOT_SIGNED; "admit everyone" leaves them waiting and admits the rest.
    const asked = all ? room.state.online().filter((p) => p.space === LOBBY) : (participantIds ?? []).flatMap((id) => room.state.person(id) ?? []);
    const unsigned = await unsignedAmong(room.ctx.stores.intake.agreementToMediate, room.sessionId, asked);
    if (!all && unsigned[0]) return notSigned(unsigned[0]);
    const ids = !all ? (participantIds ?? []) : unsigned.length > 0 ? asked.filter((p) => !unsigned.includes(p)).map((p) => p.id) : 'all';
    const r = room.state.admit(ids);
    if (!r.ok) return r;
    await room.commit(r.data);
    if (r.data.admitted.length > 0) room.audit(person.id, 'participants.admitted', { participantIds: r.data.admitted });
    return ok({ admitted: r.data.admitted });
  },

  'control:hold': async ({ room, person }, { participantIds }) => {
    const r = room.state.hold(participantIds);
    if (!r.ok) return r;
    await room.commit(r.data);
    const held = r.data.moves.map((m) => m.participantId);
    if (held.length > 0) room.audit(person.id, 'participants.held', { participantIds: held });
    return ok({});
  },

  'control:move': async ({ room, person }, { participantIds, to }) => {
    const r = room.state.move(participantIds, to);
    if (!r.ok) return r;
    await room.commit(r.data);
    const moved = r.data.moves.map((m) => m.participantId);
    if (moved.length > 0) room.audit(person.id, 'participants.moved', { participantIds: moved, to });
    return ok({ moved });
  },

  'control:allToJoint': async ({ room, person }) => {
    const r = room.state.allToJoint();
    if (!r.ok) return r;
    await room.commit(r.data);
    const moved = r.data.moves.map((m) => m.participantId);
    if (moved.length > 0) room.audit(person.id, 'participants.moved', { participantIds: moved, to: JOINT });
    return ok({ moved });
  },

  'control:createSpace': async ({ room, person }, { name }) => {
    const r = room.state.createSpace(name);
    if (!r.ok) return r;
    room.audit(person.id, 'space.created', { space: r.data.space, name });
    await room.commit(r.data);
    return ok({ space: r.data.space });
  },

  'control:renameSpace': async ({ room, person }, { space, name }) => {
    const r = room.state.renameSpace(space, name);
    if (!r.ok) return r;
    room.audit(person.id, 'space.renamed', { space, from: r.data.from, to: name });
    await room.commit(r.data);
    return ok({});
  },

  'control:closeSpace': async ({ room, person }, { space, sendTo }) => {
    const r = room.state.closeSpace(space, sendTo);
    if (!r.ok) return r;
    await room.commit(r.data);
    room.audit(person.id, 'space.closed', { space, sendTo, moved: r.data.moved });
    return ok({ moved: r.data.moved });
  },

  'control:broadcast': ({ room, person }, { text, to }) => {
    if (to !== 'all') {
      const s = room.state.existingSpace(to);
      if (!s.ok) return s;
    }
    const at = Date.now();
    for (const m of room.members.values()) {
      const viewer = room.viewerOf(m.participantId);
      if (!viewer) continue;
      // "All" means each space hears it as said in that space; the waiting room has its own message.
      const space = to === 'all' ? viewer.space : to;
      room.sendTo(m.participantId, 'broadcast:message', { text, fromName: person.displayName, at, to }, { kind: 'space', space, channel: 'broadcast' });
    }
    room.audit(person.id, 'broadcast.sent', { to, text });
    return ok({});
  },

  'control:setTimer': async ({ room, person }, { space, seconds, label }) => {
    const r = room.state.setTimer(space, seconds, label);
    if (!r.ok) return r;
    room.audit(person.id, 'timer.set', { space, seconds, label });
    await room.commit(r.data);
    return ok({});
  },

  'control:answerKnock': async ({ room, person }, { knockId, reply, join }) => {
    const r = room.state.answerKnock(person.id, knockId, join);
    if (!r.ok) return r;
    const { knock } = r.data;
    room.sendTo(knock.fromId, 'knock:answered', { knockId, reply: reply ?? null, byName: person.displayName }, { kind: 'privateLine', participantId: knock.fromId });
    await room.commit(r.data);
    room.audit(person.id, 'knock.answered', { knockId, fromId: knock.fromId, joined: join, replied: !!reply });
    return ok({});
  },

  'control:setLobbyMessage': async ({ room, person }, { text }) => {
    const r = room.state.setLobbyMessage(text);
    if (!r.ok) return r;
    await room.commit(r.data);
    room.audit(person.id, 'lobby.message', { text });
    return ok({});
  },

  'control:updateSettings': async ({ room, person }, patch) => {
    const r = room.state.updateSettings(patch);
    if (!r.ok) return r;
    room.audit(person.id, 'settings.updated', { ...patch });
    // Turning the waiting room off let everyone waiting in.
    if (r.data.admitted.length > 0) room.audit(person.id, 'participants.admitted', { participantIds: r.data.admitted });
    await room.commit(r.data);
    return ok({});
  },

  'control:planAssignment': async ({ room, person }, { participantId, space }) => {
    const r = room.state.planAssignment(participantId, space);
    if (!r.ok) return r;
    await room.commit(r.data);
    room.audit(person.id, 'assignment.planned', { participantId, space });
    return ok({});
  },

  'control:auditLog': async ({ room }) => ok({ entries: await room.ctx.stores.sessions.listAudit(room.sessionId) }),

  'control:remove': async ({ room, person }, { participantId }) => {
    const target = room.state.person(participantId);
    if (!target) return fail(ErrorCode.NOT_FOUND, 'No such participant in this session.');
    const allowed = mayCutOff(person, target, 'remove');
    if (!allowed.ok) return allowed;
    room.remove(participantId, 'removed');
    // Withdraws the link (stored, audited) and tells every feature; the room's part is done above.
    await room.ctx.revokeParticipant(room.sessionId, participantId, { id: person.id, name: person.displayName });
    return ok({});
  },

  'control:endSession': ({ room, person }) => room.end(person.id),
};
