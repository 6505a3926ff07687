/**
 * Private scores, one per (session, board space, option, side), kept by the score store
 * (`ctx.stores.scores`, interface in storage/types.ts). Never in the shared document. Reads are
 * always filtered by one side, or aggregated to the overlap; the store has no query that returns
 * another side's individual scores.
 *
 * Each score has a version that goes up on every write, clears included (a cleared score keeps
 * counting), so a write can say which version it was based on and a stale one is refused instead
 * of silently overwriting what another member of the side just chose.
 */
import type { ScoreValue } from '@mediation/shared';

export interface ScoreEntry {
  value: ScoreValue | null;
  version: number;
  /** Participant id of whoever wrote it last ('' if never scored). */
  by: string;
  at: number;
}

export type ScoreWrite = { ok: true; entry: ScoreEntry } | { ok: false; current: ScoreEntry };
