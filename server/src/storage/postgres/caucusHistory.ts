/** CaucusHistoryStore on PostgreSQL: each person's first visit to each caucus. */
import type { Role } from '@mediation/shared';
import type { CaucusHistoryStore } from '../types.js';
import { num, str, strOrNull, type PgDatabase } from './database.js';

export function pgCaucusHistoryStore(db: PgDatabase): CaucusHistoryStore {
  return {
    async recordVisit(sessionId, space, v) {
      await db.sessionWrite(sessionId, (c) => c.query('INSERT INTO caucus_visits (session_id, space, participant_id, role, side, first_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING',
        [sessionId, space, v.participantId, v.role, v.side, v.at]));
    },
    async visitors(sessionId, space) {
      return (await db.query('SELECT participant_id, role, side, first_at FROM caucus_visits WHERE session_id = $1 AND space = $2 ORDER BY first_at, ord', [sessionId, space])).rows.map((r) => ({
        participantId: str(r.participant_id), role: str(r.role) as Role, side: strOrNull(r.side), firstAt: num(r.first_at),
      }));
    },
  };
}
