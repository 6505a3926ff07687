/**
 * What loads when. The join page's first download is the join page only; the room's code is
 * fetched while the person looks at their preview (`loadRoomPage`), and the heavy panels (the
 * board, the agreement editor with Tiptap, the mediators' control tower) only after the room shows
 * video, so they never compete with the first picture for the network or the main thread.
 */
import { useEffect } from 'react';
import type { RemoteTrack } from '../media/mediaSession';
import type { Store } from '../lib/store';
import { whenIdle } from '../lib/idle';

export const loadRoomPage = () => import('./RoomPage');

/** The panels RoomPage shows lazily (the same modules it imports, so the chunks are shared). */
const panels = (mediator: boolean): Array<() => Promise<unknown>> => [
  () => import('../board/BoardPanel'),
  () => import('../agreement/AgreementPanel'),
  ...(mediator ? [() => import('../tower/ControlTower')] : []),
];

/** With nobody else's video to wait for (an empty room, audio only), the panels load after this. */
export const PANELS_FALLBACK_MS = 4000;

/**
 * Fetches the panels once a remote video track has started to flow (its track unmutes when the
 * first packets arrive), when the browser is idle; or after PANELS_FALLBACK_MS without one.
 */
export function usePreloadPanels(store: Store<{ remote: RemoteTrack[] }>, mediator: boolean): void {
  useEffect(() => {
    let done = false;
    const load = () => {
      if (done) return;
      done = true;
      cleanup();
      whenIdle(() => panels(mediator).forEach((p) => void p().catch(() => undefined)), 1000);
    };
    const watched = new Set<MediaStreamTrack>();
    const check = () => {
      for (const r of store.get().remote) {
        if (r.kind !== 'video' || watched.has(r.track)) continue;
        if (!r.track.muted) return load();
        watched.add(r.track);
        r.track.addEventListener('unmute', load, { once: true });
      }
    };
    const unsubscribe = store.subscribe(check);
    const timer = window.setTimeout(load, PANELS_FALLBACK_MS);
    const cleanup = () => {
      unsubscribe();
      window.clearTimeout(timer);
      for (const t of watched) t.removeEventListener('unmute', load);
    };
    check();
    return () => {
      done = true;
      cleanup();
    };
  }, [store, mediator]);
}
