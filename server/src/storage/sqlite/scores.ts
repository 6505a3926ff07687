/** ScoreStore on SQLite: one row per (session, board space, option, side), versioned. */
import type { DatabaseSync } from 'node:sqlite';
import { scoreValueSchema, type ScoreValue } from '@mediation/shared';
import type { ScoreEntry } from '../../board/scores.js';
import type { ScoreKey, ScoreStore } from '../types.js';
import { inTransaction } from './database.js';

/** The stored value of a cleared score (the row stays so its version keeps counting). */
const CLEARED = '';

export function sqliteScoreStore(db: DatabaseSync): ScoreStore {
  const stmt = {
    upsert: db.prepare(`INSERT INTO board_scores (session_id, space, option_id, side, value, scored_by, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, 1)
      ON CONFLICT(session_id, space, option_id, side) DO UPDATE SET value = excluded.value, scored_by = excluded.scored_by, updated_at = excluded.updated_at, version = version + 1`),
    one: db.prepare('SELECT value, version, scored_by, updated_at FROM board_scores WHERE session_id = ? AND space = ? AND option_id = ? AND side = ?'),
    bySide: db.prepare('SELECT option_id, value, version FROM board_scores WHERE session_id = ? AND space = ? AND side = ?'),
    accepted: db.prepare(`SELECT option_id, side FROM board_scores WHERE session_id = ? AND space = ? AND value = 'acceptable'`),
  };
  const get = (k: ScoreKey): ScoreEntry => {
    const r = stmt.one.get(k.sessionId, k.space, k.optionId, k.side) as { value: string; version: number; scored_by: string; updated_at: number } | undefined;
    if (!r) return { value: null, version: 0, by: '', at: 0 };
    const v = scoreValueSchema.safeParse(r.value);
    return { value: v.success ? v.data : null, version: Number(r.version), by: r.scored_by, at: Number(r.updated_at) };
  };
  return {
    async get(k) {
      return get(k);
    },
    async set(k, value, by, baseVersion) {
      return inTransaction(db, () => {
        const current = get(k);
        if (current.version !== baseVersion) return { ok: false as const, current };
        stmt.upsert.run(k.sessionId, k.space, k.optionId, k.side, value ?? CLEARED, by, Date.now());
        return { ok: true as const, entry: get(k) };
      });
    },
    async ownSide(sessionId, space, side) {
      const scores: Record<string, ScoreValue> = {};
      const versions: Record<string, number> = {};
      for (const r of stmt.bySide.all(sessionId, space, side) as Array<{ option_id: string; value: string; version: number }>) {
        versions[r.option_id] = Number(r.version);
        const v = scoreValueSchema.safeParse(r.value);
        if (v.success) scores[r.option_id] = v.data;
      }
      return { scores, versions };
    },
    async acceptableToAll(sessionId, space, sides) {
      if (sides.length === 0) return [];
      const acceptedBy = new Map<string, Set<string>>();
      for (const r of stmt.accepted.all(sessionId, space) as Array<{ option_id: string; side: string }>) {
        let set = acceptedBy.get(r.option_id);
        if (!set) acceptedBy.set(r.option_id, (set = new Set()));
        set.add(r.side);
      }
      return [...acceptedBy].filter(([, by]) => sides.every((s) => by.has(s))).map(([id]) => id);
    },
  };
}
