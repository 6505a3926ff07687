/**
 * Components read the room through slices: `useRoom(selectChat)` re-renders its component only
 * when the chat changes, so the frequent notifications (active speaker several times a second,
 * typing) re-render only what shows them. Selectors here are module-level (stable), or built
 * with `useCallback` over what they depend on.
 */
import { createContext, startTransition, useContext, useEffect, useMemo, useState } from 'react';
import { useSelector, type Equality, type Store } from '../lib/store';
import type { RoomState } from './state';

const RoomStoreContext = createContext<Store<RoomState> | null>(null);

/** Provided by the room page around everything that reads the room. */
export const RoomStoreProvider = RoomStoreContext.Provider;

export function useRoom<S>(selector: (s: RoomState) => S, isEqual?: Equality<S>): S {
  const store = useContext(RoomStoreContext);
  if (!store) throw new Error('useRoom is used outside the room page (no RoomStoreProvider)');
  return useSelector(store, selector, isEqual);
}

/**
 * Like `useRoom`, but the component re-renders in a transition: React renders it in slices of a
 * few ms and runs anything waiting between them, where `useRoom` (useSyncExternalStore) renders
 * at once, in one piece. For the room's frame (bars, notices, panels), which a move changes all
 * at once: rendered in one piece, that took the page's main thread for 50-150 ms (move bench,
 * issue 17) exactly while the move's SDP negotiation and first frame needed it. The video stage
 * reads the room with `useRoom`, so the people it shows change at once. A frame may show the
 * previous room for a few ms more; nothing in it is newer than what the stage already shows.
 * Its subscription is `deferrable`: on a move the room holds it until the new space's first
 * picture is in (RoomSession), so its render does not compete with that picture either.
 */
export function useRoomInTransition<S>(selector: (s: RoomState) => S, isEqual?: Equality<S>): S {
  const store = useContext(RoomStoreContext);
  if (!store) throw new Error('useRoomInTransition is used outside the room page (no RoomStoreProvider)');
  const selection = useMemo(() => store.select(selector, isEqual), [store, selector, isEqual]);
  const [value, setValue] = useState(() => ({ current: selection.get() }));
  useEffect(() => {
    const refresh = () => setValue((v) => (v.current === selection.get() ? v : { current: selection.get() }));
    // A change between this component's render and its subscription.
    refresh();
    return selection.subscribe(() => startTransition(refresh), { deferrable: true });
  }, [selection]);
  return value.current;
}

export const selectConnection = (s: RoomState) => s.connection;
export const selectRoom = (s: RoomState) => s.room;
export const selectRemote = (s: RoomState) => s.remote;
export const selectHasRemote = (s: RoomState) => s.remote.length > 0;
export const selectLocal = (s: RoomState) => s.local;
export const selectMediaError = (s: RoomState) => s.mediaError;
export const selectBroadcasts = (s: RoomState) => s.broadcasts;
export const selectExpiredTimer = (s: RoomState) => s.expiredTimer;
export const selectMyKnock = (s: RoomState) => s.myKnock;
export const selectKnockAnswer = (s: RoomState) => s.knockAnswer;
export const selectChat = (s: RoomState) => s.chat;
export const selectTyping = (s: RoomState) => s.typing;

/** Is this person speaking now? Only the tile (and anything else showing it) re-renders when it flips. */
export const speakingSelector = (participantId: string) => (s: RoomState) => s.speaking.includes(participantId);

export function useSpeaking(participantId: string): boolean {
  return useRoom(useMemo(() => speakingSelector(participantId), [participantId]));
}
