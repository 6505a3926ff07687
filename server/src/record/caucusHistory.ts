/**
 * Who was in which caucus, kept for after the session ends. While a session is live, caucus
 * material is read from where people are now; once it ended nobody is anywhere, so the record
 * rule ("your own side's caucus material", `recordAccess` in shared/policy) needs to know whose a
 * caucus was. Every entry into a caucus (a join, a move, a knock answered) is written here from
 * the `spaceChanged` hook, with the person's side at that moment.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { isCaucus, type Role, type Side, type SpaceId } from '@mediation/shared';
import type { AppContext } from '../contracts.js';
import type { Feature } from '../features.js';

export interface CaucusVisitor {
  participantId: string;
  role: Role;
  side: Side;
  firstAt: number;
}

export class CaucusHistory {
  private readonly insert: StatementSync;
  private readonly select: StatementSync;

  constructor(db: DatabaseSync) {
    db.exec(`CREATE TABLE IF NOT EXISTS caucus_visits (
      session_id TEXT NOT NULL, space TEXT NOT NULL, participant_id TEXT NOT NULL,
      role TEXT NOT NULL, side TEXT, first_at INTEGER NOT NULL,
      PRIMARY KEY (session_id, space, participant_id))`);
    this.insert = db.prepare('INSERT OR IGNORE INTO caucus_visits (session_id, space, participant_id, role, side, first_at) VALUES (?, ?, ?, ?, ?, ?)');
    this.select = db.prepare('SELECT participant_id, role, side, first_at FROM caucus_visits WHERE session_id = ? AND space = ? ORDER BY first_at');
  }

  record(sessionId: string, space: SpaceId, who: { id: string; role: Role; side: Side }, at = Date.now()): void {
    if (!isCaucus(space)) return;
    this.insert.run(sessionId, space, who.id, who.role, who.side, at);
  }

  visitors(sessionId: string, space: SpaceId): CaucusVisitor[] {
    return (this.select.all(sessionId, space) as Array<{ participant_id: string; role: Role; side: string | null; first_at: number }>).map((r) => ({
      participantId: r.participant_id, role: r.role, side: r.side, firstAt: Number(r.first_at),
    }));
  }
}

const histories = new WeakMap<AppContext, CaucusHistory>();

/** The history of this app, created on first use (tests may ask before anything moved). */
export function caucusHistoryOf(ctx: AppContext): CaucusHistory {
  let h = histories.get(ctx);
  if (!h) histories.set(ctx, (h = new CaucusHistory(ctx.storage.db)));
  return h;
}

/** Records every entry into a caucus (joins, moves, answered knocks) as it happens. */
export function caucusHistoryFeature(): Feature {
  let ctx: AppContext | null = null;
  return {
    name: 'caucusHistory',
    attach(c) {
      ctx = c;
    },
    onSpaceChanged(e) {
      if (!ctx || e.to === null || !isCaucus(e.to)) return;
      const p = ctx.storage.getParticipant(e.participantId);
      if (p) caucusHistoryOf(ctx).record(e.sessionId, e.to, { id: p.id, role: p.role, side: p.side });
    },
  };
}
