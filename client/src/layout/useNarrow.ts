import { useSyncExternalStore } from 'react';

/** Phone-sized windows (the same breakpoint as styles.css: 760 px). */
export const NARROW_QUERY = '(max-width: 760px)';

/** One query list for the page: `matchMedia` brings the page's style up to date before it answers,
 * so calling it in every render of the room cost ~7 ms per move (a CPU profile of the move bench). */
let narrowQuery: MediaQueryList | null | undefined;
const query = (): MediaQueryList | null => (narrowQuery ??= typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(NARROW_QUERY) : null);

const subscribe = (onChange: () => void): (() => void) => {
  const q = query();
  q?.addEventListener('change', onChange);
  return () => q?.removeEventListener('change', onChange);
};
const isNarrow = (): boolean => query()?.matches ?? false;

export function useNarrow(): boolean {
  return useSyncExternalStore(subscribe, isNarrow, () => false);
}
