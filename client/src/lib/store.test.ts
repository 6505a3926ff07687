import { describe, expect, it } from 'vitest';
import { Store } from './store';

describe('Store', () => {
  it('notifies subscribers on change and not when the update returns the same state', () => {
    const store = new Store({ n: 0 });
    let calls = 0;
    const off = store.subscribe(() => calls++);
    store.update((s) => ({ n: s.n + 1 }));
    store.update((s) => s);
    expect(store.get().n).toBe(1);
    expect(calls).toBe(1);
    off();
    store.update((s) => ({ n: s.n + 1 }));
    expect(calls).toBe(1);
  });
});
