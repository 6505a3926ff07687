/**
 * Durable storage of Yjs documents in the app's SQLite database: an append-only log of updates
 * plus one compacted snapshot per document. Every update is appended (synchronously, committed)
 * before anyone is sent it, so a crash loses nothing a client has seen.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import * as Y from 'yjs';

export class DocPersistence {
  private readonly insertUpdate: StatementSync;
  private readonly selectUpdates: StatementSync;
  private readonly selectSnapshot: StatementSync;
  private readonly upsertSnapshot: StatementSync;
  private readonly deleteUpTo: StatementSync;
  private readonly countUpdates: StatementSync;
  private readonly deleteOne: StatementSync;

  constructor(private readonly db: DatabaseSync) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS yjs_updates (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        doc TEXT NOT NULL,
        data BLOB NOT NULL
      );
      CREATE INDEX IF NOT EXISTS yjs_updates_doc ON yjs_updates(doc, seq);
      CREATE TABLE IF NOT EXISTS yjs_snapshots (
        doc TEXT PRIMARY KEY,
        data BLOB NOT NULL,
        upto INTEGER NOT NULL
      );
    `);
    this.insertUpdate = db.prepare('INSERT INTO yjs_updates (doc, data) VALUES (?, ?)');
    this.selectUpdates = db.prepare('SELECT seq, data FROM yjs_updates WHERE doc = ? ORDER BY seq');
    this.selectSnapshot = db.prepare('SELECT data FROM yjs_snapshots WHERE doc = ?');
    this.upsertSnapshot = db.prepare('INSERT INTO yjs_snapshots (doc, data, upto) VALUES (?, ?, ?) ON CONFLICT(doc) DO UPDATE SET data = excluded.data, upto = excluded.upto');
    this.deleteUpTo = db.prepare('DELETE FROM yjs_updates WHERE doc = ? AND seq <= ?');
    this.countUpdates = db.prepare('SELECT COUNT(*) AS n FROM yjs_updates WHERE doc = ?');
    this.deleteOne = db.prepare('DELETE FROM yjs_updates WHERE seq = ?');
  }

  /** Appends one update; returns its sequence number. */
  append(doc: string, update: Uint8Array): number {
    const r = this.insertUpdate.run(doc, update);
    return Number(r.lastInsertRowid);
  }

  /** Withdraws an appended update that could not be applied (it was never sent to anyone). */
  discard(seq: number): void {
    this.deleteOne.run(seq);
  }

  /** Builds the stored state into `ydoc` (snapshot first, then the log in order). Returns the last
   * seq. An unreadable row is skipped (and reported) rather than making the document unloadable. */
  loadInto(doc: string, ydoc: Y.Doc, origin: unknown, onBadRow: (seq: number, err: unknown) => void = () => {}): number {
    const snap = this.selectSnapshot.get(doc) as { data: Uint8Array } | undefined;
    let last = 0;
    Y.transact(ydoc, () => {
      if (snap) Y.applyUpdate(ydoc, snap.data, origin);
      for (const row of this.selectUpdates.iterate(doc) as Iterable<{ seq: number; data: Uint8Array }>) {
        last = Number(row.seq);
        try {
          Y.applyUpdate(ydoc, row.data, origin);
        } catch (err) {
          onBadRow(last, err);
        }
      }
    }, origin);
    return last;
  }

  /** Replaces the log up to `upto` with one snapshot of `ydoc`, atomically. */
  compact(doc: string, ydoc: Y.Doc, upto: number): void {
    const state = Y.encodeStateAsUpdate(ydoc);
    this.db.exec('BEGIN IMMEDIATE');
    try {
      this.upsertSnapshot.run(doc, state, upto);
      this.deleteUpTo.run(doc, upto);
      this.db.exec('COMMIT');
    } catch (err) {
      this.db.exec('ROLLBACK');
      throw err;
    }
  }

  pendingUpdates(doc: string): number {
    return Number((this.countUpdates.get(doc) as { n: number }).n);
  }
}
