/** ScoreStore on PostgreSQL: one row per (session, board space, option, side), versioned. */
import { scoreValueSchema, type ScoreValue } from '@mediation/shared';
import type { ScoreEntry } from '../../board/scores.js';
import type { ScoreKey, ScoreStore } from '../types.js';
import { num, str, type Executor, type PgDatabase } from './database.js';

/** The stored value of a cleared score (the row stays so its version keeps counting). */
const CLEARED = '';

export function pgScoreStore(db: PgDatabase): ScoreStore {
  const get = async (c: Executor, k: ScoreKey, lock = false): Promise<ScoreEntry> => {
    const r = (await c.query(`SELECT value, version, scored_by, updated_at FROM board_scores WHERE session_id = $1 AND space = $2 AND option_id = $3 AND side = $4${lock ? ' FOR UPDATE' : ''}`,
      [k.sessionId, k.space, k.optionId, k.side])).rows[0];
    if (!r) return { value: null, version: 0, by: '', at: 0 };
    const v = scoreValueSchema.safeParse(r.value);
    return { value: v.success ? v.data : null, version: num(r.version), by: str(r.scored_by), at: num(r.updated_at) };
  };
  return {
    async get(k) {
      return get(db, k);
    },
    async set(k, value, by, baseVersion) {
      return db.sessionWrite(k.sessionId, async (c) => {
        // Compare-and-write on the version: the row lock (or, for a first score, the primary key)
        // makes two writers on one version see each other.
        const current = await get(c, k, true);
        if (current.version !== baseVersion) return { ok: false as const, current };
        const r = await c.query(`INSERT INTO board_scores (session_id, space, option_id, side, value, scored_by, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, 1)
          ON CONFLICT (session_id, space, option_id, side) DO UPDATE SET value = excluded.value, scored_by = excluded.scored_by, updated_at = excluded.updated_at, version = board_scores.version + 1
          WHERE board_scores.version = $8
          RETURNING version`, [k.sessionId, k.space, k.optionId, k.side, value ?? CLEARED, by, Date.now(), baseVersion]);
        if (r.rows.length === 0) return { ok: false as const, current: await get(c, k) };
        return { ok: true as const, entry: await get(c, k) };
      }, true);
    },
    async ownSide(sessionId, space, side) {
      const scores: Record<string, ScoreValue> = {};
      const versions: Record<string, number> = {};
      for (const r of (await db.query('SELECT option_id, value, version FROM board_scores WHERE session_id = $1 AND space = $2 AND side = $3', [sessionId, space, side])).rows) {
        versions[str(r.option_id)] = num(r.version);
        const v = scoreValueSchema.safeParse(r.value);
        if (v.success) scores[str(r.option_id)] = v.data;
      }
      return { scores, versions };
    },
    async acceptableToAll(sessionId, space, sides) {
      if (sides.length === 0) return [];
      const acceptedBy = new Map<string, Set<string>>();
      for (const r of (await db.query(`SELECT option_id, side FROM board_scores WHERE session_id = $1 AND space = $2 AND value = 'acceptable'`, [sessionId, space])).rows) {
        let set = acceptedBy.get(str(r.option_id));
        if (!set) acceptedBy.set(str(r.option_id), (set = new Set()));
        set.add(str(r.side));
      }
      return [...acceptedBy].filter(([, by]) => sides.every((s) => by.has(s))).map(([id]) => id);
    },
  };
}
