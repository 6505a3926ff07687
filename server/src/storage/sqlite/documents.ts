/** DocumentStore on SQLite: the Yjs update log (`yjs_updates`) and one snapshot per document.
 *
 * With a journal file (a server alone on its data directory has one; see updateJournal.ts), an
 * appended update is durable once it is in the journal (one system call on the edit's path) and
 * moves into `yjs_updates` shortly after, in one transaction with whatever else came meanwhile.
 * Every other operation (load, compact, discard, count) first moves the journal into the table,
 * so it sees exactly what an immediate insert would have given. Sequence numbers are assigned
 * here, continuing the table's AUTOINCREMENT counter, so they never repeat across restarts. */
import type { DatabaseSync } from 'node:sqlite';
import type { DocumentStore, StoredUpdate } from '../types.js';
import { inTransaction } from './database.js';
import { journalName, UpdateJournal, type JournalRecord } from './updateJournal.js';

/** How long journalled updates wait before being moved into the table: long enough that the
 * move (an SQLite transaction, sometimes a WAL checkpoint) is paid once for many edits and rarely
 * lands while an edit is being delivered, short enough that the journal stays small (a crash
 * replays at most this much). Reads never wait for it: they move the journal first. */
export const JOURNAL_FLUSH_MS = 100;

/** Document names kept encoded for the journal (`journalName`): those edited since the journal
 * was last moved into the table (the move empties the cache, so documents at rest hold nothing
 * here), and at most this many. */
const NAME_CACHE_SIZE = 1024;

export interface SqliteDocumentStore extends DocumentStore {
  /** Moves journalled updates into the table now. */
  flush(): void;
  /** Flushes and closes the journal (before the database closes). */
  close(): void;
}

