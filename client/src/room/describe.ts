/** Plain-language descriptions of where a person is and who reads what they write. Pure, so the
 * exact wording is unit-tested; the server enforces isolation, this only explains it. */
import { isFollowerRole, isMediatorRole, JOINT, LOBBY, type ChatTarget, type ParticipantView, type Role, type RoomView, type SpaceId } from '@mediation/shared';
import { i18n } from '../i18n';

// The words come from the `room` namespace in the person's language (English in the unit tests).
const t = i18n.t;
/** The role word in the current language. */
const roleWord = (role: Role): string => t('room:role', { context: role, defaultValue: ROLE_LABEL[role] });

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
  if (!isFollowerRole(p.role)) return roleWord(p.role);
  // The words of shared followerLabel (English, for the server's texts), in the person's language.
  // The interpretation language is shown as the mediator wrote it.
  const role = t('room:follower.role', { context: p.role });
  const lang = p.interpretationLanguage ? ` (${p.interpretationLanguage})` : '';
  if (!p.interpretsFor) return `${role}${lang}`;
  const binding = p.interpretsFor;
  const whom = 'participantId' in binding ? (participants.find((x) => x.id === binding.participantId)?.displayName ?? t('room:follower.theirParty')) : binding.side;
  return `${t('room:follower.for', { role, whom })}${lang}`;
}

export function spaceName(room: RoomView, space: SpaceId | string): string {
  const found = room.spaces.find((s) => s.id === space);
  // The server's built-in names are English defaults: shown in the person's language unless the
  // mediator renamed the space (then their name is shown as written).
  if (space === LOBBY && (!found || found.name === 'Waiting room')) return t('room:space.lobby');
  if (space === JOINT && (!found || found.name === 'Joint session')) return t('room:space.joint');
  if (found) return found.name;
  return t('room:space.aCaucus');
}

/** People (other than me) who are in my space right now, as the server's projection says. */
export function companions(room: RoomView): ParticipantView[] {
  return room.participants.filter((p) => p.id !== room.self.id && p.online && p.whereabouts === room.self.space);
}

const named = (p: ParticipantView) => t('room:where.named', { name: p.displayName, role: roleWord(p.role) });

export function listNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} ${t('room:where.and')} ${names[names.length - 1]}`;
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
    const hearing = t('room:where.lobbyHearing');
    return { spaceName: name, withText: '', hearing, sentence: t('room:where.lobbySentence', { hearing }) };
  }
  const others = companions(room);
  const withText = others.length ? others.map(named).join(', ') : t('room:where.noOneYet');
  let hearing: string;
  if (room.self.role === 'observer') {
    // Observers send nothing: "they can see and hear you" would be false.
    hearing = t('room:where.observer');
  } else if (space === JOINT) {
    hearing = t('room:where.joint');
  } else {
    const mySide = room.self.side;
    const outside = room.participants.filter((p) => p.online && p.id !== room.self.id && p.whereabouts !== space);
    const otherSideOutside = mySide !== null && outside.some((p) => p.side !== null && p.side !== mySide);
    hearing = otherSideOutside ? t('room:where.otherSide') : t('room:where.caucus');
  }
  return { spaceName: name, withText, hearing, sentence: t('room:where.sentence', { space: name, with: withText, hearing }) };
}

export interface Audience {
  label: string;
  count: number;
  readers: string[];
  private: boolean;
}

const people = (n: number) => t('room:audience.people', { count: n });

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
      return { label: t('room:audience.space', { space: spaceName(room, room.self.space), people: people(readers.length) }), count: readers.length, readers: readers.map((p) => p.displayName), private: false };
    }
    case 'mediators': {
      return { label: t('room:audience.mediators', { people: people(mediators.length) }), count: mediators.length, readers: mediators.map((p) => p.displayName), private: true };
    }
    case 'participant': {
      const target_ = room.participants.find((p) => p.id === target.participantId);
      const readers = byId([...(target_ ? [target_] : []), ...mediators]);
      const who = target_?.displayName ?? t('room:audience.thisPerson');
      return { label: t('room:audience.participant', { who, people: people(readers.length) }), count: readers.length, readers: readers.map((p) => p.displayName), private: true };
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
  if (!at) return t('room:since.never');
  const min = Math.floor((now - at) / 60_000);
  if (min < 1) return t('room:since.justNow');
  if (min < 60) return t('room:since.minutes', { min });
  return t('room:since.hours', { h: Math.floor(min / 60), min: min % 60 });
}

/** Which chat messages belong on my screen: my current space's thread and private lines. */
export function visibleThread(room: RoomView, thread: string): boolean {
  return thread === room.self.space || thread.startsWith('dm:');
}

/** Where someone else is, in words, from the (already coarse) whereabouts the server sent. */
export function whereaboutsLabel(room: RoomView, p: ParticipantView): string {
  if (!p.online || p.whereabouts === 'offline') return t('room:whereabouts.offline');
  if (p.whereabouts === room.self.space) return t('room:whereabouts.here');
  if (p.whereabouts === 'caucus') return t('room:whereabouts.caucus');
  if (p.whereabouts === LOBBY) return t('room:whereabouts.lobby');
  if (p.whereabouts === JOINT) return t('room:whereabouts.joint');
  return t('room:whereabouts.in', { space: spaceName(room, p.whereabouts) });
}
