/** DocumentStore contract: the update log, discarding, and compaction into a snapshot. */
import { expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocumentStore } from '../types.js';
import { uid, storeSuite, type BackendFactory } from './harness.js';

/** Ten real Yjs updates, each pushing one number. */
function numberUpdates(n: number, start = 0): Uint8Array[] {
  const src = new Y.Doc();
  const updates: Uint8Array[] = [];
  src.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < start + n; i++) src.getArray<number>('n').push([i]);
  return updates.slice(start);
}

/** What a loader does with a load: the snapshot, then the log in order. */
async function rebuild(store: DocumentStore, doc: string): Promise<number[]> {
  const { snapshot, updates } = await store.load(doc);
  const y = new Y.Doc();
  if (snapshot) Y.applyUpdate(y, snapshot);
  for (const u of updates) Y.applyUpdate(y, u.data);
  return y.getArray<number>('n').toArray();
}

export function documentStoreContract(factory: BackendFactory): void {
  storeSuite('DocumentStore', factory, (backend) => {
    it('returns appended updates byte for byte, in order, with increasing sequence numbers', async () => {
      const { stores } = await backend();
      const doc = `${uid('s')}/board/joint`;
      const updates = numberUpdates(5);
      const seqs: number[] = [];
      for (const u of updates) seqs.push(await stores.documents.append(doc, u));
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
      expect(new Set(seqs).size).toBe(5);
      const loaded = await stores.documents.load(doc);
      expect(loaded.snapshot).toBeNull();
      expect(loaded.updates.map((u) => u.seq)).toEqual(seqs);
      expect(loaded.updates.map((u) => [...u.data])).toEqual(updates.map((u) => [...u]));
      expect(await stores.documents.pendingUpdates(doc)).toBe(5);
    });

    it('appends a batch across documents in one step: in order, with increasing sequence numbers, each in its own log', async () => {
      const { stores } = await backend();
      const a = `${uid('s')}/board/joint`;
      const b = `${uid('s')}/draft/caucus:abcd1`;
      const ua = numberUpdates(3);
      const ub = numberUpdates(2, 7);
      const before = await stores.documents.append(a, ua[0]!);
      const seqs = await stores.documents.appendUpdates([{ doc: a, update: ua[1]! }, { doc: b, update: ub[0]! }, { doc: a, update: ua[2]! }, { doc: b, update: ub[1]! }]);
      expect(seqs).toHaveLength(4);
      expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
      expect(seqs[0]).toBeGreaterThan(before);
      expect((await stores.documents.load(a)).updates.map((u) => u.seq)).toEqual([before, seqs[0], seqs[2]]);
      expect((await stores.documents.load(b)).updates.map((u) => [...u.data])).toEqual(ub.map((u) => [...u]));
      expect(await rebuild(stores.documents, a)).toEqual([0, 1, 2]);
      expect(await stores.documents.appendUpdates([])).toEqual([]);
    });

    it('keeps documents apart', async () => {
      const { stores } = await backend();
      const a = `${uid('s')}/board/joint`;
      const b = `${uid('s')}/board/caucus:abcd1`;
      for (const u of numberUpdates(3)) await stores.documents.append(a, u);
      expect(await stores.documents.load(b)).toEqual({ snapshot: null, updates: [] });
      expect(await stores.documents.pendingUpdates(b)).toBe(0);
    });

    it('rebuilds a document after compaction from the snapshot plus what was appended since', async () => {
      const { stores } = await backend();
      const doc = `${uid('s')}/board/joint`;
      const all = numberUpdates(12);
      let last = 0;
      for (const u of all.slice(0, 10)) last = await stores.documents.append(doc, u);
      const y = new Y.Doc();
      for (const u of (await stores.documents.load(doc)).updates) Y.applyUpdate(y, u.data);
      // Appended after the snapshot was taken, before it is stored: must survive the compaction.
      await stores.documents.append(doc, all[10]!);
      await stores.documents.compact(doc, Y.encodeStateAsUpdate(y), last);
      expect(await stores.documents.pendingUpdates(doc)).toBe(1);
      await stores.documents.append(doc, all[11]!);
      const loaded = await stores.documents.load(doc);
      expect(loaded.snapshot).not.toBeNull();
      expect(loaded.updates).toHaveLength(2);
      expect(await rebuild(stores.documents, doc)).toEqual([...Array(12).keys()]);
    });

    it('replaces an earlier snapshot with a later one', async () => {
      const { stores } = await backend();
      const doc = `${uid('s')}/draft/caucus:abcd1/2`;
      const all = numberUpdates(4);
      const y = new Y.Doc();
      let last = 0;
      for (const [i, u] of all.entries()) {
        last = await stores.documents.append(doc, u);
        Y.applyUpdate(y, u);
        if (i % 2 === 1) await stores.documents.compact(doc, Y.encodeStateAsUpdate(y), last);
      }
      expect(await stores.documents.pendingUpdates(doc)).toBe(0);
      expect(await rebuild(stores.documents, doc)).toEqual([0, 1, 2, 3]);
    });

    it('withdraws a discarded update and nothing else', async () => {
      const { stores } = await backend();
      const doc = `${uid('s')}/board/joint`;
      const other = `${uid('s')}/board/joint`;
      const [u0, u1] = numberUpdates(2);
      const keep = await stores.documents.append(doc, u0!);
      const bad = await stores.documents.append(doc, Uint8Array.from([255, 255, 255, 1]));
      await stores.documents.append(other, u0!);
      await stores.documents.discard(doc, bad);
      await stores.documents.append(doc, u1!);
      expect((await stores.documents.load(doc)).updates.map((u) => u.seq)[0]).toBe(keep);
      expect(await rebuild(stores.documents, doc)).toEqual([0, 1]);
      expect(await stores.documents.pendingUpdates(other)).toBe(1);
    });

    it('keeps the log and the snapshot across a reopen', async () => {
      const b = await backend();
      const doc = `${uid('s')}/agreement/joint`;
      const all = numberUpdates(3);
      const y = new Y.Doc();
      let last = 0;
      for (const u of all.slice(0, 2)) { last = await b.stores.documents.append(doc, u); Y.applyUpdate(y, u); }
      await b.stores.documents.compact(doc, Y.encodeStateAsUpdate(y), last);
      const seq = await b.stores.documents.append(doc, all[2]!);
      const again = await b.reopen();
      expect(await rebuild(again.documents, doc)).toEqual([0, 1, 2]);
      // Sequence numbers keep increasing after a restart (compaction relies on it).
      expect(await again.documents.append(doc, all[2]!)).toBeGreaterThan(seq);
    });
  });
}
