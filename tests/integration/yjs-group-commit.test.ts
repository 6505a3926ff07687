/**
 * Group commit (server/src/collab/groupCommit.ts): updates that arrive together, for one document
 * or several, are stored in one transaction. The promise must survive the batching: nobody is
 * sent an update before the batch holding it has been stored, each document keeps its writer's
 * order, and a batch that fails to store is neither applied nor sent (its senders reconnect and
 * resend). The server's own document store is slowed down (seeded random delays per batch) or made
 * to fail once; nothing else is changed.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docName, JOINT, type CreateSessionResponse } from '@mediation/shared';
import { tokenOf, type TestServer } from '../helpers/server.js';
import { synced, useDocServer, waitFor, type Client } from './yjs-helpers.js';

const fx = useDocServer({ everyoneIn: 'joint' });
const { open, tok } = fx;
let app: TestServer, s: CreateSessionResponse;
beforeAll(() => void ({ app, session: s } = fx));

function seeded(seed: number): () => number {
  let x = seed >>> 0;
  return () => ((x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type AppendUpdates = TestServer['ctx']['stores']['documents']['appendUpdates'];
const restore: Array<() => void> = [];
afterEach(() => {
  for (const undo of restore.splice(0)) undo();
});
/** Replaces the live store's batch append for the length of the test. */
function wrapAppendUpdates(wrap: (original: AppendUpdates) => AppendUpdates): void {
  const store = app.ctx.stores.documents;
  const original = store.appendUpdates.bind(store);
  store.appendUpdates = wrap(original);
  restore.push(() => void (store.appendUpdates = original));
  withoutSyncWrites();
}
/** A slowed or failing store has no synchronous write (`appendNow`): every update goes through
 * the batches. */
function withoutSyncWrites(): void {
  const store = app.ctx.stores.documents;
  const now = store.appendNow;
  delete store.appendNow;
  restore.push(() => void (store.appendNow = now));
}

/** Records every item a client receives that was not yet in `stored` at that moment. */
function watchEarly(c: Client, stored: Y.Doc, early: string[]): void {
  c.doc.getArray<string>('log').observe((e) => {
    const inStore = new Set(stored.getArray<string>('log').toArray());
    for (const d of e.changes.delta) for (const v of (d.insert as string[] | undefined) ?? []) if (!inStore.has(v)) early.push(v);
  });
}

