/**
 * Storage is async (a network database later): the Yjs server must still store an update before
 * anyone is sent it, keep updates in order, and load a document once however many open it at the
 * same moment. The server's own document store is slowed down here (seeded random delays before
 * each write and load), nothing else is changed.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docName, type CreateSessionResponse } from '@mediation/shared';
import type { TestServer } from '../helpers/server.js';
import { synced, useDocServer, waitFor } from './yjs-helpers.js';

const fx = useDocServer({ everyoneIn: 'joint' });
const { open, tok } = fx;
let app: TestServer, s: CreateSessionResponse;
beforeAll(() => void ({ app, session: s } = fx));

/** A small seeded generator, so a failure replays. */
function seeded(seed: number): () => number {
  let x = seed >>> 0;
  return () => ((x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const restore: Array<() => void> = [];
afterEach(() => {
  for (const undo of restore.splice(0)) undo();
});

/** Replaces one method of the live document store for the length of the test. */
function slowDown<K extends 'appendUpdates' | 'load'>(method: K, wrap: (original: TestServer['ctx']['stores']['documents'][K]) => TestServer['ctx']['stores']['documents'][K]): void {
  const store = app.ctx.stores.documents;
  const original = store[method].bind(store) as TestServer['ctx']['stores']['documents'][K];
  store[method] = wrap(original);
  restore.push(() => void (store[method] = original));
  if (method === 'appendUpdates') {
    // A slowed store has no synchronous write (`appendNow`): every update goes through the batches.
    const now = store.appendNow;
    delete store.appendNow;
    restore.push(() => void (store.appendNow = now));
  }
}

describe('Yjs over slow storage', () => {
  it('sends no update before it is stored, and every client ends with the writer\'s order', async () => {
    const name = docName(s.sessionId, 'board', 'joint');
    const random = seeded(12);
    // What storage holds, as a document: filled only once a write has completed.
    const stored = new Y.Doc();
    // Client updates reach the store in batches (group commit, one transaction each).
    slowDown('appendUpdates', (appendUpdates) => async (batch) => {
      await sleep(random() * 25);
      const seqs = await appendUpdates(batch);
      for (const { doc, update } of batch) if (doc === name) Y.applyUpdate(stored, update);
      return seqs;
    });
    const ana = open(name, tok(0));
    const ben = open(name, tok(1));
    await Promise.all([synced(ana), synced(ben)]);
    const seenBeforeStored: string[] = [];
    ben.doc.getArray<string>('log').observe((e) => {
      const inStore = new Set(stored.getArray<string>('log').toArray());
      for (const d of e.changes.delta) for (const v of (d.insert as string[] | undefined) ?? []) if (!inStore.has(v)) seenBeforeStored.push(v);
    });
    for (let i = 0; i < 30; i++) {
      ana.doc.getArray<string>('log').push([`ana-${i}`]);
      if (i % 5 === 0) await sleep(3);
    }
    await waitFor(() => ben.doc.getArray('log').length === 30, 10_000, 'all updates at ben');
    expect(seenBeforeStored).toEqual([]);
    const order = [...Array(30).keys()].map((i) => `ana-${i}`);
    expect(ben.doc.getArray('log').toArray()).toEqual(order);
    expect(stored.getArray('log').toArray()).toEqual(order);
  });

  it('loads a document once when several people open it at the same moment, and all see its content', async () => {
    const name = docName(s.sessionId, 'board', 'caucus:slow1');
    // Content stored before anyone opens the document.
    const src = new Y.Doc();
    src.getArray<string>('log').push(['before']);
    await app.ctx.stores.documents.append(name, Y.encodeStateAsUpdate(src));
    for (const p of [s.mediator, ...s.invites]) fx.spaces.place(s.sessionId, p.participantId, 'caucus:slow1');
    let loads = 0;
    slowDown('load', (load) => async (doc) => {
      if (doc === name) loads++;
      await sleep(60);
      return load(doc);
    });
    const clients = [open(name, tok(0)), open(name, tok(1)), open(name, tok(2))];
    await Promise.all(clients.map((c) => synced(c)));
    for (const c of clients) expect(c.doc.getArray('log').toArray()).toEqual(['before']);
    expect(loads).toBe(1);
  });
});
