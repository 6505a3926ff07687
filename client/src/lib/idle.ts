type IdleWindow = { requestIdleCallback?: (fn: () => void, o?: { timeout: number }) => number; cancelIdleCallback?: (id: number) => void };

/** Runs `fn` when the page's main thread is idle, at the latest after `timeoutMs` (a short timer
 * where the browser has no requestIdleCallback). Returns a cancel. */
export function whenIdle(fn: () => void, timeoutMs: number): () => void {
  const w = window as IdleWindow;
  if (w.requestIdleCallback && w.cancelIdleCallback) {
    const id = w.requestIdleCallback(fn, { timeout: timeoutMs });
    return () => w.cancelIdleCallback!(id);
  }
  const id = window.setTimeout(fn, 50);
  return () => window.clearTimeout(id);
}
