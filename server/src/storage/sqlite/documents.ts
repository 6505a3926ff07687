/** DocumentStore on SQLite: the Yjs update log (`yjs_updates`) and one snapshot per document. */
import type { DatabaseSync } from 'node:sqlite';
import type { DocumentStore, StoredUpdate } from '../types.js';
import { inTransaction } from './database.js';

export function sqliteDocumentStore(db: DatabaseSync): DocumentStore {
  const stmt = {
    insert: db.prepare('INSERT INTO yjs_updates (doc, data) VALUES (?, ?)'),
    updates: db.prepare('SELECT seq, data FROM yjs_updates WHERE doc = ? ORDER BY seq'),
    snapshot: db.prepare('SELECT data FROM yjs_snapshots WHERE doc = ?'),
    upsertSnapshot: db.prepare('INSERT INTO yjs_snapshots (doc, data, upto) VALUES (?, ?, ?) ON CONFLICT(doc) DO UPDATE SET data = excluded.data, upto = excluded.upto'),
    deleteUpTo: db.prepare('DELETE FROM yjs_updates WHERE doc = ? AND seq <= ?'),
    count: db.prepare('SELECT COUNT(*) AS n FROM yjs_updates WHERE doc = ?'),
    deleteOne: db.prepare('DELETE FROM yjs_updates WHERE doc = ? AND seq = ?'),
  };
  return {
    async append(doc, update) {
      return Number(stmt.insert.run(doc, update).lastInsertRowid);
    },
    async appendUpdates(updates) {
      if (updates.length === 0) return [];
      // One transaction for the batch: one commit (one WAL sync) however many updates it holds.
      return inTransaction(db, () => updates.map(({ doc, update }) => Number(stmt.insert.run(doc, update).lastInsertRowid)));
    },
    async discard(doc, seq) {
      stmt.deleteOne.run(doc, seq);
    },
    async load(doc) {
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
      inTransaction(db, () => {
        stmt.upsertSnapshot.run(doc, snapshot, upto);
        stmt.deleteUpTo.run(doc, upto);
      });
    },
    async pendingUpdates(doc) {
      return Number((stmt.count.get(doc) as { n: number }).n);
    },
  };
}
