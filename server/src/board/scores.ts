/**
 * Private scores, one row per (session, board space, option, side). Never in the shared
 * document. Reads are always filtered by one side, or aggregated to the overlap; there is no
 * query here that returns another side's individual scores.
 *
 * Each row has a version that goes up on every write, clears included (a cleared score keeps its
 * row with an empty value), so a write can say which version it was based on and a stale one is
 * refused instead of silently overwriting what another member of the side just chose.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { scoreValueSchema, type ScoreValue } from '@mediation/shared';

/** The stored value of a cleared score (the row stays so its version keeps counting). */
const CLEARED = '';

export interface ScoreEntry {
  value: ScoreValue | null;
  version: number;
  /** Participant id of whoever wrote it last ('' if never scored). */
  by: string;
  at: number;
}

export type ScoreWrite = { ok: true; entry: ScoreEntry } | { ok: false; current: ScoreEntry };

export class ScoreStore {
  private readonly upsert: StatementSync;
  private readonly one: StatementSync;
  private readonly bySide: StatementSync;
  private readonly accepted: StatementSync;

  constructor(db: DatabaseSync) {
    db.exec(`CREATE TABLE IF NOT EXISTS board_scores (
      session_id TEXT NOT NULL, space TEXT NOT NULL, option_id TEXT NOT NULL, side TEXT NOT NULL,
      value TEXT NOT NULL, scored_by TEXT NOT NULL, updated_at INTEGER NOT NULL,
      PRIMARY KEY (session_id, space, option_id, side)
    )`);
    // Databases from before versioned scores: add the column (existing rows start at version 1).
    const columns = db.prepare('PRAGMA table_info(board_scores)').all() as Array<{ name: string }>;
    if (!columns.some((c) => c.name === 'version')) db.exec('ALTER TABLE board_scores ADD COLUMN version INTEGER NOT NULL DEFAULT 1');
    this.upsert = db.prepare(`INSERT INTO board_scores (session_id, space, option_id, side, value, scored_by, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, 1)
      ON CONFLICT(session_id, space, option_id, side) DO UPDATE SET value = excluded.value, scored_by = excluded.scored_by, updated_at = excluded.updated_at, version = version + 1`);
    this.one = db.prepare('SELECT value, version, scored_by, updated_at FROM board_scores WHERE session_id = ? AND space = ? AND option_id = ? AND side = ?');
    this.bySide = db.prepare('SELECT option_id, value, version FROM board_scores WHERE session_id = ? AND space = ? AND side = ?');
    this.accepted = db.prepare(`SELECT option_id, side FROM board_scores WHERE session_id = ? AND space = ? AND value = 'acceptable'`);
  }

  get(sessionId: string, space: string, optionId: string, side: string): ScoreEntry {
    const r = this.one.get(sessionId, space, optionId, side) as { value: string; version: number; scored_by: string; updated_at: number } | undefined;
    if (!r) return { value: null, version: 0, by: '', at: 0 };
    const v = scoreValueSchema.safeParse(r.value);
    return { value: v.success ? v.data : null, version: Number(r.version), by: r.scored_by, at: Number(r.updated_at) };
  }

  /**
   * Writes a side's score if `baseVersion` is the version now stored (0: never scored). The check
   * and the write are one synchronous step, so two writers on the same version cannot both win.
   */
  set(sessionId: string, space: string, optionId: string, side: string, value: ScoreValue | null, by: string, baseVersion: number): ScoreWrite {
    const current = this.get(sessionId, space, optionId, side);
    if (current.version !== baseVersion) return { ok: false, current };
    this.upsert.run(sessionId, space, optionId, side, value ?? CLEARED, by, Date.now());
    return { ok: true, entry: this.get(sessionId, space, optionId, side) };
  }

  /** The side's own scores (cleared ones left out) and every option's version (cleared included). */
  ownSide(sessionId: string, space: string, side: string): { scores: Record<string, ScoreValue>; versions: Record<string, number> } {
    const scores: Record<string, ScoreValue> = {};
    const versions: Record<string, number> = {};
    for (const r of this.bySide.all(sessionId, space, side) as Array<{ option_id: string; value: string; version: number }>) {
      versions[r.option_id] = Number(r.version);
      const v = scoreValueSchema.safeParse(r.value);
      if (v.success) scores[r.option_id] = v.data;
    }
    return { scores, versions };
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
