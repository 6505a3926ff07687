import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { migrate } from '../storage/sqlite/migrations.js';
import { sqliteDocumentStore } from '../storage/sqlite/documents.js';
import type { DocumentStore } from '../storage/types.js';
import { GroupCommit } from './groupCommit.js';

function sqlite() {
  const db = new DatabaseSync(':memory:');
  migrate(db);
  return { db, store: sqliteDocumentStore(db) };
}

const bytes = (n: number) => Uint8Array.from([n, n, n]);

/** The real store, with each batch commit held back `ms` and recorded (what the group commit sent). */
function slowed(store: DocumentStore, ms: number, batches: string[][]): DocumentStore {
  return {
    ...store,
    async appendUpdates(updates) {
      batches.push(updates.map((u) => `${u.doc}:${u.update[0]}`));
      if (ms > 0) await new Promise((r) => setTimeout(r, ms));
      return store.appendUpdates(updates);
    },
  };
}

describe('group commit of Yjs updates', () => {
  it('stores updates that arrive in one turn, across documents, in ONE transaction, in arrival order', async () => {
    const { store } = sqlite();
    const batches: string[][] = [];
    const gc = new GroupCommit(slowed(store, 0, batches));
    const seqs = await Promise.all([gc.append('a', bytes(1)), gc.append('b', bytes(2)), gc.append('a', bytes(3))]);
    expect(batches).toEqual([['a:1', 'b:2', 'a:3']]);
    expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
    expect((await store.load('a')).updates.map((u) => [u.seq, u.data[0]])).toEqual([[seqs[0], 1], [seqs[2], 3]]);
    expect(gc.stats).toEqual({ batches: 1, updates: 3, largest: 3 });
  });

  it('does not resolve before the commit, and gathers what arrives meanwhile into the next batch', async () => {
    const { store } = sqlite();
    const batches: string[][] = [];
    const gc = new GroupCommit(slowed(store, 30, batches));
    let firstDone = false;
    const first = gc.append('a', bytes(1)).then((s) => ((firstDone = true), s));
    await new Promise((r) => setTimeout(r, 5));
    // The first commit is in flight (30 ms): not stored yet, so not resolved.
    expect(firstDone).toBe(false);
    expect(await store.pendingUpdates('a')).toBe(0);
    const later = [gc.append('a', bytes(2)), gc.append('c', bytes(3))];
    await Promise.all([first, ...later]);
    expect(batches).toEqual([['a:1'], ['a:2', 'c:3']]);
    await gc.drain();
  });

  it('fails every update of a failed batch and stores none of them; the next batch is independent', async () => {
    const { db, store } = sqlite();
    let fail = true;
    const flaky: DocumentStore = {
      ...store,
      // A real failure half way through the real transaction: the second insert violates NOT NULL.
      appendUpdates: (updates) => store.appendUpdates(fail ? updates.map((u, i) => (i === 1 ? { ...u, update: null as unknown as Uint8Array } : u)) : updates),
    };
    const gc = new GroupCommit(flaky);
    const results = await Promise.allSettled([gc.append('a', bytes(1)), gc.append('a', bytes(2)), gc.append('b', bytes(3))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(await store.pendingUpdates('a')).toBe(0);
    expect(await store.pendingUpdates('b')).toBe(0);
    expect(db.isTransaction).toBe(false);
    fail = false;
    await gc.append('a', bytes(4));
    expect((await store.load('a')).updates.map((u) => u.data[0])).toEqual([4]);
  });

  it('commits a lone update after a quiet spell at once, and gathers a busy turn into one batch', async () => {
    const { store } = sqlite();
    const batches: string[][] = [];
    const gc = new GroupCommit(slowed(store, 0, batches));
    // Quiet: stored before the end of this event-loop turn (no setImmediate hop).
    const order: string[] = [];
    setImmediate(() => order.push('end of turn'));
    await gc.append('a', bytes(1)).then(() => order.push('stored'));
    expect(order).toEqual(['stored']);
    // Busy (a commit just happened): what arrives later in the same turn joins the batch.
    const first = gc.append('b', bytes(2));
    await Promise.resolve();
    const second = gc.append('c', bytes(3));
    await Promise.all([first, second]);
    expect(batches).toEqual([['a:1'], ['b:2', 'c:3']]);
  });

  it('waits the configured window to gather a batch', async () => {
    const { store } = sqlite();
    const batches: string[][] = [];
    const gc = new GroupCommit(slowed(store, 0, batches), 20);
    const first = gc.append('a', bytes(1));
    await new Promise((r) => setTimeout(r, 5));
    await Promise.all([first, gc.append('b', bytes(2))]);
    expect(batches).toEqual([['a:1', 'b:2']]);
  });
});
