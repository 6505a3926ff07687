/**
 * FencingStore on PostgreSQL: `session_fence (session_id, epoch)`, the highest epoch anyone has
 * claimed per session. The check on the write side is `checkFence` (database.ts).
 */
import type { FencingStore } from '../types.js';
import type { PgDatabase } from './database.js';

export function pgFencingStore(db: PgDatabase): FencingStore {
  return {
    async claim(sessionId, epoch) {
      if (!Number.isSafeInteger(epoch) || epoch < 1) throw new RangeError(`epoch must be a positive integer, got ${epoch}`);
      // The upsert takes the row's lock, so it waits for session writes holding it FOR SHARE: once
      // it commits, no write checked against an older epoch can still commit.
      const r = await db.query(
        `INSERT INTO session_fence (session_id, epoch) VALUES ($1, $2)
         ON CONFLICT (session_id) DO UPDATE SET epoch = excluded.epoch WHERE session_fence.epoch <= excluded.epoch
         RETURNING epoch`,
        [sessionId, epoch],
      );
      return r.rows.length === 1;
    },
    async epoch(sessionId) {
      const r = await db.query<{ epoch: number }>('SELECT epoch FROM session_fence WHERE session_id = $1', [sessionId]);
      return Number(r.rows[0]?.epoch ?? 0);
    },
  };
}
