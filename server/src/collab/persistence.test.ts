import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { migrate } from '../storage/sqlite/migrations.js';
import { sqliteDocumentStore } from '../storage/sqlite/documents.js';
import { TokenBucket } from './limits.js';
import { DocWriteQueue, loadInto } from './persistence.js';

function capture(doc: Y.Doc): Uint8Array[] {
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  return updates;
}

/** The server's document store on a migrated in-memory database. */
function documentStore() {
  const db = new DatabaseSync(':memory:');
  migrate(db);
  return sqliteDocumentStore(db);
}

describe('document persistence', () => {
  it('rebuilds a document from its appended updates, and again after compaction into a snapshot', async () => {
    const store = documentStore();
    const src = new Y.Doc();
    const updates = capture(src);
    for (let i = 0; i < 10; i++) src.getArray<number>('n').push([i]);
    let last = 0;
    for (const u of updates) last = await store.append('s/board/joint', u);
    const a = new Y.Doc();
    expect(await loadInto(store, 's/board/joint', a, 'load')).toBe(last);
    expect(a.getArray('n').toJSON()).toEqual([...Array(10).keys()]);

    await store.compact('s/board/joint', Y.encodeStateAsUpdate(a), last);
    expect(await store.pendingUpdates('s/board/joint')).toBe(0);
    src.getArray<number>('n').push([10]);
    await store.append('s/board/joint', updates.at(-1)!);
    const b = new Y.Doc();
    await loadInto(store, 's/board/joint', b, 'load');
    expect(b.getArray('n').toJSON()).toEqual([...Array(11).keys()]);
    // Other documents are untouched.
    const c = new Y.Doc();
    expect(await loadInto(store, 's/board/caucus:abcd', c, 'load')).toBe(0);
    expect(c.getArray('n').length).toBe(0);
  });
});

describe('the per-connection token bucket', () => {
  it('allows a burst of its capacity, then refuses until time refills it', async () => {
    const bucket = new TokenBucket(20, 5);
    const burst = Array.from({ length: 8 }, () => bucket.take());
    expect(burst).toEqual([true, true, true, true, true, false, false, false]);
    await new Promise((r) => setTimeout(r, 120));
    expect(bucket.take()).toBe(true);
  });
});

describe('loading a document with a damaged row', () => {
  it('skips the unreadable update, reports it, and keeps everything else', async () => {
    const store = documentStore();
    const src = new Y.Doc();
    const updates = capture(src);
    src.getArray<number>('n').push([1]);
    src.getArray<number>('n').push([2]);
    await store.append('d/board/joint', updates[0]!);
    const bad = await store.append('d/board/joint', Uint8Array.from([255, 255, 255, 1]));
    await store.append('d/board/joint', updates[1]!);
    const seen: number[] = [];
    const out = new Y.Doc();
    await loadInto(store, 'd/board/joint', out, 'load', (seq) => seen.push(seq));
    expect(seen).toEqual([bad]);
    expect(out.getArray('n').toJSON()).toEqual([1, 2]);
  });
});

describe('the per-document write queue', () => {
  it('runs one document\'s tasks in the order queued, even when an earlier one is slower', async () => {
    const q = new DocWriteQueue();
    const order: string[] = [];
    const slow = q.run('a', async () => { await new Promise((r) => setTimeout(r, 30)); order.push('a1'); });
    const fast = q.run('a', () => { order.push('a2'); });
    const other = q.run('b', () => { order.push('b1'); });
    await Promise.all([slow, fast, other]);
    // 'b' did not wait for 'a'; 'a2' waited for 'a1'.
    expect(order).toEqual(['b1', 'a1', 'a2']);
  });

  it('keeps going after a failed task, and says when a document is idle', async () => {
    const q = new DocWriteQueue();
    const failed = q.run('a', () => { throw new Error('disk full'); });
    let ran = false;
    const next = q.run('a', () => { ran = true; });
    await expect(failed).rejects.toThrow('disk full');
    await next;
    expect(ran).toBe(true);
    let done = false;
    void q.run('a', async () => { await new Promise((r) => setTimeout(r, 20)); done = true; });
    await q.idle('a');
    expect(done).toBe(true);
  });
});
