/**
 * Mediator controls. The dispatcher has already checked `can(role, 'control')`. Each handler
 * validates the whole command against the current state before changing anything.
 */
import { ErrorCode, fail, isMediatorRole, JOINT, LIMITS, LOBBY, ok, type Result, type SpaceId } from '@mediation/shared';
import { mayCutOff } from '../../auth/authority.js';
import type { HandlerTable } from './commandTypes.js';
import type { Room } from './room.js';
import type { PersonState } from './roomState.js';
import { emptySpace } from './roomState.js';

/** Name changes are in identityCommands.ts. */
type ControlRequest = Exclude<Extract<import('@mediation/shared').RequestName, `control:${string}`>, 'control:renameParticipant' | 'control:answerNameProposal'>;

/** Every id must name someone in this session; otherwise nothing happens. */
function resolvePeople(room: Room, ids: readonly string[]): Result<PersonState[]> {
  const people: PersonState[] = [];
  for (const id of new Set(ids)) {
    const p = room.state.person(id);
    if (!p) return fail(ErrorCode.NOT_FOUND, `No such participant: ${id}.`);
    people.push(p);
  }
  return ok(people);
}

function existingSpace(room: Room, space: SpaceId, opts: { lobbyAllowed?: boolean } = {}): Result<SpaceId> {
  if (!room.state.hasSpace(space)) return fail(ErrorCode.NOT_FOUND, `No such room: ${space}.`);
  if (space === LOBBY && !opts.lobbyAllowed) return fail(ErrorCode.BAD_REQUEST, 'Use hold to send someone to the waiting room.');
  return ok(space);
}

/** Admits each person to their planned caucus (if it exists) or the joint room. */
function admit(room: Room, people: PersonState[]): string[] {
  const byTarget = new Map<SpaceId, string[]>();
  for (const p of people) {
    const target = room.state.admissionTarget(p);
    byTarget.set(target, [...(byTarget.get(target) ?? []), p.id]);
  }
  const admitted: string[] = [];
  for (const [target, ids] of byTarget) admitted.push(...room.relocate(ids, target));
  return admitted;
}

/** Admits and records who was let in, whichever way (explicit admit or the waiting room turned off). */
function admitAudited(room: Room, actorId: string, people: PersonState[]): string[] {
  const admitted = admit(room, people);
  if (admitted.length > 0) room.audit(actorId, 'participants.admitted', { participantIds: admitted });
  return admitted;
}

