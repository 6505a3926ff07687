import { useMemo, useSyncExternalStore } from 'react';

export type Equality<S> = (a: S, b: S) => boolean;

/** One slice of a store: `get` returns the same value (same reference) until the slice really
 * changes, and `subscribe` calls back only then. */
export interface Selection<S> {
  get: () => S;
  subscribe: (fn: () => void) => () => void;
}

/** A tiny external store: immutable snapshots, subscribers notified on every change. */
export class Store<T> {
  private listeners = new Set<() => void>();
  /** Holds in force (see `holdRenders`), and whether a change waits for them to end. */
  private holds = 0;
  private changedWhileHeld = false;
  constructor(private state: T) {}
  get = (): T => this.state;
  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };
  update(fn: (s: T) => T): void {
    const next = fn(this.state);
    if (next === this.state) return;
    this.state = next;
    if (this.holds > 0) this.changedWhileHeld = true;
    else this.notify();
  }

  /**
   * Subscribers hear of changes only once `until` settles (or after `maxMs`), then once for all of
   * them. The state itself changes at once (`get` returns it); only the re-renders wait. For a
   * moment when the page's main thread is needed elsewhere: the room holds them while a move's
   * receivers are negotiated (see RoomSession), so React's synchronous render of the new space
   * does not run between the steps of that negotiation and delay each of them.
   */
  holdRenders(until: Promise<unknown>, maxMs: number): void {
    this.holds++;
    let released = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const release = (): void => {
      if (released) return;
      released = true;
      clearTimeout(timer);
      this.holds--;
      if (this.holds === 0 && this.changedWhileHeld) {
        this.changedWhileHeld = false;
        this.notify();
      }
    };
    timer = setTimeout(release, maxMs);
    until.then(release, release);
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }

  /**
   * A slice of the state. A subscriber hears of a change only when the selected value differs
   * (by `isEqual`) from what it last saw, so a speaker change does not even wake a component
   * that shows the chat. `get` keeps returning the previous reference while the slice is equal,
   * which is what React's `useSyncExternalStore` needs to skip a render.
   */
  select<S>(selector: (s: T) => S, isEqual: Equality<S> = Object.is): Selection<S> {
    let seenState = this.state;
    let value = selector(seenState);
    const get = (): S => {
      const s = this.state;
      if (s === seenState) return value;
      seenState = s;
      const next = selector(s);
      if (!isEqual(value, next)) value = next;
      return value;
    };
    const subscribe = (fn: () => void): (() => void) => {
      // Each subscriber compares with what *it* last saw: another subscriber reading `get` first
      // must not swallow this one's change.
      let seen = get();
      return this.subscribe(() => {
        const now = get();
        if (now === seen) return;
        seen = now;
        fn();
      });
    };
    return { get, subscribe };
  }
}

/** The whole state: every change re-renders. Prefer `useSelector` for anything that renders often. */
export function useStore<T>(store: Store<T>): T {
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}

/**
 * One slice of a store; the component re-renders only when that slice changes. Pass a stable
 * selector (module level, or `useCallback` over what it depends on): a new function means a new
 * subscription (still correct, just less cheap).
 */
export function useSelector<T, S>(store: Store<T>, selector: (s: T) => S, isEqual?: Equality<S>): S {
  const selection = useMemo(() => store.select(selector, isEqual), [store, selector, isEqual]);
  return useSyncExternalStore(selection.subscribe, selection.get, selection.get);
}

/** Same items in the same order (item by item `Object.is`): for selectors that build arrays. */
export function sameItems<S>(a: readonly S[], b: readonly S[]): boolean {
  return a === b || (a.length === b.length && a.every((x, i) => Object.is(x, b[i])));
}
