/**
 * Group commit for the Yjs update log: every update that arrives while the event loop is busy
 * (one turn of it, plus however long the previous commit takes) is appended in ONE store
 * transaction, across documents, instead of one transaction per update.
 *
 * Why it keeps "stored before broadcast": `append` resolves only once the batch holding the
 * update has committed; callers apply and broadcast after that (shared-doc.ts). A failed commit
 * rejects every update in its batch, so none of them is applied or sent (their senders are closed
 * and their providers resend after reconnecting).
 *
 * Why it keeps each document's order: updates are appended in the order `append` was called, so
 * sequence numbers follow arrival order, and each document's write queue applies them in order.
 *
 * No artificial wait by default, and adaptive: after a quiet spell (no commit for IDLE_MS) an update
 * is committed as soon as the code that received it returns (a microtask: what arrived in the same
 * socket read shares the transaction), so a lone edit pays no extra hop. While commits follow each
 * other closely (load), the batch is gathered until the end of the event-loop turn (setImmediate:
 * every socket read in that turn, across documents), and whatever arrives while a commit is in
 * flight goes into the next one.
 * `windowMs` > 0 (YJS_GROUP_COMMIT_MS) waits that long before committing, trading latency for
 * fewer, larger transactions (useful with a network database).
 */
import type { DocumentStore, PendingUpdate } from '../storage/types.js';

interface Waiting extends PendingUpdate {
  resolve: (seq: number) => void;
  reject: (err: unknown) => void;
}

/** Quiet for this long (ms), the next update is committed without waiting for the turn's end. */
const IDLE_MS = 5;

export interface GroupCommitStats {
  /** Transactions committed (or attempted). */
  batches: number;
  /** Updates in them. */
  updates: number;
  /** Largest batch so far. */
  largest: number;
}

export class GroupCommit {
  private waiting: Waiting[] = [];
  private scheduled = false;
  private inFlight: Promise<void> | null = null;
  private lastCommitAt = -Infinity;
  readonly stats: GroupCommitStats = { batches: 0, updates: 0, largest: 0 };
  /** Of `stats.batches`, those stored synchronously by `appendNow` (one update, nothing waiting). */
  immediate = 0;

  constructor(private readonly store: DocumentStore, private readonly windowMs = 0) {}

  /** Resolves with the update's sequence number once it is durably stored. */
  append(doc: string, update: Uint8Array): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.waiting.push({ doc, update, resolve, reject });
      this.schedule();
    });
  }

  /**
   * Stores the update now, synchronously, and returns its sequence number, when the store can
   * (`DocumentStore.appendNow`: SQLite's journal, one write) and no batch is gathering or in
   * flight (an update stored now must not overtake those); null otherwise, and the caller uses
   * `append`. Throws if the store fails, having stored nothing.
   */
  appendNow(doc: string, update: Uint8Array): number | null {
    if (!this.store.appendNow || this.windowMs > 0 || this.scheduled || this.inFlight || this.waiting.length > 0) return null;
    const seq = this.store.appendNow([{ doc, update }])[0];
    if (seq === undefined) throw new Error('store returned no sequence number');
    this.stats.batches++;
    this.stats.updates++;
    this.stats.largest = Math.max(this.stats.largest, 1);
    this.immediate++;
    return seq;
  }

  /** Resolves once everything appended so far has been committed (or failed). */
  async drain(): Promise<void> {
    while (this.inFlight || this.waiting.length > 0 || this.scheduled) {
      if (this.inFlight) await this.inFlight;
      else await new Promise((r) => setImmediate(r));
    }
  }

  private schedule(): void {
    // A commit in flight schedules the next batch itself when it ends.
    if (this.scheduled || this.inFlight) return;
    this.scheduled = true;
    const go = () => {
      this.scheduled = false;
      this.commit();
    };
    if (this.windowMs > 0) setTimeout(go, this.windowMs);
    else if (performance.now() - this.lastCommitAt > IDLE_MS) queueMicrotask(go);
    else setImmediate(go);
  }

  private commit(): void {
    const batch = this.waiting;
    if (batch.length === 0) return;
    this.waiting = [];
    this.lastCommitAt = performance.now();
    this.stats.batches++;
    this.stats.updates += batch.length;
    this.stats.largest = Math.max(this.stats.largest, batch.length);
    let written: Promise<number[]>;
    try {
      written = this.store.appendUpdates(batch.map(({ doc, update }) => ({ doc, update })));
    } catch (err) {
      written = Promise.reject(err);
    }
    this.inFlight = written.then(
      (seqs) => {
        if (seqs.length !== batch.length) throw new Error(`store returned ${seqs.length} sequence numbers for ${batch.length} updates`);
        batch.forEach((w, i) => w.resolve(seqs[i]!));
      },
    ).catch((err: unknown) => {
      for (const w of batch) w.reject(err);
    }).finally(() => {
      this.inFlight = null;
      if (this.waiting.length > 0) this.schedule();
    });
  }
}
