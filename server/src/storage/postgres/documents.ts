/**
 * DocumentStore on PostgreSQL: the Yjs update log (`yjs_updates`, one row per update) and one
 * snapshot per document. Sequence numbers come from one BIGSERIAL, so they keep increasing across
 * nodes and restarts. Every write is a write of the document's session (fenced on a cluster node):
 * a stale owner's update is refused before anything is stored.
 *
 * One writer per document at a time is what makes compaction safe: `compact(doc, snap, upto)`
 * deletes `seq <= upto`, which is only right if no update with a lower seq can still commit after
 * the snapshot was read. The per-document write queue (collab/persistence.ts) and single ownership
 * of a session (fencing) give exactly that.
 */
import type { DocumentStore, StoredUpdate } from '../types.js';
import { bytes, num, sessionOfDoc, type PgDatabase } from './database.js';

export function pgDocumentStore(db: PgDatabase): DocumentStore {
  return {
    async append(doc, update) {
      const r = await db.sessionWrite(sessionOfDoc(doc), (c) => c.query<{ seq: number }>('INSERT INTO yjs_updates (doc, data) VALUES ($1, $2) RETURNING seq', [doc, Buffer.from(update)]));
      return num(r.rows[0]!.seq);
    },
    async appendUpdates(updates) {
      if (updates.length === 0) return [];
      // One transaction for the batch (all or nothing, one commit). The numbers are drawn first and
      // handed out in the order given, so they increase in that order whatever order the server
      // would evaluate a multi-row insert in.
      return db.sessionWrite(updates.map((u) => sessionOfDoc(u.doc)), async (c) => {
        const drawn = await c.query<{ seq: number }>("SELECT nextval(pg_get_serial_sequence('yjs_updates', 'seq')) AS seq FROM generate_series(1, $1)", [updates.length]);
        const seqs = drawn.rows.map((r) => num(r.seq)).sort((a, b) => a - b);
        await c.query('INSERT INTO yjs_updates (seq, doc, data) SELECT * FROM unnest($1::bigint[], $2::text[], $3::bytea[])',
          [seqs, updates.map((u) => u.doc), updates.map((u) => Buffer.from(u.update))]);
        return seqs;
      }, true);
    },
    async discard(doc, seq) {
      await db.sessionWrite(sessionOfDoc(doc), (c) => c.query('DELETE FROM yjs_updates WHERE doc = $1 AND seq = $2', [doc, seq]));
    },
    async load(doc) {
      // REPEATABLE READ: the snapshot and the log are read from one view of the database, so a
      // compaction committing in between cannot hand us the new snapshot with the old log (or the
      // old snapshot without the folded rows).
      return db.tx(async (c) => {
        await c.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const snap = await c.query('SELECT data FROM yjs_snapshots WHERE doc = $1', [doc]);
        const rows = await c.query('SELECT seq, data FROM yjs_updates WHERE doc = $1 ORDER BY seq', [doc]);
        const updates: StoredUpdate[] = rows.rows.map((r) => ({ seq: num(r.seq), data: bytes(r.data) }));
        return { snapshot: snap.rows[0] ? bytes(snap.rows[0].data) : null, updates };
      });
    },
    async compact(doc, snapshot, upto) {
      await db.sessionWrite(sessionOfDoc(doc), async (c) => {
        await c.query('INSERT INTO yjs_snapshots (doc, data, upto) VALUES ($1, $2, $3) ON CONFLICT (doc) DO UPDATE SET data = excluded.data, upto = excluded.upto',
          [doc, Buffer.from(snapshot), upto]);
        await c.query('DELETE FROM yjs_updates WHERE doc = $1 AND seq <= $2', [doc, upto]);
      }, true);
    },
    async pendingUpdates(doc) {
      return num((await db.query('SELECT COUNT(*) AS n FROM yjs_updates WHERE doc = $1', [doc])).rows[0]!.n);
    },
  };
}
