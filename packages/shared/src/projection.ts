/**
 * Presence isolation: the room as one viewer may see it. The server keeps one `RoomSnapshot`
 * and sends each person `projectRoom(snapshot, theirId)`; there is no other path for presence.
 */
import { isMediatorRole, LOBBY, type Binding, type Role, type SessionSettings, type Side, type SpaceId, type ParticipantView, type SpaceView } from './domain.js';
import { canReceive, whereaboutsFor, type Viewer } from './policy.js';
import type { Knock, RoomView } from './protocol.js';

export interface ParticipantSnapshot {
  id: string;
  displayName: string;
  role: Role;
  side: Side;
  space: SpaceId;
  online: boolean;
  audioMuted: boolean;
  videoMuted: boolean;
  handRaised: boolean;
  /** A name correction the person asked for, waiting for a mediator. */
  proposedName?: string | null;
  /** Interpreters and captioners: whom they serve, and the interpretation's language. */
  interpretsFor?: Binding | null;
  interpretationLanguage?: string | null;
}

export interface SpaceSnapshot {
  id: SpaceId;
  name: string;
  timerEndsAt: number | null;
  timerLabel: string | null;
  /** Set at zero (endsAt and label kept), until the mediator clears or restarts the timer. */
  timerExpired?: boolean;
  talking: boolean;
  mediatorLastVisitAt: number | null;
}

export interface RoomSnapshot {
  sessionId: string;
  title: string;
  settings: SessionSettings;
  lobbyMessage: string;
  participants: ParticipantSnapshot[];
  spaces: SpaceSnapshot[];
  knocks: Knock[];
  endedAt: number | null;
}

export function projectRoom(room: RoomSnapshot, viewerId: string): RoomView | null {
  const me = room.participants.find((p) => p.id === viewerId);
  if (!me) return null;
  const viewer: Viewer = { id: me.id, role: me.role, space: me.space };
  const mediator = isMediatorRole(me.role);
  const inLobby = me.space === LOBBY && !mediator;

  const participants: ParticipantView[] = [];
  for (const p of room.participants) {
    if (inLobby && p.id !== me.id) continue; // the waiting room sees no one
    if (!p.online && !mediator && p.id !== me.id) continue;
    const exact = canReceive(viewer, p.space, 'presence') || p.id === me.id;
    const view: ParticipantView = {
      id: p.id,
      displayName: p.displayName,
      role: p.role,
      side: p.side,
      online: p.online,
      whereabouts: !p.online ? 'offline' : exact ? p.space : whereaboutsFor(viewer, p.space),
    };
    if (p.proposedName && (mediator || p.id === me.id)) view.proposedName = p.proposedName;
    // Whom an interpreter serves is part of who they are (like a side), not where anyone is.
    if (p.interpretsFor) view.interpretsFor = p.interpretsFor;
    if (p.interpretationLanguage) view.interpretationLanguage = p.interpretationLanguage;
    if (exact) {
      view.audioMuted = p.audioMuted;
      view.videoMuted = p.videoMuted;
      view.handRaised = p.handRaised;
    }
    participants.push(view);
  }

  const spaces: SpaceView[] = [];
  for (const s of room.spaces) {
    if (s.id === LOBBY && !mediator) continue;
    if (!canReceive(viewer, s.id, 'presence') && !(s.id === me.space)) continue;
    const members = room.participants.filter((p) => p.space === s.id && p.online);
    const view: SpaceView = {
      id: s.id,
      name: s.name,
      memberIds: members.map((p) => p.id),
      timerEndsAt: canReceive(viewer, s.id, 'timer') ? s.timerEndsAt : null,
      timerLabel: canReceive(viewer, s.id, 'timer') ? s.timerLabel : null,
      timerExpired: canReceive(viewer, s.id, 'timer') ? !!s.timerExpired : false,
      mediatorPresent: members.some((p) => isMediatorRole(p.role)),
    };
    if (mediator) {
      view.talking = s.talking;
      view.mediatorLastVisitAt = s.mediatorLastVisitAt;
    }
    spaces.push(view);
  }

  return {
    sessionId: room.sessionId,
    title: room.title,
    self: { id: me.id, displayName: me.displayName, role: me.role, side: me.side, space: me.space },
    settings: room.settings,
    lobbyMessage: room.lobbyMessage,
    participants,
    spaces,
    knocks: mediator ? room.knocks : undefined,
    endedAt: room.endedAt,
  };
}
