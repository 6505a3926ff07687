/** The room as this browser knows it. Connection state is a union of named states, not flags. */
import type { AppError, ChatMessage, Knock, NotificationPayload, RoomView } from '@mediation/shared';
import type { RemoteTrack } from '../media/mediaSession';

export type ConnectionState =
  | { kind: 'connecting' }
  | { kind: 'joining' }
  | { kind: 'connected' }
  | { kind: 'reconnecting'; attempt: number }
  /** The server refused us for good (bad link, removed, ended, replaced by another tab). */
  | { kind: 'closed'; reason: string; message: string }
  | { kind: 'failed'; error: AppError }
  | { kind: 'left' };

export interface Broadcast {
  id: number;
  text: string;
  fromName: string;
  at: number;
  to: string;
}

export interface RoomState {
  connection: ConnectionState;
  socketId: string | null;
  room: RoomView | null;
  remote: RemoteTrack[];
  speaking: string[];
  typing: string[];
  chat: ChatMessage[];
  broadcasts: Broadcast[];
  /** The last broadcast id given out (ids only tell banners apart on this page). */
  broadcastSeq: number;
  myKnock: Knock | null;
  knockAnswer: NotificationPayload<'knock:answered'> | null;
  expiredTimer: NotificationPayload<'timer:expired'> | null;
  local: { stream: MediaStream | null; audioMuted: boolean; videoMuted: boolean };
  mediaError: string | null;
}

export const initialRoomState = (stream: MediaStream | null): RoomState => ({
  connection: { kind: 'connecting' },
  socketId: null,
  room: null,
  remote: [],
  speaking: [],
  typing: [],
  chat: [],
  broadcasts: [],
  broadcastSeq: 0,
  myKnock: null,
  knockAnswer: null,
  expiredTimer: null,
  local: { stream, audioMuted: false, videoMuted: false },
  mediaError: null,
});

/** Adds messages, keeping order by time and dropping duplicates (history and live can overlap). */
export function mergeChat(existing: ChatMessage[], incoming: ChatMessage[]): ChatMessage[] {
  const seen = new Set(existing.map((m) => m.id));
  const added = incoming.filter((m) => !seen.has(m.id));
  if (added.length === 0) return existing;
  return [...existing, ...added].sort((a, b) => a.at - b.at);
}

/** Only people known to be in the viewer's own space can be typing there (a typer who left is dropped). */
export function typersHere(typing: string[], room: RoomView): string[] {
  const here = typing.filter((id) => room.participants.some((p) => p.id === id && p.whereabouts === room.self.space));
  return here.length === typing.length ? typing : here;
}
