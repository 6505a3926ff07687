/** How the control tower lays out a room: pure, so ordering and grouping are unit-tested. */
import { JOINT, LOBBY, type ParticipantView, type RoomView, type SpaceView } from '@mediation/shared';

/** Waiting room first, then joint, then caucuses in the server's order. The waiting room is
 * always shown (as a drop target for "hold") even if the server lists no such space. */
export function towerSpaces(room: RoomView): SpaceView[] {
  const lobby = room.spaces.find((s) => s.id === LOBBY) ?? {
    id: LOBBY,
    name: 'Waiting room',
    memberIds: room.participants.filter((p) => p.online && p.whereabouts === LOBBY).map((p) => p.id),
    timerEndsAt: null,
    timerLabel: null,
    mediatorPresent: false,
  };
  const joint = room.spaces.filter((s) => s.id === JOINT);
  const caucuses = room.spaces.filter((s) => s.id !== LOBBY && s.id !== JOINT);
  return [lobby, ...joint, ...caucuses];
}

export function membersOf(room: RoomView, spaceId: string): ParticipantView[] {
  return room.participants.filter((p) => p.online && p.whereabouts === spaceId);
}

/** Invited people who are not connected: the ones a mediator plans assignments for. */
export function notHereYet(room: RoomView): ParticipantView[] {
  return room.participants.filter((p) => !p.online && p.id !== room.self.id);
}

/** Drops ids of people who are no longer listed, so a selection never names someone gone. */
export function pruneSelection(selected: ReadonlySet<string>, room: RoomView): Set<string> {
  const present = new Set(room.participants.filter((p) => p.online).map((p) => p.id));
  return new Set([...selected].filter((id) => present.has(id)));
}
