/**
 * Private scores, one row per (session, board space, option, side). Never in the shared
 * document. Reads are always filtered by one side, or aggregated to the overlap; there is no
 * query here that returns another side's individual scores.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { scoreValueSchema, type ScoreValue } from '@mediation/shared';

export class ScoreStore {
  private readonly upsert: StatementSync;
  private readonly remove: StatementSync;
  private readonly bySide: StatementSync;
  private readonly accepted: StatementSync;

  constructor(db: DatabaseSync) {
    db.exec(`CREATE TABLE IF NOT EXISTS board_scores (
      session_id TEXT NOT NULL, space TEXT NOT NULL, option_id TEXT NOT NULL, side TEXT NOT NULL,
      value TEXT NOT NULL, scored_by TEXT NOT NULL, updated_at INTEGER NOT NULL,
      PRIMARY KEY (session_id, space, option_id, side)
    )`);
    this.upsert = db.prepare(`INSERT INTO board_scores (session_id, space, option_id, side, value, scored_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT(session_id, space, option_id, side) DO UPDATE SET value = excluded.value, scored_by = excluded.scored_by, updated_at = excluded.updated_at`);
    this.remove = db.prepare('DELETE FROM board_scores WHERE session_id = ? AND space = ? AND option_id = ? AND side = ?');
    this.bySide = db.prepare('SELECT option_id, value FROM board_scores WHERE session_id = ? AND space = ? AND side = ?');
    this.accepted = db.prepare(`SELECT option_id, side FROM board_scores WHERE session_id = ? AND space = ? AND value = 'acceptable'`);
  }

  set(sessionId: string, space: string, optionId: string, side: string, value: ScoreValue | null, by: string): void {
    if (value === null) this.remove.run(sessionId, space, optionId, side);
    else this.upsert.run(sessionId, space, optionId, side, value, by, Date.now());
  }

  ownSide(sessionId: string, space: string, side: string): Record<string, ScoreValue> {
    const out: Record<string, ScoreValue> = {};
    for (const r of this.bySide.all(sessionId, space, side) as Array<{ option_id: string; value: string }>) {
      const v = scoreValueSchema.safeParse(r.value);
      if (v.success) out[r.option_id] = v.data;
    }
    return out;
  }

  /** Option ids that every one of `sides` marked acceptable; nothing about anyone's other scores. */
  acceptableToAll(sessionId: string, space: string, sides: readonly string[]): string[] {
    if (sides.length === 0) return [];
    const acceptedBy = new Map<string, Set<string>>();
    for (const r of this.accepted.all(sessionId, space) as Array<{ option_id: string; side: string }>) {
      let set = acceptedBy.get(r.option_id);
      if (!set) acceptedBy.set(r.option_id, (set = new Set()));
      set.add(r.side);
    }
    return [...acceptedBy].filter(([, by]) => sides.every((s) => by.has(s))).map(([id]) => id);
  }
}
