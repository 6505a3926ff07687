/**
 * Which audio a listener hears when an interpreter is in their space. The server tags an
 * interpreter's microphone as the interpretation channel (`media:newConsumer.interpretation`);
 * this page only sets volumes:
 * - "Original" (the default): every voice at full volume, the interpretation included (as in a
 *   room with an interpreter whispering: nothing is hidden from anyone).
 * - "Interpretation": the interpretation at full volume, every other voice ducked (not muted) so
 *   the speaker's tone still comes through under the interpreter.
 */
import { useSyncExternalStore } from 'react';
import { isFollowerRole, type ParticipantView, type RoomView } from '@mediation/shared';
import { Store } from '../lib/store';

export type ListenChoice = 'original' | 'interpretation';

/** How loud the original voices are while the interpretation is chosen. */
export const DUCKED_VOLUME = 0.2;

/** `available`: an interpretation is being received right now. Without one nothing is ducked, even
 * if the listener chose it earlier (the interpreter left, or was moved with their person). */
export function audioVolume(track: { interpretation?: boolean }, choice: ListenChoice, available = true): number {
  if (choice === 'original' || !available || track.interpretation) return 1;
  return DUCKED_VOLUME;
}

/** Interpreters in the listener's own space (whose channel the picker offers). */
export function interpretersHere(room: RoomView): ParticipantView[] {
  return room.participants.filter((p) => p.role === 'interpreter' && isFollowerRole(p.role) && p.online && p.whereabouts === room.self.space && p.id !== room.self.id);
}

/** The languages of those interpreters, once each ("Interpretation (Spanish)" in the picker). */
export function interpretationLanguages(interpreters: readonly ParticipantView[]): string[] {
  return [...new Set(interpreters.map((p) => p.interpretationLanguage).filter((l): l is string => !!l))];
}

const store = new Store<ListenChoice>('original');
export const setListenChoice = (c: ListenChoice): void => store.update(() => c);
export const getListenChoice = (): ListenChoice => store.get();
export const useListenChoice = (): ListenChoice => useSyncExternalStore(store.subscribe, store.get);
