/** CaucusHistoryStore on PostgreSQL: each person's first visit to each caucus. */
import type { Role } from '@mediation/shared';
import type { CaucusHistoryStore } from '../types.js';
import { num, str, strOrNull, type PgDatabase } from './database.js';

export function pgCaucusHistoryStore(db: PgDatabase): CaucusHistoryStore {
  return {
    async recordVisit(sessionId, space, v) {
      await db.insertFenced(sessionId, 'caucus_visits', ['session_id', 'space', 'participant_id', 'role', 'side', 'first_at'],
        [sessionId, space, v.participantId, v.role, v.side, v.at], 'ON CONFLICT DO NOTHING');
    },
    async visitors(sessionId, space) {
      return (await db.query('SELECT participant_id, role, side, first_at FROM caucus_visits WHERE session_id = $1 AND space = $2 ORDER BY first_at, ord', [sessionId, space])).rows.map((r) => ({
        participantId: str(r.participant_id), role: str(r.role) as Role, side: strOrNull(r.side), firstAt: num(r.first_at),
      }));
    },
  };
}
