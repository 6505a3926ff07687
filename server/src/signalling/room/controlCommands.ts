/**
 * Mediator controls. The dispatcher has already checked `can(role, 'control')`. Each handler asks
 * the room state for the change (the state validates the whole command and refuses it without
 * changing anything); `room.accept` commits what changed, then the handler audits it.
 */
import { ErrorCode, fail, JOINT, LOBBY, ok, type RequestName } from '@mediation/shared';
import { notSigned, unsignedAmong } from './admissionGate.js';
import { planSeparateRooms, separateOnlyOutsideJoint } from './separatePlacement.js';
import { mayCutOff } from '../../auth/authority.js';
import type { HandlerTable } from './commandTypes.js';
import type { Change } from './roomChanges.js';

/** Name changes are in identityCommands.ts. */
type ControlRequest = Exclude<Extract<RequestName, `control:${string}`>, 'control:renameParticipant' | 'control:answerNameProposal'>;

const movedIds = (c: Change) => c.moves.map((m) => m.participantId);

export const controlCommands: HandlerTable<ControlRequest> = {
  'control:admit': async ({ room, person }, { participantIds, all }) => {
    // Nobody who must sign the agreement to mediate (and has not) is admitted: named people are
    // refused with NOT_SIGNED; "admit everyone" leaves them waiting and admits the rest.
    const asked = all ? room.state.online().filter((p) => p.space === LOBBY) : (participantIds ?? []).flatMap((id) => room.state.person(id) ?? []);
    const unsigned = await unsignedAmong(room.ctx.stores.intake.agreementToMediate, room.sessionId, asked);
    for (const p of asked) room.state.markSignaturePending(p.id, unsigned.includes(p));
    if (!all && unsigned[0]) return notSigned(unsigned[0]);
    await planSeparateRooms(room, asked.filter((p) => !unsigned.includes(p)));
    const ids = !all ? (participantIds ?? []) : unsigned.length > 0 ? asked.filter((p) => !unsigned.includes(p)).map((p) => p.id) : 'all';
    return room.accept(room.state.admit(ids), ({ admitted }) => {
      if (admitted.length > 0) room.audit(person.id, 'participants.admitted', { participantIds: admitted });
      return { admitted };
    });
  },

  'control:hold': ({ room, person }, { participantIds }) =>
    room.accept(room.state.hold(participantIds), (c) => {
      const held = movedIds(c);
      if (held.length > 0) room.audit(person.id, 'participants.held', { participantIds: held });
      return {};
    }),

  'control:move': async ({ room, person }, { participantIds, to }) => {
    // Moving someone out of the waiting room admits them: the same agreement-to-mediate gate.
    const fromLobby = participantIds.flatMap((id) => room.state.person(id) ?? []).filter((p) => p.space === LOBBY);
    const unsigned = await unsignedAmong(room.ctx.stores.intake.agreementToMediate, room.sessionId, fromLobby);
    for (const p of fromLobby) room.state.markSignaturePending(p.id, unsigned.includes(p));
    if (unsigned[0]) return notSigned(unsigned[0]);
    return room.accept(room.state.move(participantIds, to), (c) => {
      const moved = movedIds(c);
      if (moved.length > 0) room.audit(person.id, 'participants.moved', { participantIds: moved, to });
      return { moved };
    });
  },

  'control:allToJoint': async ({ room, person }, { confirmSeparate }) => {
    // People whose plan is separate rooms only (intake) are not swept into joint unless confirmed.
    const kept = confirmSeparate ? [] : await separateOnlyOutsideJoint(room);
    if (kept.length > 0) return fail(ErrorCode.CONFLICT, `${kept.map((p) => p.displayName).join(', ')} should stay in separate rooms (from the intake). Confirm to bring everyone to joint anyway.`);
    return room.accept(room.state.allToJoint(), (c) => {
      const moved = movedIds(c);
      if (moved.length > 0) room.audit(person.id, 'participants.moved', { participantIds: moved, to: JOINT, ...(confirmSeparate ? { confirmedSeparate: true } : {}) });
      return { moved };
    });
  },

  'control:createSpace': ({ room, person }, { name }) =>
    room.accept(room.state.createSpace(name), ({ space }) => {
      room.audit(person.id, 'space.created', { space, name });
      return { space };
    }),

  'control:renameSpace': ({ room, person }, { space, name }) =>
    room.accept(room.state.renameSpace(space, name), ({ from }) => {
      room.audit(person.id, 'space.renamed', { space, from, to: name });
      return {};
    }),

  'control:closeSpace': ({ room, person }, { space, sendTo }) =>
    room.accept(room.state.closeSpace(space, sendTo), ({ moved }) => {
      room.audit(person.id, 'space.closed', { space, sendTo, moved });
      return { moved };
    }),

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

  'control:setTimer': ({ room, person }, { space, seconds, label }) =>
    room.accept(room.state.setTimer(space, seconds, label), () => {
      room.audit(person.id, 'timer.set', { space, seconds, label });
      return {};
    }),

  'control:answerKnock': async ({ room, person }, { knockId, reply, join }) => {
    const r = room.state.answerKnock(person.id, knockId, join);
    // The knocker hears the answer before the mediator (if joining) arrives.
    if (r.ok) room.sendTo(r.data.knock.fromId, 'knock:answered', { knockId, reply: reply ?? null, byName: person.displayName }, { kind: 'privateLine', participantId: r.data.knock.fromId });
    return room.accept(r, ({ knock }) => {
      room.audit(person.id, 'knock.answered', { knockId, fromId: knock.fromId, joined: join, replied: !!reply });
      return {};
    });
  },

  'control:setLobbyMessage': ({ room, person }, { text }) =>
    room.accept(room.state.setLobbyMessage(text), () => {
      room.audit(person.id, 'lobby.message', { text });
      return {};
    }),

  'control:updateSettings': async ({ room, person }, patch) => {
    // Turning the waiting room off lets in only those who need not (or already did) sign the agreement to mediate.
    if (patch.waitingRoom === false) {
      const waiting = room.state.online().filter((p) => p.space === LOBBY);
      const unsigned = await unsignedAmong(room.ctx.stores.intake.agreementToMediate, room.sessionId, waiting);
      for (const p of waiting) room.state.markSignaturePending(p.id, unsigned.includes(p));
    }
    return room.accept(room.state.updateSettings(patch), ({ admitted }) => {
      room.audit(person.id, 'settings.updated', { ...patch });
      // Turning the waiting room off let everyone waiting in.
      if (admitted.length > 0) room.audit(person.id, 'participants.admitted', { participantIds: admitted });
      return {};
    });
  },

  'control:planAssignment': ({ room, person }, { participantId, space }) =>
    room.accept(room.state.planAssignment(participantId, space), () => {
      room.audit(person.id, 'assignment.planned', { participantId, space });
      return {};
    }),

  'control:auditLog': async ({ room }) => ok({ entries: await room.ctx.stores.sessions.listAudit(room.sessionId) }),

  'control:remove': async ({ room, person }, { participantId }) => {
    const target = room.state.person(participantId);
    if (!target) return fail(ErrorCode.NOT_FOUND, 'No such participant in this session.');
    const allowed = mayCutOff(person, target, 'remove');
    if (!allowed.ok) return allowed;
    await room.remove(participantId, 'removed');
    // Withdraws the link (stored, audited) and tells every feature; the room's part is done above.
    await room.ctx.revokeParticipant(room.sessionId, participantId, { id: person.id, name: person.displayName });
    return ok({});
  },

  'control:endSession': ({ room, person }) => room.end(person.id),

  /** Interpreters and captioners: re-bind (they join whom they now serve in the same change) or release. */
  'control:bind': ({ room, person }, { participantId, interpretsFor }) =>
    room.accept(room.state.bind(participantId, interpretsFor), (c) => {
      room.audit(person.id, interpretsFor ? 'interpreter.bound' : 'interpreter.released', { participantId, ...(interpretsFor ? { interpretsFor } : {}), moved: movedIds(c) });
      return {};
    }),
};