export const controlCommands: HandlerTable<ControlRequest> = {
  'control:admit': ({ room, person }, { participantIds, all }) => {
    let people: PersonState[];
    if (all) {
      people = room.state.online().filter((p) => p.space === LOBBY);
    } else {
      const r = resolvePeople(room, participantIds ?? []);
      if (!r.ok) return r;
      const notWaiting = r.data.find((p) => p.space !== LOBBY);
      if (notWaiting) return fail(ErrorCode.CONFLICT, `${notWaiting.displayName} is not in the waiting room.`);
      people = r.data;
    }
    return ok({ admitted: admitAudited(room, person.id, people) });
  },

  'control:hold': ({ room, person }, { participantIds }) => {
    const r = resolvePeople(room, participantIds);
    if (!r.ok) return r;
    const mediator = r.data.find((p) => isMediatorRole(p.role));
    if (mediator) return fail(ErrorCode.CONFLICT, `${mediator.displayName} is a mediator; mediators do not wait.`);
    const held = room.relocate(r.data.map((p) => p.id), LOBBY);
    if (held.length > 0) room.audit(person.id, 'participants.held', { participantIds: held });
    return ok({});
  },

  'control:move': ({ room, person }, { participantIds, to }) => {
    const space = existingSpace(room, to);
    if (!space.ok) return space;
    const r = resolvePeople(room, participantIds);
    if (!r.ok) return r;
    const moved = room.relocate(r.data.map((p) => p.id), to);
    if (moved.length > 0) room.audit(person.id, 'participants.moved', { participantIds: moved, to });
    return ok({ moved });
  },

  'control:allToJoint': ({ room, person }) => {
    const ids = [...room.state.people.values()].filter((p) => !p.removed && p.space !== LOBBY && p.space !== JOINT).map((p) => p.id);
    const moved = room.relocate(ids, JOINT);
    if (moved.length > 0) room.audit(person.id, 'participants.moved', { participantIds: moved, to: JOINT });
    return ok({ moved });
  },

  'control:createSpace': ({ room, person }, { name }) => {
    if (room.state.caucusCount() >= LIMITS.maxCaucuses) return fail(ErrorCode.CONFLICT, `At most ${LIMITS.maxCaucuses} caucuses.`);
    const id = room.state.newCaucusId();
    room.state.spaces.set(id, emptySpace(id, name));
    room.audit(person.id, 'space.created', { space: id, name });
    room.publishState();
    return ok({ space: id });
  },

  'control:renameSpace': ({ room, person }, { space, name }) => {
    const s = room.state.spaces.get(space);
    if (!s) return fail(ErrorCode.NOT_FOUND, `No such room: ${space}.`);
    if (space === LOBBY) return fail(ErrorCode.BAD_REQUEST, 'The waiting room keeps its name.');
    const from = s.name;
    s.name = name;
    room.audit(person.id, 'space.renamed', { space, from, to: name });
    room.publishState();
    return ok({});
  },

  'control:closeSpace': ({ room, person }, { space, sendTo }) => {
    if (space === JOINT || space === LOBBY) return fail(ErrorCode.CONFLICT, 'The joint room and the waiting room cannot be closed.');
    if (!room.state.hasSpace(space)) return fail(ErrorCode.NOT_FOUND, `No such room: ${space}.`);
    if (sendTo === space) return fail(ErrorCode.BAD_REQUEST, 'Send its members somewhere else.');
    const dest = existingSpace(room, sendTo, { lobbyAllowed: true });
    if (!dest.ok) return dest;
    const inside = [...room.state.people.values()].filter((p) => !p.removed && p.space === space);
    const moved = [
      ...room.relocate(inside.filter((p) => !(isMediatorRole(p.role) && sendTo === LOBBY)).map((p) => p.id), sendTo),
      ...room.relocate(inside.filter((p) => isMediatorRole(p.role) && sendTo === LOBBY).map((p) => p.id), JOINT),
    ];
    room.timers.clear(space);
    room.state.spaces.delete(space);
    room.audit(person.id, 'space.closed', { space, sendTo, moved });
    room.publishState();
    return ok({ moved });
  },

  'control:broadcast': ({ room, person }, { text, to }) => {
    if (to !== 'all') {
      const s = existingSpace(room, to);
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

  'control:setTimer': ({ room, person }, { space, seconds, label }) => {
    const s = existingSpace(room, space);
    if (!s.ok) return s;
    const snap = room.state.spaces.get(space)!;
    room.timers.clear(space);
    // Clearing or restarting is what ends "time is up".
    snap.timerExpired = false;
    if (seconds === null) {
      snap.timerEndsAt = null;
      snap.timerLabel = null;
    } else {
      snap.timerEndsAt = Date.now() + seconds * 1000;
      snap.timerLabel = label || null;
      const endsAt = snap.timerEndsAt;
      room.timers.set(space, endsAt, () => void room.run(() => {
        const current = room.state.spaces.get(space);
        if (!current || current.timerEndsAt !== endsAt) return;
        // The countdown stays at zero, label kept, until the mediator clears or restarts it, so
        // anyone arriving or reconnecting (and the tower) still sees that time is up.
        current.timerExpired = true;
        room.sendToAll('timer:expired', { space, label: current.timerLabel }, { kind: 'space', space, channel: 'timer' });
        room.publishState();
      }));
    }
    room.audit(person.id, 'timer.set', { space, seconds, label });
    room.publishState();
    return ok({});
  },

  'control:answerKnock': ({ room, person }, { knockId, reply, join }) => {
    const knock = room.state.knocks.find((k) => k.id === knockId);
    if (!knock) return fail(ErrorCode.NOT_FOUND, 'No such knock (perhaps another mediator answered it).');
    const knocker = room.state.person(knock.fromId);
    room.state.knocks = room.state.knocks.filter((k) => k.id !== knockId);
    room.sendTo(knock.fromId, 'knock:answered', { knockId, reply: reply ?? null, byName: person.displayName }, { kind: 'privateLine', participantId: knock.fromId });
    if (join && knocker && knocker.space !== LOBBY && room.state.hasSpace(knocker.space)) room.relocate([person.id], knocker.space);
    room.audit(person.id, 'knock.answered', { knockId, fromId: knock.fromId, joined: join, replied: !!reply });
    room.publishState();
    return ok({});
  },

  'control:setLobbyMessage': ({ room, person }, { text }) => {
    room.state.lobbyMessage = text;
    room.ctx.storage.updateSession(room.sessionId, { lobbyMessage: text });
    room.audit(person.id, 'lobby.message', { text });
    room.publishState();
    return ok({});
  },

  'control:updateSettings': ({ room, person }, patch) => {
    const before = room.state.settings;
    const settings = { ...before, ...patch };
    room.state.settings = settings;
    room.ctx.storage.updateSession(room.sessionId, { settings });
    room.audit(person.id, 'settings.updated', { ...patch });
    // Turning the waiting room off lets everyone waiting in.
    if (before.waitingRoom && !settings.waitingRoom) admitAudited(room, person.id, room.state.online().filter((p) => p.space === LOBBY));
    // Open Yjs connections' write access depends on partiesEditAgreement: collab recomputes it now.
    room.ctx.hooks.settingsChanged({ sessionId: room.sessionId, settings });
    room.publishState();
    return ok({});
  },

  'control:planAssignment': ({ room, person }, { participantId, space }) => {
    const target = room.state.person(participantId);
    if (!target) return fail(ErrorCode.NOT_FOUND, 'No such participant in this session.');
    if (space !== null) {
      const s = existingSpace(room, space);
      if (!s.ok) return s;
    }
    target.plannedSpace = space;
    room.ctx.storage.updateParticipant(participantId, { plannedSpace: space });
    room.audit(person.id, 'assignment.planned', { participantId, space });
    return ok({});
  },

  'control:auditLog': ({ room }) => ok({ entries: room.ctx.storage.listAudit(room.sessionId) }),

  'control:remove': ({ room, person }, { participantId }) => {
    const target = room.state.person(participantId);
    if (!target) return fail(ErrorCode.NOT_FOUND, 'No such participant in this session.');
    const allowed = mayCutOff(person, target, 'remove');
    if (!allowed.ok) return allowed;
    const live = room.members.get(participantId);
    if (live) room.evict(live, 'removed');
    target.removed = true;
    room.state.knocks = room.state.knocks.filter((k) => k.fromId !== participantId);
    room.ctx.revokeParticipant(room.sessionId, participantId, { id: person.id, name: person.displayName });
    room.publishState();
    return ok({});
  },

  'control:endSession': ({ room, person }) => {
    room.state.endedAt = Date.now();
    room.ctx.storage.updateSession(room.sessionId, { endedAt: room.state.endedAt });
    // Acknowledge first, then close every connection (including the mediator's).
    setImmediate(() => void room.run(() => room.end(person.id)));
    return ok({});
  },
};
