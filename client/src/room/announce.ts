/**
 * What the room says to a screen reader, as pure functions of two successive room states, so the
 * wording and the choice of live region (polite or assertive) are unit-tested. The Announcer
 * component only feeds them snapshots and writes the results into its two live regions.
 *
 * Everything here is read from the viewer's own room view (the server's projection): nothing is
 * announced that the page does not already show, so a caucus stays as private as the screen is.
 */
import { isMediatorRole, JOINT, LOBBY, type RoomView, type SpaceId } from '@mediation/shared';
import { spaceName, whereAmI } from './describe';
import type { Broadcast } from './state';

export type Politeness = 'polite' | 'assertive';

export interface Announcement {
  text: string;
  politeness: Politeness;
}

/** The parts of the room state announcements are made from. */
export interface AnnounceSnapshot {
  room: RoomView | null;
  broadcasts: Broadcast[];
  expiredTimer: { space: SpaceId | string; label: string | null } | null;
}

/** "the joint session", "the waiting room", or the caucus by its name. */
export function placeWords(room: RoomView, space: SpaceId | string): string {
  if (space === JOINT) return 'the joint session';
  if (space === LOBBY) return 'the waiting room';
  return spaceName(room, space);
}

const minutesWords = (ms: number): string => {
  const min = Math.max(1, Math.round(ms / 60_000));
  return `${min} minute${min === 1 ? '' : 's'}`;
};

/** What changed between two snapshots, in the order a person should hear it. */
export function announcementsBetween(prev: AnnounceSnapshot, next: AnnounceSnapshot, now: number): Announcement[] {
  const out: Announcement[] = [];
  const before = prev.room;
  const room = next.room;
  if (!room) return out;
  const mediator = isMediatorRole(room.self.role);

  // My own move: the most important thing to hear, and only when I was already in the room
  // (the first room view after loading the page is not a move).
  if (before && before.self.space !== room.self.space) {
    const here = placeWords(room, room.self.space);
    if (before.self.space === LOBBY && !mediator) {
      out.push({ text: `You were admitted to ${here}. ${whereAmI(room).hearing}`, politeness: 'polite' });
    } else if (room.self.space === LOBBY && !mediator) {
      out.push({ text: 'You were moved to the waiting room. No one can see or hear you until the mediator lets you in.', politeness: 'polite' });
    } else if (mediator) {
      out.push({ text: `You are now in ${here}.`, politeness: 'polite' });
    } else {
      out.push({ text: `You were moved to ${here}. ${whereAmI(room).hearing}`, politeness: 'polite' });
    }
  }

  if (before && mediator) {
    // Knocks reach mediators only; each is heard once, at once.
    const known = new Set((before.knocks ?? []).map((k) => k.id));
    for (const k of room.knocks ?? []) {
      if (known.has(k.id)) continue;
      const msg = k.message.trim();
      out.push({ text: `${k.fromName} knocked in ${placeWords(room, k.space)}${msg ? `: ${msg}` : ''}.`, politeness: 'assertive' });
    }
    // Arrivals in the waiting room, and admissions (by this or another mediator).
    const was = new Map(before.participants.map((p) => [p.id, p]));
    for (const p of room.participants) {
      if (p.id === room.self.id || isMediatorRole(p.role)) continue;
      const old = was.get(p.id);
      const waitingNow = p.online && p.whereabouts === LOBBY;
      const waitingBefore = !!old && old.online && old.whereabouts === LOBBY;
      if (waitingNow && !waitingBefore) out.push({ text: `${p.displayName} is waiting to be admitted.`, politeness: 'polite' });
      if (waitingBefore && p.online && p.whereabouts !== LOBBY && p.whereabouts !== 'offline') {
        out.push({ text: `${p.displayName} was admitted to ${placeWords(room, p.whereabouts)}.`, politeness: 'polite' });
      }
    }
  }

  // Broadcasts: a message from the mediator interrupts, like the banner that shows it.
  const lastSeen = prev.broadcasts.reduce((m, b) => Math.max(m, b.id), 0);
  for (const b of next.broadcasts) {
    if (b.id > lastSeen) out.push({ text: `Message from the mediator, ${b.fromName}: ${b.text}`, politeness: 'assertive' });
  }

  // Timers of my own space: started (or restarted), and ended.
  const mine = room.spaces.find((s) => s.id === room.self.space);
  const mineBefore = before?.spaces.find((s) => s.id === room.self.space);
  const sameSpace = !!before && before.self.space === room.self.space;
  if (mine?.timerEndsAt && mine.timerEndsAt > now && (!sameSpace || mineBefore?.timerEndsAt !== mine.timerEndsAt)) {
    const label = mine.timerLabel ? ` for “${mine.timerLabel}”` : '';
    out.push({ text: `Timer started${label}: ${minutesWords(mine.timerEndsAt - now)}.`, politeness: 'polite' });
  }
  const expired = next.expiredTimer;
  if (expired && expired !== prev.expiredTimer && expired.space === room.self.space) {
    out.push({ text: `Time is up${expired.label ? ` for “${expired.label}”` : ''}.`, politeness: 'assertive' });
  }
  return out;
}

/** "One minute left" once, when the clock crosses the last minute between two ticks. */
export function timerTick(endsAt: number | null | undefined, label: string | null | undefined, before: number, now: number): Announcement | null {
  if (!endsAt) return null;
  const left = endsAt - now;
  if (endsAt - before > 60_000 && left <= 60_000 && left > 0) {
    return { text: `One minute left${label ? ` for “${label}”` : ''}.`, politeness: 'polite' };
  }
  return null;
}

/** Who is speaking, debounced: a voice is announced once it has held the floor for `holdMs`, and
 * not again until someone else has. Overlapping talk and short interjections stay silent. */
export interface SpeakerState {
  candidate: string | null;
  since: number;
  announced: string | null;
}

export const initialSpeakerState: SpeakerState = { candidate: null, since: 0, announced: null };

export function speakerStep(
  state: SpeakerState,
  speaking: readonly string[],
  room: RoomView | null,
  now: number,
  holdMs = 1500,
): { state: SpeakerState; announce: Announcement | null } {
  const others = room ? speaking.filter((id) => id !== room.self.id) : [];
  // One clear voice only: with two people talking at once, nobody is announced.
  const current = others.length === 1 ? others[0]! : null;
  if (current !== state.candidate) return { state: { ...state, candidate: current, since: now }, announce: null };
  if (!current || current === state.announced || now - state.since < holdMs) return { state, announce: null };
  const who = room?.participants.find((p) => p.id === current);
  if (!who) return { state, announce: null };
  return { state: { ...state, announced: current }, announce: { text: `${who.displayName} is speaking.`, politeness: 'polite' } };
}
