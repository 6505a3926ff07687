/** GenerationStore on PostgreSQL: caucus generations with their audience. */
import type { GenerationStore } from '../types.js';
import { num, str, type PgDatabase } from './database.js';

export function pgGenerationStore(db: PgDatabase): GenerationStore {
  return {
    async list(sessionId, space) {
      return (await db.query('SELECT gen, audience, used FROM caucus_generations WHERE session_id = $1 AND space = $2 ORDER BY gen', [sessionId, space])).rows.map((r) => ({
        sessionId, space, number: num(r.gen), audience: JSON.parse(str(r.audience)) as string[], used: r.used === true,
      }));
    },
    async add(g, at) {
      // A duplicate number violates the primary key: the insert throws, as the interface says.
      await db.sessionWrite(g.sessionId, (c) => c.query('INSERT INTO caucus_generations (session_id, space, gen, audience, used, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
        [g.sessionId, g.space, g.number, JSON.stringify(g.audience), g.used, at]));
    },
    async save(g) {
      await db.sessionWrite(g.sessionId, (c) => c.query('UPDATE caucus_generations SET audience = $1, used = $2 WHERE session_id = $3 AND space = $4 AND gen = $5',
        [JSON.stringify(g.audience), g.used, g.sessionId, g.space, g.number]));
    },
  };
}
