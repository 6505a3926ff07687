/**
 * The room's pure state: who is in which space, the spaces, knocks, settings. No sockets, no media,
 * no timers. The orchestrating `Room` validates a whole command against this state first and only
 * then mutates it, so a rejected command changes nothing.
 */
import crypto from 'node:crypto';
import {
  isMediatorRole,
  JOINT,
  LOBBY,
  type Knock,
  type ParticipantSnapshot,
  type RoomSnapshot,
  type SessionSettings,
  type SpaceId,
  type SpaceSnapshot,
} from '@mediation/shared';
import type { ParticipantRecord, SessionRecord } from '../../contracts.js';

export interface PersonState extends ParticipantSnapshot {
  plannedSpace: SpaceId | null;
  /** Has been let out of the waiting room at least once in this room's life. */
  admitted: boolean;
  removed: boolean;
  /** A name correction the person asked for, until a mediator approves or declines it. */
  proposedName: string | null;
}

export class RoomState {
  readonly sessionId: string;
  title: string;
  settings: SessionSettings;
  lobbyMessage: string;
  endedAt: number | null;
  readonly people = new Map<string, PersonState>();
  readonly spaces = new Map<SpaceId, SpaceSnapshot>();
  knocks: Knock[] = [];

  constructor(session: SessionRecord, participants: ParticipantRecord[]) {
    this.sessionId = session.id;
    this.title = session.title;
    this.settings = session.settings;
    this.lobbyMessage = session.lobbyMessage;
    this.endedAt = session.endedAt;
    this.spaces.set(LOBBY, emptySpace(LOBBY, 'Waiting room'));
    this.spaces.set(JOINT, emptySpace(JOINT, 'Joint session'));
    for (const p of participants) this.addPerson(p);
  }

  addPerson(p: ParticipantRecord): PersonState {
    const person: PersonState = {
      id: p.id,
      displayName: p.displayName,
      role: p.role,
      side: p.side,
      space: isMediatorRole(p.role) ? JOINT : LOBBY,
      online: false,
      audioMuted: true,
      videoMuted: true,
      handRaised: false,
      plannedSpace: p.plannedSpace,
      admitted: isMediatorRole(p.role),
      removed: p.revoked,
      proposedName: null,
    };
    this.people.set(p.id, person);
    return person;
  }

  person(id: string): PersonState | undefined {
    const p = this.people.get(id);
    return p && !p.removed ? p : undefined;
  }

  online(): PersonState[] {
    return [...this.people.values()].filter((p) => p.online && !p.removed);
  }

  membersOf(space: SpaceId): PersonState[] {
    return this.online().filter((p) => p.space === space);
  }

  hasSpace(space: SpaceId): boolean {
    return this.spaces.has(space);
  }

  caucusCount(): number {
    return this.spaces.size - 2;
  }

  /** Where someone goes when they leave the waiting room: their planned caucus if it still exists. */
  admissionTarget(p: PersonState): SpaceId {
    return p.plannedSpace && p.plannedSpace !== LOBBY && this.hasSpace(p.plannedSpace) ? p.plannedSpace : JOINT;
  }

  /** Where someone is placed on joining: mediators in joint, others back where they were once admitted. */
  placementOnJoin(p: PersonState): SpaceId {
    if (isMediatorRole(p.role)) return this.hasSpace(p.space) && p.space !== LOBBY ? p.space : JOINT;
    if (p.admitted) return this.hasSpace(p.space) ? p.space : JOINT;
    return this.settings.waitingRoom ? LOBBY : this.admissionTarget(p);
  }

  newCaucusId(): SpaceId {
    return `caucus:${crypto.randomBytes(6).toString('base64url')}`;
  }

  snapshot(): RoomSnapshot {
    return {
      sessionId: this.sessionId,
      title: this.title,
      settings: this.settings,
      lobbyMessage: this.lobbyMessage,
      participants: [...this.people.values()].filter((p) => !p.removed).map((p) => ({
        id: p.id, displayName: p.displayName, role: p.role, side: p.side, space: p.space, online: p.online,
        audioMuted: p.audioMuted, videoMuted: p.videoMuted, handRaised: p.handRaised, proposedName: p.proposedName,
      })),
      spaces: [...this.spaces.values()].map((s) => ({ ...s })),
      knocks: this.knocks.map((k) => ({ ...k })),
      endedAt: this.endedAt,
    };
  }
}

export function emptySpace(id: SpaceId, name: string): SpaceSnapshot {
  return { id, name, timerEndsAt: null, timerLabel: null, timerExpired: false, talking: false, mediatorLastVisitAt: null };
}
