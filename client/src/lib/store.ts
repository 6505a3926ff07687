import { useMemo, useSyncExternalStore } from 'react';

export type Equality<S> = (a: S, b: S) => boolean;

/** One slice of a store: `get` returns the same value (same reference) until the slice really
 * changes, and `subscribe` calls back only then. */
export interface Selection<S> {
  get: () => S;
  subscribe: (fn: () => void, opts?: { deferrable?: boolean }) => () => void;
}

/**
 * Who a hold keeps waiting: everyone, or only the subscribers that said they can wait
 * (`subscribe(fn, { deferrable: true })`: the room's frame, which React renders in transitions).
 */
export type HoldScope = 'all' | 'deferrable';

/** A tiny external store: immutable snapshots, subscribers notified on every change. */
export class Store<T> {
  private listeners = new Set<() => void>();
  private deferrableListeners = new Set<() => void>();
  /** Holds in force per scope (see `holdRenders`), and which subscribers a change waits for. */
  private holds: Record<HoldScope, number> = { all: 0, deferrable: 0 };
  private pending = { urgent: false, deferrable: false };
  constructor(private state: T) {}
  get = (): T => this.state;
  subscribe = (fn: () => void, opts: { deferrable?: boolean } = {}): (() => void) => {
    const set = opts.deferrable ? this.deferrableListeners : this.listeners;
    set.add(fn);
    return () => set.delete(fn);
  };
  update(fn: (s: T) => T): void {
    const next = fn(this.state);
    if (next === this.state) return;
    this.state = next;
    this.pending = { urgent: true, deferrable: true };
    this.flush();
  }

  /**
   * Subscribers hear of changes only once `until` settles (or after `maxMs`), then once for all of
   * them. The state itself changes at once (`get` returns it); only the re-renders wait. For a
   * moment when the page's main thread is needed elsewhere: the room holds them while a move's
   * receivers are negotiated (see RoomSession), so React's synchronous render of the new space
   * does not run between the steps of that negotiation and delay each of them. With scope
   * `deferrable`, only the subscribers that can wait are held (the room's frame, while the new
   * space's first picture comes in); the others (the video stage) hear at once.
   */
  holdRenders(until: Promise<unknown>, maxMs: number, scope: HoldScope = 'all'): void {
    this.holds[scope]++;
    let released = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const release = (): void => {
      if (released) return;
      released = true;
      clearTimeout(timer);
      this.holds[scope]--;
      this.flush();
    };
    timer = setTimeout(release, maxMs);
    until.then(release, release);
  }

  /** Notifies the subscribers that a change waits for, unless a hold keeps them waiting. */
  private flush(): void {
    if (this.holds.all > 0) return;
    if (this.pending.urgent) {
      this.pending.urgent = false;
      for (const l of [...this.listeners]) l();
    }
    if (this.holds.deferrable > 0 || !this.pending.deferrable) return;
    this.pending.deferrable = false;
    for (const l of [...this.deferrableListeners]) l();
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
    const subscribe = (fn: () => void, opts?: { deferrable?: boolean }): (() => void) => {
      // Each subscriber compares with what *it* last saw: another subscriber reading `get` first
      // must not swallow this one's change.
      let seen = get();
      return this.subscribe(() => {
        const now = get();
        if (now === seen) return;
        seen = now;
        fn();
      }, opts);
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