export function sqliteDocumentStore(db: DatabaseSync, journalFile?: string): SqliteDocumentStore {
  const stmt = {
    insert: db.prepare('INSERT INTO yjs_updates (doc, data) VALUES (?, ?)'),
    insertAt: db.prepare('INSERT OR IGNORE INTO yjs_updates (seq, doc, data) VALUES (?, ?, ?)'),
    lastSeq: db.prepare("SELECT MAX(n) AS n FROM (SELECT seq AS n FROM sqlite_sequence WHERE name = 'yjs_updates' UNION ALL SELECT MAX(seq) FROM yjs_updates)"),
    updates: db.prepare('SELECT seq, data FROM yjs_updates WHERE doc = ? ORDER BY seq'),
    snapshot: db.prepare('SELECT data FROM yjs_snapshots WHERE doc = ?'),
    upsertSnapshot: db.prepare('INSERT INTO yjs_snapshots (doc, data, upto) VALUES (?, ?, ?) ON CONFLICT(doc) DO UPDATE SET data = excluded.data, upto = excluded.upto'),
    deleteUpTo: db.prepare('DELETE FROM yjs_updates WHERE doc = ? AND seq <= ?'),
    count: db.prepare('SELECT COUNT(*) AS n FROM yjs_updates WHERE doc = ?'),
    deleteOne: db.prepare('DELETE FROM yjs_updates WHERE doc = ? AND seq = ?'),
  };
  const lastStoredSeq = () => Number((stmt.lastSeq.get() as { n: number | null }).n ?? 0);

  let journal: UpdateJournal | null = null;
  /** Journalled, not yet in the table, in seq order. */
  let pending: JournalRecord[] = [];
  let nextSeq = 0;
  /** Moves the journal into the table every JOURNAL_FLUSH_MS while updates keep coming, and stops
   * at the first tick with nothing to move. One timer for a whole spell of editing, not one armed
   * per update: arming a timer is not free on the edit's path. */
  let ticker: NodeJS.Timeout | null = null;
  const names = new Map<string, Buffer>();
  const nameOf = (doc: string): Buffer => {
    let name = names.get(doc);
    if (!name) {
      if (names.size >= NAME_CACHE_SIZE) names.clear();
      names.set(doc, (name = journalName(doc)));
    }
    return name;
  };

  /** Inserts `records` at their own seq in one transaction. A record already there (a crash
   * between the insert and emptying the journal) is left as it is. */
  const insertAll = (records: ReadonlyArray<JournalRecord>) =>
    inTransaction(db, () => {
      for (const r of records) stmt.insertAt.run(r.seq, r.doc, r.update);
    });

  const flush = () => {
    if (!journal || pending.length === 0) return;
    // If this throws (the database is busy or full), the updates stay journalled and pending,
    // durable, and the next flush retries.
    insertAll(pending);
    pending = [];
    journal.reset();
    names.clear();
  };

  if (journalFile) {
    const opened = UpdateJournal.open(journalFile);
    journal = opened.journal;
    // What a crash left: every record after the last seq the table has seen (those before were
    // moved in already; the journal is emptied right after each move).
    const stored = lastStoredSeq();
    const missing = opened.recovered.filter((r) => r.seq > stored);
    if (missing.length > 0) insertAll(missing);
    journal.reset();
    nextSeq = lastStoredSeq() + 1;
  }

  const tick = () => {
    if (pending.length === 0) {
      if (ticker) clearInterval(ticker);
      ticker = null;
      return;
    }
    try {
      flush();
    } catch {
      // Kept journalled; retried by the next tick, append or read.
    }
  };
  const flushSoon = () => {
    if (ticker) return;
    ticker = setInterval(tick, JOURNAL_FLUSH_MS);
    ticker.unref();
  };

  const appendAll = (updates: ReadonlyArray<{ doc: string; update: Uint8Array }>): number[] => {
    if (!journal) {
      // No journal (an in-memory database in unit tests): one transaction for the batch.
      return inTransaction(db, () => updates.map(({ doc, update }) => Number(stmt.insert.run(doc, update).lastInsertRowid)));
    }
    if (updates.length === 1) return [appendOne(journal, updates[0]!.doc, updates[0]!.update)];
    const records = updates.map(({ doc, update }, i) => ({ seq: nextSeq + i, doc, update }));
    journal.append(records);
    nextSeq += records.length;
    for (const r of records) pending.push(r);
    flushSoon();
    return records.map((r) => r.seq);
  };

  /** One update (a client's edit, the common case): one write of one record, nothing else. */
  const appendOne = (j: UpdateJournal, doc: string, update: Uint8Array): number => {
    const seq = nextSeq;
    j.appendOne(seq, nameOf(doc), update);
    nextSeq++;
    pending.push({ seq, doc, update });
    flushSoon();
    return seq;
  };

  return {
    flush,
    close() {
      if (ticker) clearInterval(ticker);
      ticker = null;
      try {
        flush();
      } finally {
        journal?.close();
        journal = null;
      }
    },
    async append(doc, update) {
      return appendAll([{ doc, update }])[0]!;
    },
    async appendUpdates(updates) {
      if (updates.length === 0) return [];
      // One journal write (or one transaction) for the batch, however many updates it holds.
      return appendAll(updates);
    },
    appendNow(updates) {
      return updates.length === 0 ? [] : appendAll(updates);
    },
    async discard(doc, seq) {
      flush();
      stmt.deleteOne.run(doc, seq);
    },
    async load(doc) {
      flush();
      // One read transaction, so a compaction committing in between cannot hand us the new
      // snapshot with the old log (or the old snapshot without the folded rows).
      db.exec('BEGIN');
      try {
        const snap = stmt.snapshot.get(doc) as { data: Uint8Array } | undefined;
        const updates: StoredUpdate[] = (stmt.updates.all(doc) as Array<{ seq: number; data: Uint8Array }>).map((r) => ({ seq: Number(r.seq), data: r.data }));
        return { snapshot: snap ? snap.data : null, updates };
      } finally {
        db.exec('COMMIT');
      }
    },
    async compact(doc, snapshot, upto) {
      flush();
      inTransaction(db, () => {
        stmt.upsertSnapshot.run(doc, snapshot, upto);
        stmt.deleteUpTo.run(doc, upto);
      });
    },
    async pendingUpdates(doc) {
      flush();
      return Number((stmt.count.get(doc) as { n: number }).n);
    },
  };
}
