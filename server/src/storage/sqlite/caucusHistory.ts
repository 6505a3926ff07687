/** CaucusHistoryStore on SQLite: each person's first visit to each caucus. */
import type { DatabaseSync } from 'node:sqlite';
import type { Role } from '@mediation/shared';
import type { CaucusHistoryStore } from '../types.js';

export function sqliteCaucusHistoryStore(db: DatabaseSync): CaucusHistoryStore {
  const insert = db.prepare('INSERT OR IGNORE INTO caucus_visits (session_id, space, participant_id, role, side, first_at) VALUES (?, ?, ?, ?, ?, ?)');
  const select = db.prepare('SELECT participant_id, role, side, first_at FROM caucus_visits WHERE session_id = ? AND space = ? ORDER BY first_at, rowid');
  return {
    async recordVisit(sessionId, space, v) {
      insert.run(sessionId, space, v.participantId, v.role, v.side, v.at);
    },
    async visitors(sessionId, space) {
      return (select.all(sessionId, space) as Array<{ participant_id: string; role: Role; side: string | null; first_at: number }>).map((r) => ({
        participantId: r.participant_id, role: r.role, side: r.side, firstAt: Number(r.first_at),
      }));
    },
  };
}
