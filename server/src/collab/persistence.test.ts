import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TokenBucket } from './limits.js';
import { DocPersistence } from './persistence.js';

function capture(doc: Y.Doc): Uint8Array[] {
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  return updates;
}

describe('document persistence', () => {
  it('rebuilds a document from its appended updates, and again after compaction into a snapshot', () => {
    const db = new DatabaseSync(':memory:');
    const store = new DocPersistence(db);
    const src = new Y.Doc();
    const updates = capture(src);
    for (let i = 0; i < 10; i++) src.getArray<number>('n').push([i]);
    let last = 0;
    for (const u of updates) last = store.append('s/board/joint', u);
    const a = new Y.Doc();
    expect(store.loadInto('s/board/joint', a, 'load')).toBe(last);
    expect(a.getArray('n').toJSON()).toEqual([...Array(10).keys()]);

    store.compact('s/board/joint', a, last);
    expect(store.pendingUpdates('s/board/joint')).toBe(0);
    src.getArray<number>('n').push([10]);
    store.append('s/board/joint', updates.at(-1)!);
    const b = new Y.Doc();
    store.loadInto('s/board/joint', b, 'load');
    expect(b.getArray('n').toJSON()).toEqual([...Array(11).keys()]);
    // Other documents are untouched.
    const c = new Y.Doc();
    expect(store.loadInto('s/board/caucus:abcd', c, 'load')).toBe(0);
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
  it('skips the unreadable update, reports it, and keeps everything else', () => {
    const store = new DocPersistence(new DatabaseSync(':memory:'));
    const src = new Y.Doc();
    const updates = capture(src);
    src.getArray<number>('n').push([1]);
    src.getArray<number>('n').push([2]);
    store.append('d/board/joint', updates[0]!);
    const bad = store.append('d/board/joint', Uint8Array.from([255, 255, 255, 1]));
    store.append('d/board/joint', updates[1]!);
    const seen: number[] = [];
    const out = new Y.Doc();
    store.loadInto('d/board/joint', out, 'load', (seq) => seen.push(seq));
    expect(seen).toEqual([bad]);
    expect(out.getArray('n').toJSON()).toEqual([1, 2]);
  });
});
