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
  /**
   * The hot path (every Yjs update): ONE statement, so one round trip and one implicit
   * transaction, fence check included (fence_check() in its FROM, when this node is fenced; it
   * raises before any row is written). All rows or none. Sequence numbers are taken in the order
   * given: nextval in a target list is evaluated after ORDER BY, so sorting the returned numbers
   * gives each update its own.
   */
  const appendAll = async (updates: ReadonlyArray<{ doc: string; update: Uint8Array }>): Promise<number[]> => {
    if (updates.length === 0) return [];
    const docs = updates.map((u) => u.doc);
    const data = updates.map((u) => Buffer.from(u.update));
    const fence = db.fenceArgs(docs.map(sessionOfDoc));
    const r = await db.query<{ seq: number }>(
      `INSERT INTO yjs_updates (seq, doc, data)
       SELECT nextval(pg_get_serial_sequence('yjs_updates', 'seq')), u.doc, u.data
       FROM ${fence ? '(SELECT fence_check($3::text[], $4::bigint[])) AS f, ' : ''}unnest($1::text[], $2::bytea[]) WITH ORDINALITY AS u(doc, data, n)
       ORDER BY u.n
       RETURNING seq`,
      fence ? [docs, data, fence.ids, fence.owns] : [docs, data],
    );
    return r.rows.map((x) => num(x.seq)).sort((a, b) => a - b);
  };
  return {
    async append(doc, update) {
      return (await appendAll([{ doc, update }]))[0]!;
    },
    async appendUpdates(updates) {
      return appendAll(updates);
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
