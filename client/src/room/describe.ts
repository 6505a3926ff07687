/** Plain-language descriptions of where a person is and who reads what they write. Pure, so the
 * exact wording is unit-tested; the server enforces isolation, this only explains it. */
import { followerLabel, isMediatorRole, JOINT, LOBBY, type ChatTarget, type ParticipantView, type Role, type RoomView, type SpaceId } from '@mediation/shared';

export const ROLE_LABEL: Record<Role, string> = {
  mediator: 'mediator',
  comediator: 'co-mediator',
  party: 'party',
  attorney: 'attorney',
  observer: 'observer',
  interpreter: 'interpreter',
  captioner: 'captioner',
};

/** The role as people read it; an interpreter or captioner says whom they serve and the language
 * ("Interpreter for Ana (Spanish)"). */
export function roleLabel(p: Pick<ParticipantView, 'role' | 'interpretsFor' | 'interpretationLanguage'>, participants: readonly Pick<ParticipantView, 'id' | 'displayName'>[]): string {
  return followerLabel(p, (id) => participants.find((x) => x.id === id)?.displayName) ?? ROLE_LABEL[p.role];
}

export function spaceName(room: RoomView, space: SpaceId | string): string {
  const found = room.spaces.find((s) => s.id === space);
  if (found) return found.name;
  if (space === LOBBY) return 'Waiting room';
  if (space === JOINT) return 'Joint session';
  return 'a caucus';
}

/** People (other than me) who are in my space right now, as the server's projection says. */
export function companions(room: RoomView): ParticipantView[] {
  return room.participants.filter((p) => p.id !== room.self.id && p.online && p.whereabouts === room.self.space);
}

const named = (p: ParticipantView) => `${p.displayName} (${ROLE_LABEL[p.role]})`;

export function listNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

export interface WhereAmI {
  spaceName: string;
  withText: string;
  hearing: string;
  sentence: string;
}

export function whereAmI(room: RoomView): WhereAmI {
  const space = room.self.space;
  const name = spaceName(room, space);
  if (space === LOBBY) {
    const hearing = 'No one can see or hear you until the mediator lets you in.';
    return { spaceName: name, withText: '', hearing, sentence: `You are in: the waiting room. ${hearing}` };
  }
  const others = companions(room);
  const withText = others.length ? others.map(named).join(', ') : 'no one else yet';
  let hearing: string;
  if (room.self.role === 'observer') {
    // Observers send nothing: "they can see and hear you" would be false.
    hearing = 'You see and hear this room; no one sees or hears you.';
  } else if (space === JOINT) {
    hearing = 'Everyone in the joint session can see and hear you.';
  } else {
    const mySide = room.self.side;
    const outside = room.participants.filter((p) => p.online && p.id !== room.self.id && p.whereabouts !== space);
    const otherSideOutside = mySide !== null && outside.some((p) => p.side !== null && p.side !== mySide);
    hearing = otherSideOutside ? 'The other side cannot hear you.' : 'No one outside this caucus can hear you.';
  }
  return { spaceName: name, withText, hearing, sentence: `You are in: ${name}, with: ${withText}. ${hearing}` };
}

export interface Audience {
  label: string;
  count: number;
  readers: string[];
  private: boolean;
}

const people = (n: number) => `${n} ${n === 1 ? 'person' : 'people'}`;

/** Exactly who will read a chat message sent to `target` (online people, other than me). */
export function audienceFor(room: RoomView, target: ChatTarget): Audience {
  const me = room.self.id;
  const online = room.participants.filter((p) => p.online && p.id !== me);
  const mediators = online.filter((p) => isMediatorRole(p.role));
  const byId = (list: ParticipantView[]) => [...new Map(list.map((p) => [p.id, p])).values()];
  switch (target.kind) {
    case 'space': {
      // Mediators read every space's chat, even when they are elsewhere.
      const readers = byId([...online.filter((p) => p.whereabouts === room.self.space), ...mediators]);
      return { label: `To: ${spaceName(room, room.self.space)} (${people(readers.length)})`, count: readers.length, readers: readers.map((p) => p.displayName), private: false };
    }
    case 'mediators': {
      return { label: `To: the mediators only (${people(mediators.length)}), private`, count: mediators.length, readers: mediators.map((p) => p.displayName), private: true };
    }
    case 'participant': {
      const target_ = room.participants.find((p) => p.id === target.participantId);
      const readers = byId([...(target_ ? [target_] : []), ...mediators]);
      const who = target_?.displayName ?? 'this person';
      return { label: `To: ${who} and the mediators (${people(readers.length)}), private`, count: readers.length, readers: readers.map((p) => p.displayName), private: true };
    }
  }
}

/** "4:05", or "1:02:03" for an hour or more; never negative. */
export function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** "just now", "4 min ago", "1 h 5 min ago", or "never". */
export function formatSince(at: number | null | undefined, now: number): string {
  if (!at) return 'never';
  const min = Math.floor((now - at) / 60_000);
  if (min < 1) return 'just now';
  if (min < 60) return `${min} min ago`;
  return `${Math.floor(min / 60)} h ${min % 60} min ago`;
}

/** Which chat messages belong on my screen: my current space's thread and private lines. */
export function visibleThread(room: RoomView, thread: string): boolean {
  return thread === room.self.space || thread.startsWith('dm:');
}

/** Where someone else is, in words, from the (already coarse) whereabouts the server sent. */
export function whereaboutsLabel(room: RoomView, p: ParticipantView): string {
  if (!p.online || p.whereabouts === 'offline') return 'not connected';
  if (p.whereabouts === room.self.space) return 'here with you';
  if (p.whereabouts === 'caucus') return 'in a caucus';
  if (p.whereabouts === LOBBY) return 'in the waiting room';
  if (p.whereabouts === JOINT) return 'in the joint session';
  return `in ${spaceName(room, p.whereabouts)}`;
}