describe('Yjs group commit', () => {
  it('batches updates across documents, and no peer receives one before its batch is stored', async () => {
    const board = docName(s.sessionId, 'board', JOINT);
    const agreement = docName(s.sessionId, 'agreement', JOINT);
    const random = seeded(17);
    const stored = { [board]: new Y.Doc(), [agreement]: new Y.Doc() } as Record<string, Y.Doc>;
    const batches: string[][] = [];
    wrapAppendUpdates((appendUpdates) => async (batch) => {
      await sleep(random() * 15);
      const seqs = await appendUpdates(batch);
      batches.push(batch.map((u) => u.doc));
      for (const { doc, update } of batch) if (stored[doc]) Y.applyUpdate(stored[doc], update);
      return seqs;
    });
    const mediatorToken = tokenOf(s.mediator.link);
    // Ana writes the board, the mediator the agreement; Ben reads both, the mediator reads the board.
    const anaBoard = open(board, tok(0));
    const benBoard = open(board, tok(1));
    const medBoard = open(board, mediatorToken);
    const medAgreement = open(agreement, mediatorToken);
    const benAgreement = open(agreement, tok(1));
    await Promise.all([anaBoard, benBoard, medBoard, medAgreement, benAgreement].map((c) => synced(c)));
    const early: string[] = [];
    watchEarly(benBoard, stored[board]!, early);
    watchEarly(medBoard, stored[board]!, early);
    watchEarly(benAgreement, stored[agreement]!, early);

    for (let i = 0; i < 40; i++) {
      anaBoard.doc.getArray<string>('log').push([`board-${i}`]);
      medAgreement.doc.getArray<string>('log').push([`agreement-${i}`]);
      if (i % 8 === 7) await sleep(2);
    }
    await waitFor(() => benBoard.doc.getArray('log').length === 40 && medBoard.doc.getArray('log').length === 40 && benAgreement.doc.getArray('log').length === 40, 15_000, 'every update at every reader');

    expect(early).toEqual([]);
    for (const [doc, reader, prefix] of [[board, benBoard, 'board'], [board, medBoard, 'board'], [agreement, benAgreement, 'agreement']] as const) {
      const order = [...Array(40).keys()].map((i) => `${prefix}-${i}`);
      expect(reader.doc.getArray('log').toArray()).toEqual(order);
      expect(stored[doc]!.getArray('log').toArray()).toEqual(order);
    }
    // It really batched: fewer transactions than updates, and some held both documents.
    const updates = batches.reduce((n, b) => n + b.length, 0);
    expect(updates).toBeGreaterThanOrEqual(80);
    expect(batches.length).toBeLessThan(updates);
    expect(batches.some((b) => b.includes(board) && b.includes(agreement))).toBe(true);
  });

  it('stored synchronously (the SQLite journal, the default path): no peer receives an update before its write, order kept, and a failed write is sent to nobody and resent', async () => {
    const board = docName(s.sessionId, 'board', JOINT);
    const store = app.ctx.stores.documents;
    const appendNow = store.appendNow?.bind(store);
    if (!appendNow) throw new Error('the SQLite store writes synchronously');
    const stored = new Y.Doc();
    let failNext = false;
    let failures = 0;
    store.appendNow = (batch) => {
      if (failNext && batch.some((u) => u.doc === board)) {
        failNext = false;
        failures++;
        throw new Error('disk full (test)');
      }
      const seqs = appendNow(batch);
      for (const { doc, update } of batch) if (doc === board) Y.applyUpdate(stored, update);
      return seqs;
    };
    restore.push(() => void (store.appendNow = appendNow));
    const commits = (app.ctx.docs as unknown as { commits: { immediate: number } }).commits;
    const immediateBefore = commits.immediate;
    const ana = open(board, tok(0));
    const ben = open(board, tok(1));
    await Promise.all([synced(ana), synced(ben)]);
    // Its own array: the other tests of this file write 'log' on the same board.
    const early: string[] = [];
    ben.doc.getArray<string>('sync').observe((e) => {
      const inStore = new Set(stored.getArray<string>('sync').toArray());
      for (const d of e.changes.delta) for (const v of (d.insert as string[] | undefined) ?? []) if (!inStore.has(v)) early.push(v);
    });
    for (let i = 0; i < 30; i++) {
      ana.doc.getArray<string>('sync').push([`sync-${i}`]);
      if (i % 5 === 4) await sleep(3);
    }
    await waitFor(() => ben.doc.getArray('sync').length === 30, 10_000, 'every update at Ben');
    expect(early).toEqual([]);
    expect(ben.doc.getArray('sync').toArray()).toEqual([...Array(30).keys()].map((i) => `sync-${i}`));
    // The synchronous path was really taken (not the batches).
    expect(commits.immediate - immediateBefore).toBeGreaterThan(0);

    const seenAtBen: string[] = [];
    ben.doc.getArray<string>('sync').observe((e) => {
      for (const d of e.changes.delta) for (const v of (d.insert as string[] | undefined) ?? []) seenAtBen.push(v);
    });
    failNext = true;
    ana.doc.getArray<string>('sync').push(['lost-then-resent']);
    await waitFor(() => ana.codes.includes(1011), 10_000, 'the writer closed after the failed write');
    await waitFor(() => seenAtBen.includes('lost-then-resent'), 10_000, 'the resent update at Ben');
    expect(failures).toBe(1);
    expect(early).toEqual([]);
    expect(ben.doc.getArray('sync').length).toBe(31);
  });

  it('a batch that fails to store is sent to nobody, and its writer resends it after reconnecting', async () => {
    const board = docName(s.sessionId, 'board', JOINT);
    let failures = 0;
    wrapAppendUpdates((appendUpdates) => async (batch) => {
      if (failures === 0 && batch.some((u) => u.doc === board)) {
        failures++;
        throw new Error('disk full (test)');
      }
      return appendUpdates(batch);
    });
    const ana = open(board, tok(0));
    const ben = open(board, tok(1));
    await Promise.all([synced(ana), synced(ben)]);
    const seenAtBen: string[] = [];
    ben.doc.getArray<string>('log').observe((e) => {
      for (const d of e.changes.delta) for (const v of (d.insert as string[] | undefined) ?? []) seenAtBen.push(v);
    });
    const before = ben.doc.getArray('log').length;
    ana.doc.getArray<string>('log').push(['lost-then-resent']);
    // The failed batch closes Ana (1011); her provider reconnects, resyncs, and the update lands.
    await waitFor(() => ana.codes.includes(1011), 10_000, 'the writer closed after the failed commit');
    await waitFor(() => seenAtBen.includes('lost-then-resent'), 10_000, 'the resent update at Ben');
    expect(failures).toBe(1);
    expect(ben.doc.getArray('log').length).toBe(before + 1);
    // Stored this time: a fresh reader loads it.
    const carl = open(board, tok(2));
    await synced(carl);
    expect(carl.doc.getArray('log').toArray()).toContain('lost-then-resent');
  });
});
