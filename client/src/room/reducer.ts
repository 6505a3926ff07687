/**
 * What each server notification does to the room state, as a pure function: no socket, no
 * media, no timers. `RoomSession` feeds every notification through it and then performs the
 * side effects (media, chat history, a chime) by comparing the state before and after.
 * Returning the same state object means "nothing changed": the store then notifies nobody.
 */
import { isMediatorRole, LOBBY, type ChatMessage, type NotificationName, type NotificationPayload } from '@mediation/shared';
import { mergeChat, typersHere, type RoomState } from './state';
import { sameItems } from '../lib/store';

/** Any server→client notification, as the socket delivers it. */
export type RoomNotification = { [N in NotificationName]: { event: N; payload: NotificationPayload<N> } }[NotificationName];

/** A notification, or the answer to asking for the chat history (merged the same way as live chat). */
export type RoomEvent = RoomNotification | { event: 'chat:history'; payload: { messages: ChatMessage[] } };

export function reduceRoom(state: RoomState, e: RoomEvent): RoomState {
  switch (e.event) {
    case 'room:state':
      return withRoom(state, e.payload);
    case 'media:speaking':
      return sameItems(state.speaking, e.payload.participantIds) ? state : { ...state, speaking: e.payload.participantIds };
    case 'chat:message':
      return withChat(state, [e.payload]);
    case 'chat:history':
      return withChat(state, e.payload.messages);
    case 'typing:update': {
      const { participantId, active } = e.payload;
      const others = state.typing.filter((id) => id !== participantId);
      if (!active && others.length === state.typing.length) return state;
      if (active && others.length < state.typing.length) return state;
      return { ...state, typing: active ? [...others, participantId] : others };
    }
    case 'broadcast:message': {
      const id = state.broadcastSeq + 1;
      return { ...state, broadcastSeq: id, broadcasts: [...state.broadcasts, { ...e.payload, id }] };
    }
    case 'knock:answered':
      return { ...state, knockAnswer: e.payload, myKnock: null };
    case 'timer:expired':
      return { ...state, expiredTimer: e.payload };
    case 'session:closed':
      // Removed, ended, revoked or replaced by another tab: final. Live signals go with the connection.
      return { ...state, connection: { kind: 'closed', reason: e.payload.reason, message: e.payload.message }, socketId: null, remote: [], speaking: [], typing: [] };
    // Handled outside the state: media consumers (the media session), live side scores (open
    // boards) and agreement hints (the agreement panel refetches).
    case 'media:newConsumer':
    case 'media:consumers':
    case 'media:consumerClosed':
    case 'media:consumerPaused':
    case 'media:consumerResumed':
    case 'board:scored':
    case 'agreement:changed':
    case 'stage:changed':
    case 'plan:changed':
    // Live captions live in their own small store (room/captions.ts), fed by the room session.
    case 'caption:line':
      return state;
  }
}

function withChat(state: RoomState, messages: ChatMessage[]): RoomState {
  const chat = mergeChat(state.chat, messages);
  return chat === state.chat ? state : { ...state, chat };
}

/** The room as the server projects it for us. A change of our own space is a move: what was live
 * in the old space (speakers, typers, its timer) is dropped, and a waiting person has no media. */
function withRoom(state: RoomState, room: NonNullable<RoomState['room']>): RoomState {
  const before = state.room;
  const moved = before !== null && before.self.space !== room.self.space;
  const onHold = moved && room.self.space === LOBBY && !isMediatorRole(room.self.role);
  return {
    ...state,
    room,
    typing: moved ? [] : typersHere(state.typing, room),
    ...(moved ? { speaking: [], expiredTimer: null } : {}),
    ...(onHold ? { remote: [] } : {}),
    // The server moves a knock with its knocker, and drops it only in the waiting room.
    myKnock: moved && state.myKnock ? (room.self.space === LOBBY ? null : { ...state.myKnock, space: room.self.space }) : state.myKnock,
  };
}

/** Did this step move us to another space? (The session then reloads the chat history.) */
export function movedBetween(before: RoomState, after: RoomState): boolean {
  return before.room !== null && after.room !== null && before.room.self.space !== after.room.self.space;
}
