/** GenerationStore on SQLite: caucus generations with their audience. */
import type { DatabaseSync } from 'node:sqlite';
import type { GenerationStore } from '../types.js';

export function sqliteGenerationStore(db: DatabaseSync): GenerationStore {
  const select = db.prepare('SELECT gen, audience, used FROM caucus_generations WHERE session_id = ? AND space = ? ORDER BY gen');
  const insert = db.prepare('INSERT INTO caucus_generations (session_id, space, gen, audience, used, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  const update = db.prepare('UPDATE caucus_generations SET audience = ?, used = ? WHERE session_id = ? AND space = ? AND gen = ?');
  return {
    async list(sessionId, space) {
      return (select.all(sessionId, space) as Array<{ gen: number; audience: string; used: number }>).map((r) => ({
        sessionId, space, number: Number(r.gen), audience: JSON.parse(r.audience) as string[], used: Number(r.used) === 1,
      }));
    },
    async add(g, at) {
      insert.run(g.sessionId, g.space, g.number, JSON.stringify(g.audience), g.used ? 1 : 0, at);
    },
    async save(g) {
      update.run(JSON.stringify(g.audience), g.used ? 1 : 0, g.sessionId, g.space, g.number);
    },
  };
}
