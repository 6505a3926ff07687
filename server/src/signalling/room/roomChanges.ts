/**
 * What a state change changed, as `RoomState` reports it. The room (room.ts) acts on these records
 * only: media and documents follow `moves`, knockers hear `settled`, countdowns follow `timers`,
 * storage gets `session` and `participants`. A command's handler never re-derives any of it.
 */
import type { Binding, Knock, Role, SessionSettings, SpaceId } from '@mediation/shared';

/** Someone's space changed (online or not; only an online person's move reaches other features). */
export interface Move {
  participantId: string;
  role: Role;
  from: SpaceId;
  to: SpaceId;
  online: boolean;
}

/** A knock that needs no answer any more: a mediator is now where the knocker is. */
export interface SettledKnock {
  knock: Knock;
  byName: string;
}

/** A space's countdown to (re)schedule at `endsAt`, or to cancel (`null`). */
export interface TimerChange {
  space: SpaceId;
  endsAt: number | null;
}

export interface SessionPatch {
  settings?: SessionSettings;
  lobbyMessage?: string;
  endedAt?: number;
}

export interface ParticipantPatch {
  participantId: string;
  displayName?: string;
  plannedSpace?: SpaceId | null;
  interpretsFor?: Binding | null;
}

export interface Change {
  moves: Move[];
  settled: SettledKnock[];
  timers: TimerChange[];
  /** Fields of the session record to store. */
  session: SessionPatch | null;
  /** Fields of participant records to store. */
  participants: ParticipantPatch[];
}

export const noChange = (): Change => ({ moves: [], settled: [], timers: [], session: null, participants: [] });

/** A person came online, placed in `space`. */
export interface Connected {
  participantId: string;
  space: SpaceId;
  /** Interpreters and captioners who joined this person where they were placed (moves to commit). */
  followers: Change;
}

/** A person went offline from `from`. */
export interface Disconnected {
  participantId: string;
  from: SpaceId;
}

/** A person is out of the session for good: everything that was theirs in the room is gone. */
export interface Removal {
  participantId: string;
  /** Their open knocks, dropped with them. */
  droppedKnocks: Knock[];
  /** Interpreters or captioners of their side who went where the side now is (moves to commit). */
  followers: Change;
}
