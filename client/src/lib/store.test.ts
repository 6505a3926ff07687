import { describe, expect, it } from 'vitest';
import { sameItems, Store } from './store';
import { initialRoomState, type RoomState } from '../room/state';
import { reduceRoom } from '../room/reducer';
import { selectChat, selectLocal, selectRoom, speakingSelector } from '../room/useRoom';

describe('Store', () => {
  it('holds its subscribers\' notifications until what it waits for settles, then notifies once; the state changes at once', async () => {
    const store = new Store({ n: 0 });
    let calls = 0;
    store.subscribe(() => calls++);
    let done!: () => void;
    store.holdRenders(new Promise<void>((r) => (done = r)), 10_000);
    store.update((s) => ({ n: s.n + 1 }));
    store.update((s) => ({ n: s.n + 1 }));
    expect(store.get().n).toBe(2);
    expect(calls).toBe(0);
    done();
    await Promise.resolve();
    await Promise.resolve();
    expect(calls).toBe(1);
    // Not held any more: each change notifies.
    store.update((s) => ({ n: s.n + 1 }));
    expect(calls).toBe(2);
  });

  it('ends a hold after its longest wait even if what it waits for never settles; overlapping holds release with the last', async () => {
    const store = new Store({ n: 0 });
    let calls = 0;
    store.subscribe(() => calls++);
    store.holdRenders(new Promise<void>(() => undefined), 20);
    let second!: () => void;
    store.holdRenders(new Promise<void>((r) => (second = r)), 10_000);
    store.update((s) => ({ n: s.n + 1 }));
    await new Promise((r) => setTimeout(r, 40));
    expect(calls).toBe(0);
    second();
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toBe(1);
    // A hold with no change while it lasted notifies nobody.
    store.holdRenders(Promise.resolve(), 10_000);
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toBe(1);
  });

  it('a deferrable hold keeps only the deferrable subscribers waiting; an all-hold keeps both, and the deferrable ones wait for both', async () => {
    const store = new Store({ n: 0 });
    const heard: string[] = [];
    store.subscribe(() => heard.push('stage'));
    store.subscribe(() => heard.push('frame'), { deferrable: true });
    let negotiated!: () => void;
    let picture!: () => void;
    store.holdRenders(new Promise<void>((r) => (negotiated = r)), 10_000);
    store.holdRenders(new Promise<void>((r) => (picture = r)), 10_000, 'deferrable');
    store.update((s) => ({ n: s.n + 1 }));
    expect(heard).toEqual([]);
    negotiated();
    await new Promise((r) => setTimeout(r, 0));
    expect(heard).toEqual(['stage']);
    // Held for the frame only: the stage hears of a change at once.
    store.update((s) => ({ n: s.n + 1 }));
    expect(heard).toEqual(['stage', 'stage']);
    picture();
    await new Promise((r) => setTimeout(r, 0));
    expect(heard).toEqual(['stage', 'stage', 'frame']);
    expect(store.get().n).toBe(2);
    // Nothing held: both hear of each change.
    store.update((s) => ({ n: s.n + 1 }));
    expect(heard).toEqual(['stage', 'stage', 'frame', 'stage', 'frame']);
  });

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

describe('Store.select', () => {
  it('wakes a slice subscriber only when its slice changes', () => {
    const store = new Store({ a: 1, b: 1 });
    const a = store.select((s) => s.a);
    let calls = 0;
    a.subscribe(() => calls++);
    store.update((s) => ({ ...s, b: 2 }));
    expect(calls).toBe(0);
    store.update((s) => ({ ...s, a: 2 }));
    expect(calls).toBe(1);
    expect(a.get()).toBe(2);
  });

  it('keeps the previous reference while the slice is equal, so React skips the render', () => {
    const store = new Store({ ids: ['x'], n: 0 });
    const ids = store.select((s) => [...s.ids], sameItems);
    const first = ids.get();
    let calls = 0;
    ids.subscribe(() => calls++);
    store.update((s) => ({ ...s, n: 1, ids: ['x'] }));
    expect(ids.get()).toBe(first);
    expect(calls).toBe(0);
  });

  it('tells every subscriber of one selection, whichever reads first', () => {
    const store = new Store({ a: 1 });
    const a = store.select((s) => s.a);
    const heard: string[] = [];
    a.subscribe(() => heard.push(`one:${a.get()}`));
    a.subscribe(() => heard.push(`two:${a.get()}`));
    store.update(() => ({ a: 2 }));
    expect(heard).toEqual(['one:2', 'two:2']);
  });
});

describe('the room store under a speaker change', () => {
  it('wakes only the tiles whose speaking flag flipped, not the page, the chat or the other tiles', () => {
    const store = new Store<RoomState>(initialRoomState(null));
    const woken: string[] = [];
    const watch = (name: string, selection: { subscribe(fn: () => void): () => void }) => selection.subscribe(() => woken.push(name));
    watch('page', store.select(selectRoom));
    watch('chat', store.select(selectChat));
    watch('controls', store.select(selectLocal));
    watch('tile ana', store.select(speakingSelector('ana001')));
    watch('tile ben', store.select(speakingSelector('ben001')));

    store.update((s) => reduceRoom(s, { event: 'media:speaking', payload: { participantIds: ['ana001'] } }));
    expect(woken).toEqual(['tile ana']);

    woken.length = 0;
    store.update((s) => reduceRoom(s, { event: 'media:speaking', payload: { participantIds: ['ana001', 'ben001'] } }));
    expect(woken).toEqual(['tile ben']);

    // The same speakers again: nothing at all.
    woken.length = 0;
    store.update((s) => reduceRoom(s, { event: 'media:speaking', payload: { participantIds: ['ana001', 'ben001'] } }));
    expect(woken).toEqual([]);

    // And a chat message wakes the chat only.
    store.update((s) => reduceRoom(s, { event: 'chat:message', payload: { id: 'm1', thread: 'joint', fromId: 'ana001', fromName: 'Ana', fromRole: 'party', text: 'hi', at: 1 } }));
    expect(woken).toEqual(['chat']);
  });
});
