/**
 * Yjs on top of the document store (`ctx.stores.documents`, bytes only): rebuilding a Y.Doc from
 * the stored snapshot and log, and the per-document write queue that keeps the order of writes.
 *
 * The guarantee: an update is stored before anyone is sent it, so a crash loses nothing a client
 * has seen. Storage is async, so each document has one queue: its writes (and what must follow
 * them, the broadcast) run one after another in the order they were queued. The queue belongs to
 * the registry, not to one loaded copy, so a document loaded again after an unload waits for the
 * old copy's last writes before it reads.
 */
import * as Y from 'yjs';
import type { DocumentStore } from '../storage/types.js';

/** Builds the stored state into `ydoc` (snapshot first, then the log in order). Returns the last
 * seq. An unreadable row is skipped (and reported) rather than making the document unloadable. */
export async function loadInto(store: DocumentStore, doc: string, ydoc: Y.Doc, origin: unknown, onBadRow: (seq: number, err: unknown) => void = () => {}): Promise<number> {
  const { snapshot, updates } = await store.load(doc);
  let last = 0;
  Y.transact(ydoc, () => {
    if (snapshot) Y.applyUpdate(ydoc, snapshot, origin);
    for (const row of updates) {
      last = row.seq;
      try {
        Y.applyUpdate(ydoc, row.data, origin);
      } catch (err) {
        onBadRow(last, err);
      }
    }
  }, origin);
  return last;
}

/** One ordered chain of async tasks per document name. */
export class DocWriteQueue {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `task` after every task queued before it for `doc`; a failing task does not stop the
   * ones after it (the caller of `run` sees its failure). */
  run<T>(doc: string, task: () => Promise<T> | T): Promise<T> {
    const prev = this.tails.get(doc) ?? Promise.resolve();
    const next = prev.then(task);
    const tail = next.then(() => undefined, () => undefined);
    this.tails.set(doc, tail);
    void tail.then(() => {
      if (this.tails.get(doc) === tail) this.tails.delete(doc);
    });
    return next;
  }

  /** True while a task for `doc` is queued or running (an update arriving now must wait for it). */
  busy(doc: string): boolean {
    return this.tails.has(doc);
  }

  /** Resolves once everything queued so far for `doc` has run. */
  idle(doc: string): Promise<void> {
    return this.tails.get(doc) ?? Promise.resolve();
  }

  /** Resolves once everything queued so far, for every document, has run. */
  async drain(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }
}
