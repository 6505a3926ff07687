/** ChatStore on PostgreSQL: the room's chat messages, each with the people who may read it later. */
import type { ChatStore } from '../types.js';
import { chatRow } from '../chatRows.js';
import { str, type PgDatabase } from './database.js';

export function pgChatStore(db: PgDatabase): ChatStore {
  return {
    async append(sessionId, { message, readers }) {
      // Fenced like every write of a session: a node that lost the session writes nothing.
      await db.insertFenced(sessionId, 'chat_messages', ['session_id', 'id', 'at', 'message', 'readers'],
        [sessionId, message.id, message.at, JSON.stringify(message), JSON.stringify(readers)], 'ON CONFLICT DO NOTHING');
    },
    async recent(sessionId, limit) {
      const rows = (await db.query('SELECT message, readers FROM (SELECT ord, message, readers FROM chat_messages WHERE session_id = $1 ORDER BY ord DESC LIMIT $2) AS newest ORDER BY ord', [sessionId, limit])).rows;
      return rows.flatMap((r) => chatRow(str(r.message), str(r.readers)));
    },
    async forget(sessionId) {
      await db.sessionWrite(sessionId, (c) => c.query('DELETE FROM chat_messages WHERE session_id = $1', [sessionId]));
    },
  };
}
