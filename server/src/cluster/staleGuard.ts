/**
 * Every store method of a clustered node, wrapped: a write refused with StaleOwnerError (another
 * node claimed the session at a higher epoch, storage/types.ts) makes this node give the session
 * up at once, whichever feature made the write. The error still reaches the caller unchanged.
 */

/** Duck-typed so this module does not depend on one backend's error class. */
export function staleSessionOf(err: unknown): string | null {
  const e = err as { name?: unknown; sessionId?: unknown } | null;
  return e && e.name === 'StaleOwnerError' && typeof e.sessionId === 'string' ? e.sessionId : null;
}

export function guardStaleWrites<T extends object>(stores: T, onStale: (sessionId: string) => void): T {
  const wrapStore = (store: object): object =>
    new Proxy(store, {
      get(target, prop, receiver) {
        const v: unknown = Reflect.get(target, prop, receiver);
        if (typeof v !== 'function') return v;
        return function (this: unknown, ...args: unknown[]) {
          const out: unknown = (v as (...a: unknown[]) => unknown).apply(target, args);
          if (out instanceof Promise) {
            return out.catch((err: unknown) => {
              const sessionId = staleSessionOf(err);
              if (sessionId) onStale(sessionId);
              throw err;
            });
          }
          return out;
        };
      },
    });
  const wrapped = new WeakMap<object, object>();
  return new Proxy(stores, {
    get(target, prop, receiver) {
      const v: unknown = Reflect.get(target, prop, receiver);
      if (typeof v !== 'object' || v === null) return v;
      let w = wrapped.get(v);
      if (!w) wrapped.set(v, (w = wrapStore(v)));
      return w;
    },
  });
}
