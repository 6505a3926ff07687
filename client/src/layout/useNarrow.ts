import { useEffect, useState } from 'react';

/** Phone-sized windows (the same breakpoint as styles.css: 760 px). */
export const NARROW_QUERY = '(max-width: 760px)';

export function useNarrow(): boolean {
  const query = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(NARROW_QUERY) : null;
  const [narrow, setNarrow] = useState(() => query?.matches ?? false);
  useEffect(() => {
    if (!query) return;
    const on = () => setNarrow(query.matches);
    query.addEventListener('change', on);
    return () => query.removeEventListener('change', on);
  }, [query?.media]); // eslint-disable-line react-hooks/exhaustive-deps
  return narrow;
}
